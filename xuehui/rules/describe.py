"""How a requirement is decided, in the words a reader of the document uses (for the
framework browser, the comparison across frameworks and the pre-check)."""

from xuehui.regulations.choices import RuleKind

from .choices import DecisionKind
from .facts.base import FACT_LABELS
from .spec import FrameworkSpec, Requirement

PART_LABELS = {
    "frontline": "一线科技工作者",
    "young": "中青年科技工作者",
    "party_members": "中共党员",
}
BODY_LABELS = {"council": "理事会", "standing_council": "常务理事会", "leaders": "学会负责人"}


def threshold(node: Requirement, spec: FrameworkSpec) -> str:
    """The measure an automatic requirement applies, with whether the bound itself passes."""
    d = node.leaf_decision
    p = {
        k: spec.param(v[1:]) if isinstance(v, str) and v.startswith("$") else v
        for k, v in d.params.items()
    }
    fact = FACT_LABELS.get(d.fact, d.fact)
    texts = {
        "ratio_at_least": lambda: (
            f"{BODY_LABELS.get(d.fact, d.fact)}中{PART_LABELS.get(p.get('part', ''), p.get('part'))}占比不低于{p.get('ratio')}（含本数）"
        ),
        "share_for_review": lambda: (
            f"给出{p.get('whole', '')}中{p.get('noun', '')}的比例，由专家判断“相当比例”"
        ),
        "count_at_least": lambda: f"{fact}不少于{p.get('min')}（以上、不少于：含本数）",
        "count_more_than": lambda: f"{fact}超过{p.get('value')}（超过：不含本数）",
        "count_at_most": lambda: f"{fact}不超过{p.get('max')}（含本数）",
        "value_at_least": lambda: (
            f"{p.get('label', fact)}{p.get('min')}{p.get('unit', '')}以上（含本数）"
        ),
        "value_at_most": lambda: (
            f"{p.get('label', fact)}不超过{p.get('max')}{p.get('unit', '')}（含本数）"
        ),
        "exists": lambda: f"有{p.get('label', fact)}",
        "none_listed": lambda: f"没有{p.get('label', fact)}",
        "not_overdue": lambda: "核验日期有在任届次，且未超过届满日期（届满当日起即为逾期）",
        "age_at_most_at_appointment": lambda: (
            f"{p.get('office', '')}任职之日年龄不超过{p.get('max_age')}周岁（含本数）"
        ),
        "consecutive_terms_at_most": lambda: (
            f"{'、'.join(p.get('offices') or [])}连任不超过{p.get('max_terms')}届（含本数）"
        ),
        "approval_present": lambda: "兼职的领导干部均有兼职审批文号",
        "retired_officials_unpaid": lambda: "在任的退（离）休领导干部均不领取薪酬",
        "retired_official_approval_and_terms": lambda: (
            f"退休干部兼任秘书长：有审批文号，兼职不超过{p.get('max_terms')}届"
        ),
        "secretary_general_appointed": lambda: "秘书长为理事会聘任",
        "secretary_general_full_time_appointed": lambda: (
            "秘书长专职且由理事会聘任（无秘书长时，专职常务副秘书长需人工确认）"
        ),
        "secretary_general_contract": lambda: "秘书长的聘用记录有聘用结束日期和薪酬标准",
        "representative_congress_only_above": lambda: (
            f"实行会员代表大会制度的，会员（个人+单位）超过{p.get('value')}（不含本数）"
        ),
        "council_within_share_of_congress": lambda: (
            f"理事人数不超过会员代表（会员大会制为全体会员）的{p.get('ratio')}（含本数）"
        ),
        "only_if_at_least": lambda: (
            f"设{p.get('subject', '')}的，{p.get('condition_label', '')}不少于{p.get('min')}名（含本数）"
        ),
        "size_within_share": lambda: (
            f"{p.get('label', '')}不超过{p.get('of_label', '')}的{p.get('ratio')}（含本数）"
        ),
        "growth_since_baseline": lambda: (
            f"{p.get('baseline_year')}年底会员不超过{p.get('threshold')}人的，现有会员不少于其{1 + float(p.get('growth', 0)):g}倍；"
            f"超过{p.get('threshold')}人的，多于{p.get('baseline_year')}年底"
        ),
    }
    return texts.get(d.check, lambda: d.check)()


def decision_text(node: Requirement, spec: FrameworkSpec) -> str:
    d = node.decision
    if d is None:
        return f"按下级要求汇总：{node.selection_text}"
    if d.by == DecisionKind.AUTOMATIC:
        return f"自动核验：{threshold(node, spec)}"
    if d.by == DecisionKind.DOCUMENT:
        joiner = "和" if d.require == "all" else "或"
        kinds = joiner.join(f"《{RuleKind(k).label}》" for k in d.kinds)
        since = f"（{spec.effective_on:%Y-%m-%d}以后通过）" if d.since_effective else ""
        return f"制度文件：{kinds}{since}，登记后由专家审核确认"
    if d.by == DecisionKind.EVIDENCE:
        due = f"，期限{node.due_on:%Y-%m-%d}" if node.due_on else ""
        return f"佐证材料：{d.evidence}{due}"
    shown = "、".join(FACT_LABELS.get(n, n) for n in d.show)
    return "专家判断" + (f"（参考：{shown}）" if shown else "")


def comparison_key(node: Requirement) -> tuple | None:
    """Requirements that measure the same thing share this key (fact, check, part)."""
    d = node.decision
    if d is None or d.by != DecisionKind.AUTOMATIC:
        return None
    return (d.fact, d.check, d.params.get("part", ""))


TOPIC_TITLES = {
    ("council", "ratio_at_least", "frontline"): "理事会中基层一线科技工作者的比例",
    ("standing_council", "ratio_at_least", "frontline"): "常务理事会中基层一线科技工作者的比例",
    (
        "council",
        "ratio_at_least",
        "frontline_or_unit_head",
    ): "理事会中一线科技工作者或会员单位负责人的比例",
    ("standing_council", "ratio_at_least", "frontline_or_unit_head"): (
        "常务理事会中一线科技工作者或会员单位负责人的比例"
    ),
    ("party.organisation", "exists", ""): "建立党组织",
    ("party.organisation_formal", "exists", ""): "建立党组织（党委、党总支、党支部或联合党支部）",
    ("party.branch", "exists", ""): "建立学会自己的党支部",
    ("party.secretariat_branch", "exists", ""): "建立由秘书处工作人员组成的实体党支部",
    ("staff.full_time", "count_at_least", ""): "专职工作人员人数",
    ("term", "not_overdue", ""): "按期换届",
    (
        "officers.secretary_general",
        "secretary_general_full_time_appointed",
        "",
    ): "专职、聘任的秘书长",
    ("officers.secretary_general", "secretary_general_appointed", ""): "理事会聘任秘书长制",
    ("web.any", "exists", ""): "网站或微信公众号",
    ("supervisors.size", "count_at_least", ""): "设立监事",
    ("branches.unfiled", "none_listed", ""): "分支机构备案",
    ("society.unhosted", "exists", ""): "无挂靠单位",
    ("office.exists", "exists", ""): "办公场所",
}
