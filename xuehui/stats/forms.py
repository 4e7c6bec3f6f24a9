from decimal import Decimal

from django import forms

from xuehui.lib.record_forms import style_widgets

from .selectors import Flag


class ReturnFilterForm(forms.Form):
    """The year and the threshold of a return (the page's query string)."""

    year = forms.IntegerField(
        label="统计年度",
        required=False,
        min_value=1950,
        max_value=2100,
        error_messages={"invalid": "请填写年份"},
    )
    threshold = forms.DecimalField(
        label="变动提示阈值（%）",
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("1000"),
        decimal_places=2,
        error_messages={"invalid": "请填写百分比数值"},
        help_text="较上年变动超过该百分比的数据标出，需填写变动说明",
    )

    def __init__(self, data, *, year: int, threshold: Decimal):
        super().__init__(data, initial={"year": year, "threshold": threshold})
        self.defaults = {"year": year, "threshold": threshold}
        style_widgets(self)

    def value(self, name: str):
        """The valid value, else the default (the page says what was wrong)."""
        if not self.is_bound:
            return self.defaults[name]
        self.is_valid()
        value = None if name in self.errors else self.cleaned_data.get(name)
        return self.defaults[name] if value is None else value


class ExplanationForm(forms.Form):
    """报表说明 and an explanation per flagged figure of the return."""

    explanation = forms.CharField(
        label="报表说明",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="说明本年度统计的范围、口径和需要说明的情况",
    )

    def __init__(self, *args, flags: list[Flag], notes: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.flags = flags
        for index, flag in enumerate(flags):
            self.fields[f"note_{index}"] = forms.CharField(
                label=(
                    f"{flag.row.name} · {flag.table.title} · {flag.label}"
                    f"（{flag.previous}→{flag.current}，{flag.change_text}）"
                ),
                required=False,
                max_length=500,
                initial=notes.get(flag.key, ""),
                widget=forms.TextInput(),
            )
        style_widgets(self)

    def notes(self) -> dict[str, str]:
        return {
            flag.key: self.cleaned_data[f"note_{index}"] for index, flag in enumerate(self.flags)
        }
