"""A scheme's settings said in Chinese sentences, for its page."""

from xuehui.rules.facts.base import FACT_LABELS

from .choices import TIER_LABELS, Tier
from .scheme import Scheme, _num


def classification_sentences(scheme: Scheme) -> list[str]:
    c = scheme.classification
    if not c.is_set:
        return ["本指标体系不进行分类。"]
    found = []
    for tier, line, quota in (
        (Tier.KEY_SUPPORT, c.key_support_min, c.key_support_quota),
        (Tier.CULTIVATE, c.cultivate_min, c.cultivate_quota),
    ):
        parts = []
        if line is not None:
            parts.append(f"总分{_num(line)}分及以上")
        if quota is not None:
            parts.append(f"名额至多{quota}个")
        if parts:
            found.append(f"{TIER_LABELS[tier]}：{'，'.join(parts)}。")
    if c.restructure_below is not None:
        found.append(f"{TIER_LABELS[Tier.RESTRUCTURE]}：总分低于{_num(c.restructure_below)}分。")
    found.append(
        "名额有限时按名次依次列入；在名额边缘并列、无法全部列入的学会均不列入，排名在其后的学会也不再列入，由科协在并列学会中决定。"
    )
    return found


def veto_sentences(scheme: Scheme) -> list[str]:
    c, found = scheme.classification, []
    if c.veto_no_party:
        what = FACT_LABELS.get(c.party_fact, "党组织")
        found.append(f"未建立{what}的学会不能列为重点支持，并列为重组淘汰审查对象。")
    if c.veto_overdue_grace_days is not None:
        grace = f"超过{c.veto_overdue_grace_days}天" if c.veto_overdue_grace_days else ""
        found.append(f"届满未换届{grace}的学会不能列为重点支持。")
    if c.veto_failed_mandatory:
        found.append("必达指标未达到的学会不能列为重点支持。")
    return found or ["不设否决事项。"]


def target_sentences(scheme: Scheme) -> list[str]:
    c = scheme.classification
    if not c.targets:
        return []
    parts = "，".join(f"{TIER_LABELS[Tier(k)]}{v}个" for k, v in c.targets.items())
    return [f"{c.target_period or '目标'}：{parts}。"]


def star_sentences(scheme: Scheme) -> list[str]:
    stars = scheme.stars
    if stars is None:
        return ["本指标体系不评定星级学会。"]
    found = ["科协评定全部学会的星级。" if not stars.applicants_only else "仅评定提出申请的学会。"]
    basics = []
    if stars.need_party:
        basics.append("建立党组织")
    if stars.need_no_overdue_term:
        basics.append("按期换届")
    if basics:
        found.append(f"基本条件：{'、'.join(basics)}。")
    for level in stars.levels:
        extra = "".join(f"，{label_of(f)}不少于{_num(v)}" for f, v in level.requires)
        found.append(
            f"{'★' * level.stars}（{level.stars}星）：总分{_num(level.min_score)}分及以上{extra}。"
        )
    found.append(f"星级自确认发布之日起有效{stars.valid_years}年。")
    return found


def publicity_sentences(scheme: Scheme) -> list[str]:
    found = [
        f"考评结果公示{scheme.publicity_days}天，公示期内学会可提出异议。",
        f"科协在异议提出后{scheme.answer_days}天内答复。",
        "学会可以对其他学会的结果提出异议。"
        if scheme.peer_objections
        else "学会只能对本学会的结果提出异议。",
    ]
    if scheme.false_answers_zero_at:
        found.append(
            f"同一{scheme.false_answers_level}级指标下有{scheme.false_answers_zero_at}项被专家认定虚假的，"
            "该指标整项0分。"
        )
    return found


def label_of(fact: str) -> str:
    return FACT_LABELS.get(fact, fact)
