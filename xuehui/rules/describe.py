"""How a requirement is decided, in the words a reader of the document uses (for the
framework browser, the comparison across frameworks and the pre-check)."""

from xuehui.regulations.choices import RuleKind

from .checks import CHECKS
from .choices import DecisionKind, Require
from .facts.base import FACT_LABELS
from .spec import FrameworkSpec, Requirement


def threshold(node: Requirement, spec: FrameworkSpec) -> str:
    """The measure an automatic requirement applies, with whether the bound itself passes (each
    check describes itself where it is registered, rules/checks.py)."""
    d = node.leaf_decision
    params = {
        k: spec.param(v[1:]) if isinstance(v, str) and v.startswith("$") else v
        for k, v in d.params.items()
    }
    registered = CHECKS.get(d.check)
    return registered.describe(params, d.fact) if registered else "按框架规定的标准自动核验"


def decision_text(node: Requirement, spec: FrameworkSpec) -> str:
    d = node.decision
    if d is None:
        return f"按下级要求汇总：{node.selection_text}"
    if d.by == DecisionKind.AUTOMATIC:
        return f"自动核验：{threshold(node, spec)}"
    if d.by == DecisionKind.DOCUMENT:
        joiner = "和" if d.require == Require.ALL else "或"
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
