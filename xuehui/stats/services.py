"""Writes of 科协统计: the 报表说明 and the 变动说明 of a 科协's yearly return."""

from django.db import transaction

from xuehui.access import require_administers
from xuehui.audit.services import audit_change, stored_copy
from xuehui.societies.models import Federation

from .models import StatisticsReturn


@transaction.atomic
def statistics_return_save(
    *, federation: Federation, year: int, explanation: str, notes: dict[str, str], actor
) -> StatisticsReturn:
    """Write the 报表说明 and the explanations of flagged figures (flag key → text; an empty
    text removes one) of `federation`'s return for `year`: its administrators."""
    require_administers(actor, federation.pk, "只有本科协管理员可以填写报表说明")
    found = StatisticsReturn.objects.filter(federation=federation, year=year).first()
    statistics_return = found or StatisticsReturn(federation=federation, year=year)
    old = stored_copy(statistics_return) if found else None
    statistics_return.explanation = explanation.strip()
    kept = {**statistics_return.notes, **{k: v.strip() for k, v in notes.items()}}
    statistics_return.notes = {k: v for k, v in kept.items() if v}
    statistics_return.updated_by = actor if getattr(actor, "pk", None) else None
    statistics_return.full_clean()
    statistics_return.save()
    audit_change(
        obj=statistics_return,
        old=old,
        actor=actor,
        action="statistics_return_save",
        society=None,
        summary=f"填写{federation}{year}年统计报表说明",
    )
    return statistics_return
