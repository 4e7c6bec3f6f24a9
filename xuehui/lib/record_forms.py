"""The base form of a society's records (rule documents, meetings, activities, finances).

The view hands the society to the form; the form then checks the constraints that name the
society (one finance record per year, no two meetings of a kind on one day…) itself, so a
duplicate is a message on the form, not an error from the service.
"""

from collections.abc import Callable, Mapping

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

DATE_FORMAT = "%Y-%m-%d"


# A nullable yes/no field's select: unknown (未填) is not 否.
TRAIT_CHOICES = [("unknown", "未填"), ("true", "是"), ("false", "否")]


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget; dates get the browser's date picker."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(field, forms.DateField):
            widget.input_type = "date"
            widget.format = DATE_FORMAT
        if isinstance(
            widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
        ):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if not isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", css)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field if shown, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, texts in error.message_dict.items():
        form.add_error(name if name in form.fields else None, texts)


class SocietyRecordForm(forms.ModelForm):
    """A ModelForm of a record with a `society` foreign key that the view supplies."""

    def __init__(self, *args, society, **kwargs):
        super().__init__(*args, **kwargs)
        self.society = society
        self.instance.society = society
        style_widgets(self)

    def _get_validation_exclusions(self):
        # Django skips constraints on fields the form does not show; the society is known.
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]  # private API
        exclusions.discard("society")
        return exclusions

    def service_fields(self) -> dict:
        """The cleaned model fields, as keyword arguments for the app's service."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


def run_service(form: forms.BaseForm, call) -> bool:
    """Call the service (`call`, reading the form's cleaned data) when the form is valid; its
    refusal goes on the form. True when it went through."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def errors_to_messages(request, form: forms.BaseForm) -> None:
    """A form's errors as messages, for a form posted from a page that does not show it."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else str(error))


class KeptValueInput(forms.TextInput):
    """A text input that never writes the stored value it keeps into the page (a full ID
    number or phone); what the user typed instead is shown back as usual."""

    def __init__(self, attrs=None, *, kept: str = ""):
        super().__init__(attrs)
        self.kept = kept

    def format_value(self, value):
        return None if value == self.kept else super().format_value(value)


def keep_stored_values(
    form: forms.BaseForm,
    masks: Mapping[str, Callable[[str], str]],
    stored: Mapping[str, str] | None = None,
) -> None:
    """Personal fields (ID number, phone) of a record being edited: the input starts empty
    with the masked value as placeholder and help text («当前：110101********1234，留空则不
    修改»), an empty submission keeps the stored value (it is put back into the bound data,
    so validation and `has_changed` read it as unchanged), a new value is validated as usual,
    and a checkbox after the field («清除身份证号码») clears it.

    `masks` maps each field to its masking function; `stored` gives the current values
    (default: the ModelForm's saved instance's)."""
    if stored is None:
        instance = getattr(form, "instance", None)
        if instance is None or instance.pk is None:
            return
        stored = {name: getattr(instance, name) for name in masks}
    for name, mask in masks.items():
        value, field = stored.get(name) or "", form.fields.get(name)
        if not value or field is None:
            continue
        current = f"当前：{mask(value)}"
        field.widget = KeptValueInput({**field.widget.attrs, "placeholder": current}, kept=value)
        field.help_text = f"{current}，留空则不修改"
        clear = _add_clear_box(form, name, f"清除{field.label}")
        key, cleared = form.add_prefix(name), form.data.get(form.add_prefix(clear))
        if form.is_bound and not str(form.data.get(key) or "").strip() and not cleared:
            data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a dict
            data[key] = value
            form.data = data


def _add_clear_box(form: forms.BaseForm, name: str, label: str) -> str:
    clear = f"{name}_clear"
    box = forms.BooleanField(label=label, required=False)
    box.widget.attrs["class"] = "form-check-input"
    fields = list(form.fields.items())
    at = [key for key, _field in fields].index(name) + 1
    form.fields = dict([*fields[:at], (clear, box), *fields[at:]])
    return clear
