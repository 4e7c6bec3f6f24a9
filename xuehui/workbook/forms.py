import os

from django import forms

from xuehui.lib.spreadsheet_field import SpreadsheetField


class WorkbookUploadForm(forms.Form):
    file = SpreadsheetField(label="信息填报工作簿", help_text="支持 .xlsx、.xls；各工作表均可选填")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"accept": ".xlsx,.xls", "class": "form-control"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if os.path.splitext(upload.name)[1].lower() == ".csv":
            raise forms.ValidationError(
                "工作簿包含多个工作表，请上传Excel文件（.xlsx 或 .xls），不能是CSV"
            )
        return upload
