"""Reads of stored files."""

from django.db.models import Sum
from django.http import Http404

from xuehui.imports.models import PendingImport

from .models import StoredFile

# Purposes whose files follow another record's rule (the values the owning apps store).
EVIDENCE_PURPOSES = frozenset({"campaign_evidence"})
# Member registers uploaded for an import before uploads waited as PendingImport: only those
# who may edit the society open them, and the clean-up deletes them.
RAW_IMPORT_PURPOSES = frozenset({"会员名册导入"})


def bytes_used_by(user) -> int:
    """The bytes `user` keeps stored (what counts against XUEHUI_USER_UPLOAD_QUOTA_BYTES):
    their files not deleted, and their uploads waiting for an import's confirm; 0 for an
    anonymous user or the command line."""
    if not getattr(user, "is_authenticated", False):
        return 0
    files = StoredFile.objects.filter(uploaded_by=user).aggregate(total=Sum("size"))
    pending = PendingImport.objects.filter(user=user).aggregate(total=Sum("size"))
    return (files["total"] or 0) + (pending["total"] or 0)


def _evidence_visible(user, stored: StoredFile) -> bool:
    """An evidence file: to an expert only through evidence of a requirement assigned to them
    (the campaigns app's own rule), never through the expert's society-wide scope."""
    from xuehui.campaigns.models import Evidence
    from xuehui.campaigns.selectors import expert_covers, expert_prefixes

    evidence = Evidence.objects.filter(file=stored).select_related(
        "item__requirement", "item__entry"
    )
    return any(
        expert_covers(expert_prefixes(user, e.item.entry), e.item.requirement.key) for e in evidence
    )


def file_for(user, pk) -> StoredFile:
    """A stored file under the rule of the record that owns it; one 404 for a file that does
    not exist and for one the user may not open, so ids reveal nothing.

    - campaign evidence: the society's own people and 科协 staff, or an expert assigned to
      the requirement the evidence supports;
    - raw import files (member registers, rosters, workbooks, full ID numbers): only those who
      see the unmasked data, i.e. who may edit the society; everyone else reads the masked
      pages (a raw file cannot be masked without rewriting it, so it is not offered at all);
    - everything else: whoever may see the society.
    """
    from xuehui.accounts.access import can_edit_society, can_see_society, scope_for

    not_found = Http404("未找到该文件")
    stored = (
        StoredFile.objects.select_related("society").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if stored is None:
        raise not_found
    society = stored.society
    if stored.purpose in EVIDENCE_PURPOSES:
        scope = scope_for(user)
        own = (
            scope.sees_everything
            or society.federation_id in scope.visible_federation_ids
            or society.pk in scope.editor_society_ids
        )
        if own or _evidence_visible(user, stored):
            return stored
        raise not_found
    if stored.purpose in RAW_IMPORT_PURPOSES:
        if can_edit_society(user, society):
            return stored
        raise not_found
    if can_see_society(user, society):
        return stored
    raise not_found
