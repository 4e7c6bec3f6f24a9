"""Stored files: each under the rule of the record that owns it."""

from django.http import Http404

from xuehui.campaigns.models import Evidence
from xuehui.files.choices import EVIDENCE_PURPOSES, RAW_IMPORT_PURPOSES
from xuehui.files.models import StoredFile

from .campaigns import evidence_visible_to_expert
from .societies import can_edit_society, can_see_society, sees_as_own_or_federation


def _evidence_visible(user, stored: StoredFile) -> bool:
    """An evidence file: to the society's people and 科协 staff, and to an expert only through
    submitted evidence of a requirement assigned to them (never the expert's society-wide scope)."""
    if sees_as_own_or_federation(user, stored.society):
        return True
    evidence = Evidence.objects.filter(file=stored).select_related(
        "item__requirement", "item__entry"
    )
    return any(evidence_visible_to_expert(user, e) for e in evidence)


def file_for(user, pk) -> StoredFile:
    """A stored file under the rule of the record that owns it; one 404 for a file that does
    not exist and for one the user may not open, so ids reveal nothing.

    - campaign evidence: the society's own people and 科协 staff, or an expert assigned to
      the requirement the evidence supports, once the society has submitted;
    - raw import files (member registers, rosters, workbooks, full ID numbers): only those who
      see the unmasked data, i.e. who may edit the society; everyone else reads the masked
      pages (a raw file cannot be masked without rewriting it, so it is not offered at all);
    - everything else: whoever may see the society.
    """
    stored = (
        StoredFile.objects.select_related("society").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if stored is None:
        raise Http404("未找到该文件")
    if stored.purpose in EVIDENCE_PURPOSES:
        visible = _evidence_visible(user, stored)
    elif stored.purpose in RAW_IMPORT_PURPOSES:
        visible = can_edit_society(user, stored.society)
    else:
        visible = can_see_society(user, stored.society)
    if not visible:
        raise Http404("未找到该文件")
    return stored
