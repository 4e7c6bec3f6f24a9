"""The statistics return as an xlsx workbook, through the one exporter base: a sheet per table
(a row per 科协, each summing the 科协 below it, then a row per society; figures that moved more
than the threshold highlighted), then 报表说明, 变动说明 (every flagged figure, last year's and
this year's value, the change and the 科协's explanation) and 指标说明 (what each figure counts)."""

from openpyxl.styles import Font, PatternFill

from xuehui.lib.export import TITLE_FONT, WRAP, Exporter, new_workbook, save_workbook, styled

from .selectors import Flag, Report, Row, figure_key
from .tables import Table

FLAG_FILL = PatternFill("solid", fgColor="FFE699")
TOTAL_FONT = Font(bold=True)
KIND_LABELS = {"federation": "科协（合计）", "society": "学会"}


def figure_header(table: Table) -> list[str]:
    return [f"{f.label}（{f.unit}）" for f in table.figures]


class TableExporter(Exporter):
    """One table of the return: a row per 科协 and per society, a column per figure."""

    LEAD = ("单位名称", "类别", "代码", "所属科协")

    def __init__(self, report: Report, table: Table):
        super().__init__(report.rows)
        self.report, self.table = report, table
        self.sheet_title = table.title
        self.header = (*self.LEAD, *figure_header(table))
        flagged = "；黄色为较上年变动超过" + f"{report.threshold:g}%的数据" if report.flags else ""
        self.title = f"{table.title}（{report.year}年度）{flagged}"

    def row(self, row: Row) -> list:
        lead = [row.indented_name, KIND_LABELS[row.kind], row.code, row.federation_name]
        return [*lead, *(row.values[figure_key(self.table, f.key)] for f in self.table.figures)]

    def cell_styles(self, row: Row) -> dict:
        styles: dict[int, dict] = {}
        if row.is_federation:
            styles = {i: {"font": TOTAL_FONT} for i in range(len(self.header))}
        for i, figure in enumerate(self.table.figures, start=len(self.LEAD)):
            style = styles.setdefault(i, {})
            if figure.money:
                style["number_format"] = "#,##0.00"
            if figure_key(self.table, figure.key) in row.flagged:
                style["fill"] = FLAG_FILL
        return {i: style for i, style in styles.items() if style}


class FlagExporter(Exporter):
    """变动说明: every figure that moved more than the threshold, to be explained."""

    sheet_title = "变动说明"
    header = ("单位名称", "类别", "统计表", "指标", "上年", "本年", "变动", "说明")

    def __init__(self, report: Report):
        super().__init__(report.flags)
        self.report = report
        self.title = (
            f"较上年变动超过{report.threshold:g}%的数据（{report.year}年度，"
            f"共{len(self.objects)}项；上年为0而本年不为0的也列出）"
        )

    def row(self, flag: Flag) -> list:
        return [
            flag.row.name,
            KIND_LABELS[flag.row.kind],
            flag.table.title,
            flag.label,
            flag.previous,
            flag.current,
            flag.change_text,
            self.report.note(flag),
        ]


class FigureExporter(Exporter):
    """指标说明: what each figure counts and the records it is computed from."""

    sheet_title = "指标说明"
    header = ("统计表", "指标", "单位", "计算依据")
    title = "指标说明（空白按0计；分支机构的活动计入所属学会；科协合计含下级科协）"

    def row(self, item: tuple) -> list:
        table, figure = item
        return [table.title, figure.label, figure.unit, figure.source]


def _explanation_sheet(book, report: Report) -> None:
    sheet = book.create_sheet("报表说明")
    sheet.column_dimensions["A"].width = 100
    name = report.federation.name if report.federation else ""
    sheet.append([styled(sheet, f"{name}{report.year}年度统计报表说明", font=TITLE_FONT)])
    sheet.append([styled(sheet, report.explanation or "（未填写）", alignment=WRAP)])


def write_report(report: Report, *, progress=None) -> bytes:
    """The whole return as .xlsx bytes, written a sheet at a time (write-only); `progress`
    (a job's) is told the rows written out of the rows to write."""
    figures = [(table, figure) for table in report.tables for figure in table.figures]
    sheets: list[Exporter] = [TableExporter(report, table) for table in report.tables]
    sheets += [FlagExporter(report), FigureExporter(figures)]
    total = len(report.rows) * len(report.tables) + len(report.flags) + len(figures)
    book = new_workbook()
    done = 0
    for n, exporter in enumerate(sheets):
        if n == len(report.tables):
            _explanation_sheet(book, report)
        on_rows = None if progress is None else lambda n, base=done: progress(base + n, total)
        done += exporter.fill_sheet(book.create_sheet(), progress=on_rows)
    if progress is not None:
        progress(done, total, stage="正在保存文件")  # a stage is always recorded
    return save_workbook(book)


def report_filename(report: Report) -> str:
    if report.federation is not None:
        return f"{report.federation.name}{report.year}年度综合统计报表.xlsx"
    return f"{report.society_rows[0].name}{report.year}年度统计数据.xlsx"
