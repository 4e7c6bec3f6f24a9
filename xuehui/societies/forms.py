"""Forms of the registry pages: the list's filters and the society form."""

import functools
from collections.abc import Callable

from django import forms

from xuehui.lib.identifiers import normalize_uscc
from xuehui.lib.record_forms import style_widgets
from xuehui.lib.spreadsheet_field import SpreadsheetField

from .choices import DisciplineCategory, FederationLevel, SocietyStatus
from .models import Society
from .selectors import NO_HOST, SORT_LABELS, SocietyFilters, TermState
from .services import SOCIETY_FIELDS

PER_PAGE_CHOICES = [(20, "20条"), (50, "50条"), (100, "100条")]


def _with_blank(choices, blank: str = "全部") -> list:
    return [("", blank), *choices]


class SocietyFilterForm(forms.Form):
    """The society list's query string; bad values fall back to no filter."""

    q = forms.CharField(label="名称或代码", required=False, max_length=100)
    category = forms.ChoiceField(
        label="学科类别", required=False, choices=_with_blank(DisciplineCategory.choices)
    )
    federation = forms.ModelChoiceField(
        label="所属科协", required=False, queryset=None, empty_label="全部"
    )
    host = forms.ChoiceField(label="挂靠单位", required=False)
    status = forms.ChoiceField(
        label="状态", required=False, choices=_with_blank(SocietyStatus.choices)
    )
    term_state = forms.ChoiceField(
        label="届次情况", required=False, choices=_with_blank(TermState.CHOICES)
    )
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[(key, label) for key, label in SORT_LABELS.items()]
        + [(f"-{key}", f"{label}（倒序）") for key, label in SORT_LABELS.items()],
    )
    per_page = forms.TypedChoiceField(
        label="每页", required=False, coerce=int, choices=PER_PAGE_CHOICES, empty_value=20
    )

    def __init__(self, data, *, federations, hosts: Callable[[], list[str]]):
        super().__init__(data)
        self.fields["federation"].queryset = federations
        self._read_hosts = hosts
        # Read when the field is validated or drawn, once: an htmx swap of the results, which
        # draws no filters, reads no host institutions.
        self.fields["host"].choices = self._host_choices
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
        self.fields["q"].widget.attrs["placeholder"] = "学会名称或统一社会信用代码"

    @functools.cached_property
    def hosts(self) -> list[str]:
        return self._read_hosts()

    def _host_choices(self) -> list:
        return _with_blank([(NO_HOST, "无挂靠"), *((host, host) for host in self.hosts)])

    def filters(self) -> SocietyFilters:
        """The valid part of the query string (an invalid value is dropped, not an error)."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        return SocietyFilters(
            q=data.get("q", "").strip(),
            category=data.get("category", ""),
            federation=data.get("federation"),
            host=data.get("host", ""),
            status=data.get("status", ""),
            term_state=data.get("term_state", ""),
            sort=data.get("sort", "name"),
        )

    @property
    def page_size(self) -> int:
        self.is_valid()
        return self.cleaned_data.get("per_page") or PER_PAGE_CHOICES[0][0]


class SocietyForm(forms.ModelForm):
    """Add or edit a society; the federation and status only for federation staff."""

    class Meta:
        model = Society
        fields = list(SOCIETY_FIELDS)
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "uscc": {"unique": "已有学会使用该统一社会信用代码"},
            "name": {"required": "请填写学会名称"},
            "federation": {"required": "请选择所属科协"},
        }

    def __init__(self, *args, federations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if federations is None:
            # A society's own secretary keeps its federation and status as the 科协 set them,
            # and sees but cannot change its registry facts (name, 统一社会信用代码).
            del self.fields["federation"]
            del self.fields["status"]
            for name in ("name", "uscc"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "登记事项，由所属科协的管理员修改"
        else:
            self.fields["federation"].queryset = federations
            self.fields["federation"].empty_label = "请选择"
        self.fields["uscc"].error_messages["required"] = "请填写统一社会信用代码"
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_uscc(self) -> str:
        return normalize_uscc(self.cleaned_data["uscc"])

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


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
        style_widgets(self)


class FederationForm(forms.Form):
    """A 科协: its name, code (set once), level and place in the tree."""

    name = forms.CharField(label="名称", max_length=100)
    code = forms.SlugField(
        label="代码", max_length=40, help_text="英文字母、数字或连字符，如 wuhan；设立后不再修改"
    )
    level = forms.ChoiceField(label="层级", choices=FederationLevel.choices)
    parent = forms.ModelChoiceField(label="上级科协", queryset=None, required=False)

    def __init__(self, *args, parents, top_allowed: bool, federation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if federation is not None:
            del self.fields["code"]
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = not top_allowed
        self.fields["parent"].empty_label = "（最上级科协）" if top_allowed else None
        style_widgets(self)
