"""The base form of a society's records (rule documents, meetings, activities, finances).

The view hands the society to the form; the form then checks the constraints that name the
society (one finance record per year, no two meetings of a kind on one day…) itself, so a
duplicate is a message on the form, not an error from the service.
"""

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


class ReasonForm(forms.Form):
    """The reason an unmasking or an anonymisation gives (checked by audit.clean_reason)."""

    reason = forms.CharField(
        label="事由",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text="必填，将记入审计记录",
    )
