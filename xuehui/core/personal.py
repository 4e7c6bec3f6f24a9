"""Personal data on a society's records of people (council people, individual members,
institutional members' contacts): 「显示完整号码」 with an audited reason, and anonymisation
on request (个人信息保护法, the right to deletion) that keeps what the statistics read.

The pages mask ID numbers and phones for every role; a record's own app says which fields
are personal and what its anonymised record keeps, and calls these two steps.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from xuehui.access import administers, require_edit
from xuehui.audit.services import audit_record, audit_unmask, clean_reason

ANONYMOUS_NAME = "匿名人员"
# One action for every kind of record (the entry's target tells which).
ANONYMISE_ACTION = "person_anonymise"


def generalised_birth_date(day: dt.date | None) -> dt.date | None:
    """The birth date an anonymised record keeps: the year and month (what age bands and age
    rules need, within half a month), the day set to the 15th."""
    return day.replace(day=15) if day is not None else None


def numbers_unmask(
    *, record: models.Model, actor, society, what: str, reason: str, fields: tuple[str, ...]
) -> dict:
    """The full values of `fields` of `record`, for a user who may edit the society, with the
    reason audited (「显示完整号码」); refused (ValidationError) without a reason."""
    require_edit(actor, society)
    audit_unmask(
        actor=actor, target=record, society=society, what=what, reason=reason, fields=fields
    )
    return {name: getattr(record, name) for name in fields}


def is_anonymised(record: models.Model, values: dict) -> bool:
    """Whether `record` holds nothing more than its anonymised `values` (a record filled in
    again after an anonymisation is not)."""
    return all(getattr(record, name) == value for name, value in values.items())


@transaction.atomic
def record_anonymise(
    *, record: models.Model, actor, society, reason: str, values: dict, what: str
) -> bool:
    """Overwrite a record's personal fields with `values` on request, by an administrator of
    the society's 科协, with a reason; False when it was anonymised already (nothing done).

    `record` has `anonymised_at` and `set_name_keys()`. The audit entry names the fields, not
    their old values: the log must not keep what was removed."""
    if not administers(actor, society.federation_id):
        raise PermissionDenied("只有科协管理员可以对个人信息做匿名化处理")
    reason = clean_reason(reason)
    if is_anonymised(record, values):
        return False
    for name, value in values.items():
        setattr(record, name, value)
    record.anonymised_at = timezone.now()  # type: ignore[attr-defined]
    record.set_name_keys()  # type: ignore[attr-defined]
    record.save()
    audit_record(
        actor=actor,
        action=ANONYMISE_ACTION,
        target=record,
        society=society,
        summary=f"个人信息匿名化：{what}（事由：{reason}）",
        detail={"operation": "anonymise", "reason": reason, "fields": list(values)},
    )
    return True
