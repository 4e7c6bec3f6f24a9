"""The one form field for an uploaded spreadsheet: every upload path that takes a table (imports,
换届预审, user accounts) refuses a file that is too large, is not a spreadsheet or passes a
bound of `xuehui.lib.bounds`, with the Chinese message, before anything is stored."""

from django import forms

from .excel import SpreadsheetError, read_workbook


class SpreadsheetField(forms.FileField):
    """An .xlsx, .xls or .csv file (or a .docx holding a table) within the upload limits that
    really is a spreadsheet."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Excel或CSV文件")
        kwargs.setdefault(
            "help_text", "支持 .xlsx、.xls、.csv（UTF-8或GBK编码），以及含表格的Word文档 .docx"
        )
        kwargs.setdefault(
            "error_messages", {"required": "请选择要上传的文件", "empty": "文件是空的"}
        )
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ".xlsx,.xls,.csv,.docx"

    def clean(self, data, initial=None):
        return readable_table(super().clean(data, initial))


def readable_table(upload):
    """The upload, read once to prove it holds a table (an old Word, WPS or presentation file
    is refused with what to do instead); rewound for whoever stores it."""
    try:
        read_workbook(upload, filename=upload.name)
    except SpreadsheetError as error:
        raise forms.ValidationError(str(error)) from None
    upload.seek(0)
    return upload
