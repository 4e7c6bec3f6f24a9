"""Compliance results as xlsx/csv, through the one exporter base."""

from openpyxl.styles import PatternFill

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


class OverviewExporter(Exporter):
    """The compliance overview as printed: one row per society, one column per framework, each
    pass rate coloured by its band (the legend in the title row)."""

    sheet_title = "合规总览"

    def __init__(self, rows, specs, *, on, bands):
        super().__init__(rows)
        self.specs, self.bands = specs, bands
        self.header = ("学会", "所属科协", *(spec.name for spec in specs))
        legend = "；".join(band.label for band in bands)
        self.title = f"学会合规总览（核验日期{on:%Y-%m-%d}；达标率分档：{legend}）"

    def row(self, row) -> list:
        return [
            row.society.name,
            row.society.federation.name,
            *("不适用" if cell.rate is None else round(cell.rate, 4) for cell in row.cells),
        ]

    def cell_styles(self, row) -> dict:
        lead = 2  # the society and its 科协, then a column per framework
        return {
            lead + i: {"number_format": "0%", "fill": PatternFill("solid", fgColor=cell.band.fill)}
            for i, cell in enumerate(row.cells)
            if cell.band is not None
        }
