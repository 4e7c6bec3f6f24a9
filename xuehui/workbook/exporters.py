"""Writing the yearly data workbook: a society's, or a blank one to fill in.

Every sheet is written by a subclass of the one exporter base (xuehui.lib.export.Exporter):
header in row 1, records below, a drop-down list on every column with fixed choices, and a
填表说明 sheet at the end that the import reads past. What is exported imports back with no
change (the round trip is tested).
"""

from django.utils import timezone
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from xuehui.lib.export import TITLE_FONT, WRAP, Exporter, new_workbook, save_workbook, styled

from .sheets import ALL_SHEETS, BasicSheet, TermSheet

INSTRUCTIONS = (
    "学会信息填报工作簿 填表说明",
    "",
    "1. 每个工作表对应一类信息，均可选填；没有的工作表或未填写数据的工作表不会修改系统中的数据。",
    "2. 工作表名称和列名请勿修改；列的顺序可以调整，表头上方可以有标题行。",
    "3. 「基本信息」的「统一社会信用代码」用于确定学会；「内容」留空表示不修改该项。",
    "4. 日期可写作 2024-06-18、2024.06.18、2024年6月18日；是/否可写作 是、否、√、×。",
    "5. 导入时先检查整个工作簿，任何一处有误都不会写入任何数据，并逐条列出“「工作表」第N行「列名」：原因”。",
    "6. 各表按下列列匹配已有记录：届次按届次；会议按会议类型和日期；活动按活动类型、名称和开始日期；"
    "制度按制度类型和名称；分支机构按名称；专职工作人员按姓名；办公场所按地址；党组织按形式；"
    "会员统计和财务按年度。匹配到的记录按表中内容更新，匹配不到的新增；表中未列出的已有记录保留不变，不会删除。",
    "7. 「理事会成员」为当前届次（今天正在运行的届次，含本工作簿「届次」表新增的届次）的理事会成员名册，"
    "与理事会成员名册导入相同：该届的职务以表中为准，表中没有的职务将被删除。",
    "8. 「会员统计」为手工填报的年度会员数（如2016年基数）；按会员名册统计的年度不在此表导出。",
    "9. 「财务」中其他收入 = 收入合计 − 各项收入；金额单位为元。",
    "10. 会议纪要、制度文件、活动佐证材料等文件请在系统页面上传。",
)


class SheetExporter(Exporter):
    """One sheet of the workbook: its name, its header and rows already laid out."""

    def __init__(self, title: str, header: tuple[str, ...], rows):
        self.sheet_title = title
        self.header = header
        super().__init__(rows)

    def row(self, values):
        return values


def _add_choices(worksheet, columns, *, first_row: int = 2, last_row: int = 500) -> None:
    for index, column in enumerate(columns, start=1):
        if not column.choices:
            continue
        formula = '"' + ",".join(str(choice) for choice in column.choices) + '"'
        if len(formula) > 255:  # Excel's limit for a literal list
            continue
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.error = f"请从下拉列表中选择{column.name}"
        validation.showErrorMessage = False  # a typed synonym (会长, 专委会…) is still accepted
        worksheet.data_validations.append(validation)  # written when the sheet closes
        letter = get_column_letter(index)
        validation.add(f"{letter}{first_row}:{letter}{last_row}")


def _instructions(book) -> None:
    sheet = book.create_sheet("填表说明")
    sheet.column_dimensions["A"].width = 120
    sheet.append([styled(sheet, INSTRUCTIONS[0], font=TITLE_FONT)])
    for line in INSTRUCTIONS[1:]:
        sheet.append([styled(sheet, line, alignment=WRAP)])


def write_workbook(society=None, *, masked: bool = False, today=None) -> bytes:
    """The workbook of `society` (or a blank one when None), as .xlsx bytes.

    `masked` hides ID and phone numbers in 理事会成员 (for users who may not change the
    society; such a file cannot be imported back).
    """
    today = today or timezone.localdate()
    book = new_workbook()
    for sheet_class in ALL_SHEETS:
        header = tuple(column.name for column in sheet_class.columns)
        if society is None:
            rows = BasicSheet.blank_rows() if sheet_class is BasicSheet else []
        else:
            rows = sheet_class.rows_for_export(society, masked=masked, today=today)
        worksheet = book.create_sheet()
        SheetExporter(sheet_class.title, header, rows).fill_sheet(worksheet)
        if sheet_class not in (BasicSheet, TermSheet):
            _add_choices(worksheet, sheet_class.columns)
    _instructions(book)
    return save_workbook(book)


def workbook_filename(society=None, today=None) -> str:
    today = today or timezone.localdate()
    if society is None:
        return "学会信息填报工作簿（空白）.xlsx"
    return f"{society.name}信息填报工作簿{today:%Y%m%d}.xlsx"
