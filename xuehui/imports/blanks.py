"""Blank templates for the imports: a title row, the header (required columns marked *), an
example row the import skips (示例 in the first column), dropdowns where a column has fixed
choices, ID numbers formatted as text, and a sheet of instructions."""

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from xuehui.lib.export import new_workbook, save_workbook, styled
from xuehui.lib.importing import Column

DATA_ROWS = 500  # rows that get the dropdowns and text formats
TEXT_COLUMNS = frozenset({"id_number", "uscc", "phone", "approval_ref"})


class Blank:
    def __init__(self, title: str, columns: tuple[Column, ...], notes: tuple[str, ...]):
        self.title = title
        self.columns = columns
        self.notes = notes

    @property
    def filename(self) -> str:
        return f"{self.title}（模板）.xlsx"

    def write(self) -> bytes:
        book = new_workbook()
        self._fill(book.create_sheet(self.title[:31]))
        self._instructions(book.create_sheet("填写说明"))
        return save_workbook(book)

    def _fill(self, sheet) -> None:
        """Written in write-only mode: widths and the frozen panes first, then the rows."""
        width = len(self.columns) + 1
        for i, column in enumerate(self.columns, start=2):
            sheet.column_dimensions[get_column_letter(i)].width = max(len(column.name) * 2 + 4, 12)
        sheet.freeze_panes = "B3"
        title = Alignment(horizontal="center")
        sheet.append([styled(sheet, self.title, font=Font(bold=True, size=14), alignment=title)])
        sheet.merged_cells.add(f"A1:{get_column_letter(width)}1")
        sheet.append([self._header_cell(sheet, i) for i in range(width)])
        texts = {i for i, c in enumerate(self.columns, start=1) if c.key in TEXT_COLUMNS}
        example = Font(italic=True, color="808080")
        values = ["示例", *(_example(c) for c in self.columns)]
        sheet.append(
            [
                styled(sheet, value, font=example, **({"number_format": "@"} if i in texts else {}))
                for i, value in enumerate(values)
            ]
        )
        if texts:  # the rows to fill: ID numbers and codes typed there stay text
            blank = [styled(sheet, None, number_format="@") if i in texts else None
                     for i in range(width)]  # fmt: skip
            for _ in range(4, DATA_ROWS + 3):
                sheet.append(blank)
        for i, column in enumerate(self.columns, start=2):
            if column.choices:
                self._dropdown(sheet, get_column_letter(i), column)

    def _header_cell(self, sheet, i: int):
        column = self.columns[i - 1] if i else None
        name = "序号" if column is None else f"{column.name}*" if column.required else column.name
        required = column is not None and column.required
        cell = styled(
            sheet,
            name,
            font=Font(bold=True, color="C00000" if required else None),
            fill=PatternFill("solid", fgColor="DDEBF7"),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        if column is not None and column.note:
            cell.comment = Comment(column.note, "学会改革管理平台")
        return cell

    def _dropdown(self, sheet, letter: str, column: Column) -> None:
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(column.choices) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="取值不在列表中",
            error=f"「{column.name}」可填写：{'、'.join(column.choices)}",
        )
        validation.add(f"{letter}4:{letter}{DATA_ROWS + 3}")
        sheet.data_validations.append(validation)  # written when the sheet closes

    def _instructions(self, sheet) -> None:
        sheet.column_dimensions["A"].width = 20
        sheet.column_dimensions["C"].width = 60
        sheet.append(
            [styled(sheet, name, font=Font(bold=True)) for name in ("列名", "是否必填", "说明")]
        )
        for column in self.columns:
            note = column.note
            if column.choices:
                note = "；".join(filter(None, [note, "可填写：" + "、".join(column.choices)]))
            sheet.append([column.name, "必填" if column.required else "", note])
        sheet.append([])
        for line in self.notes:
            sheet.append([line])


def _example(column: Column):
    return column.example if column.example is not None else ""


COMMON_NOTES = (
    "第3行为示例（第一列为“示例”），导入时自动跳过，可保留也可删除。",
    "表头可以有标题行；列的顺序不限；不认识的列会被忽略。",
    "是/否列可填 是、否、√、×、Y、N；日期可填 1965.03、1965年3月、1965-03-01 等。",
    "任何一行有错误时，整个文件都不会写入；请按提示修改后重新上传。",
)
