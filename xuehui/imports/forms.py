"""Upload forms: the file is refused with a Chinese message when it is too large or is not a
spreadsheet, before anything is stored."""

from django import forms

from xuehui.lib.spreadsheet_field import SpreadsheetField

__all__ = ["RosterImportForm", "SocietyImportForm", "SpreadsheetField"]


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class SocietyImportForm(forms.Form):
    file = SpreadsheetField()
    federation = forms.ModelChoiceField(
        label="默认所属科协",
        queryset=None,
        empty_label=None,
        help_text="文件中未填写「所属科协」的新学会登记到此科协",
    )

    def __init__(self, *args, federations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = federations
        _style(self)


class RosterImportForm(forms.Form):
    file = SpreadsheetField()
    term_number = forms.IntegerField(
        label="届次", min_value=1, max_value=99, help_text="该届不存在时将新建"
    )
    term_start = forms.DateField(
        label="本届开始日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="已有的届次须与原开始日期一致",
    )
    term_end = forms.DateField(
        label="本届届满日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="留空则为开始日期后五年",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", "届满日期应晚于开始日期")
        return data

    def params(self, society) -> dict:
        data = self.cleaned_data
        return {
            "society": society.pk,
            "term_number": data["term_number"],
            "term_start": data["term_start"].isoformat(),
            "term_end": data["term_end"].isoformat() if data["term_end"] else "",
        }
