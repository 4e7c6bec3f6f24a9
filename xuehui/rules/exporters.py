"""Compliance results as xlsx/csv, through the one exporter base."""

from xuehui.lib.export import Exporter
from xuehui.lib.text import plain_formula

from .spec import Requirement


class ResultExporter(Exporter):
    """Rows of (society, result): one line per requirement per society."""

    sheet_title = "合规核验"
    header = (
        "学会",
        "统一社会信用代码",
        "编号",
        "要求",
        "约束力",
        "核验方式",
        "结果",
        "实际",
        "要求值",
        "说明",
        "涉及人员",
        "条款",
        "条文摘录",
    )

    def row(self, item: tuple) -> list:
        society, result = item
        node: Requirement = result.requirement
        return [
            society.name,
            society.uscc,
            result.ref,
            "　" * node.depth + node.title,
            node.obligation_label,
            node.decision_label,
            result.status_label,
            result.actual,
            result.expected,
            result.explanation,
            "、".join(result.people),
            node.clause,
            plain_formula(node.excerpt),
        ]
