"""Form fields that take one or several files and check each by content on clean.

Use `UploadField` for one file and `MultipleUploadField` for several; after `is_valid()`
hand the cleaned upload(s) to `xuehui.files.services.file_store`.
"""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError

from .validation import DOCUMENT_KEYS, TYPES_BY_KEY, max_upload_bytes, validate_upload


def accept_attribute(allowed: Iterable[str]) -> str:
    keys = frozenset(allowed)
    return ",".join(f".{e}" for t in TYPES_BY_KEY.values() if t.key in keys for e in t.extensions)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadField(forms.FileField):
    """One file, validated by `validate_upload` (content, extension, size, name)."""

    widget = forms.ClearableFileInput

    def __init__(self, *, allowed: Iterable[str] | None = None, **kwargs):
        self.allowed = frozenset(allowed) if allowed is not None else DOCUMENT_KEYS
        kwargs.setdefault("help_text", self._default_help())
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", accept_attribute(self.allowed))
        self.widget.attrs.setdefault("class", "form-control")

    def _default_help(self) -> str:
        mb = max_upload_bytes() / (1024 * 1024)
        return (
            f"可上传 {accept_attribute(self.allowed).replace(',', ' ')}，单个文件不超过 {mb:g} MB"
        )

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "size"):
            upload.detected = validate_upload(upload, allowed=self.allowed)
        return upload


class MultipleUploadField(UploadField):
    """Several files at once; every one is checked and all errors are reported together."""

    widget = MultipleFileInput

    def __init__(self, *, max_files: int = 20, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > self.max_files:
            raise ValidationError(f"一次最多上传 {self.max_files} 个文件", code="too_many")
        errors, cleaned = [], []
        for upload in uploads:
            try:
                cleaned.append(forms.FileField.clean(self, upload))
                cleaned[-1].detected = validate_upload(upload, allowed=self.allowed)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


def upload_within_quota(form: forms.Form, *, user, field: str = "file") -> bool:
    """Whether the form's cleaned upload fits the user's quota; if not, the refusal (quota and
    use, in Chinese) goes on the field. For uploads kept outside `file_store` (an import
    waiting for its confirm), checked before they are stored."""
    from .services import check_upload_quota

    try:
        check_upload_quota(user=user, size=form.cleaned_data[field].size)
    except ValidationError as error:
        form.add_error(field, error)
        return False
    return True
