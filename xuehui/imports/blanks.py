"""Blank templates for the imports: a title row, the header (required columns marked *), an
example row the import skips (示例 in the first column), dropdowns where a column has fixed
choices, ID numbers formatted as text, and a sheet of instructions."""

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

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
        book = Workbook()
        sheet = book.active
        sheet.title = self.title[:31]
        self._fill(sheet)
        self._instructions(book.create_sheet("填写说明"))
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def _fill(self, sheet) -> None:
        width = len(self.columns) + 1
        sheet.append([self.title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A1"].alignment = Alignment(horizontal="center")
        sheet.append(["序号", *(f"{c.name}*" if c.required else c.name for c in self.columns)])
        for i, cell in enumerate(sheet[2]):
            cell.font = Font(
                bold=True, color="C00000" if i and self.columns[i - 1].required else None
            )
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if i and self.columns[i - 1].note:
                cell.comment = Comment(self.columns[i - 1].note, "学会改革管理平台")
        sheet.append(["示例", *(_example(c) for c in self.columns)])
        for cell in sheet[3]:
            cell.font = Font(italic=True, color="808080")
        for i, column in enumerate(self.columns, start=2):
            letter = get_column_letter(i)
            sheet.column_dimensions[letter].width = max(len(column.name) * 2 + 4, 12)
            if column.key in TEXT_COLUMNS:
                for row in range(3, DATA_ROWS + 3):
                    sheet[f"{letter}{row}"].number_format = "@"
            if column.choices:
                self._dropdown(sheet, letter, column)
        sheet.freeze_panes = "B3"

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
        sheet.add_data_validation(validation)

    def _instructions(self, sheet) -> None:
        sheet.append(["列名", "是否必填", "说明"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in self.columns:
            note = column.note
            if column.choices:
                note = "；".join(filter(None, [note, "可填写：" + "、".join(column.choices)]))
            sheet.append([column.name, "必填" if column.required else "", note])
        sheet.append([])
        for line in self.notes:
            sheet.append([line])
        sheet.column_dimensions["A"].width = 20
        sheet.column_dimensions["C"].width = 60


def _example(column: Column):
    return column.example if column.example is not None else ""


COMMON_NOTES = (
    "第3行为示例（第一列为“示例”），导入时自动跳过，可保留也可删除。",
    "表头可以有标题行；列的顺序不限；不认识的列会被忽略。",
    "是/否列可填 是、否、√、×、Y、N；日期可填 1965.03、1965年3月、1965-03-01 等。",
    "任何一行有错误时，整个文件都不会写入；请按提示修改后重新上传。",
)
