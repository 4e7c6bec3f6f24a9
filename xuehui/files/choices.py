"""Purposes of stored files whose access follows another record's rule (the values the owning
apps store in `StoredFile.purpose`)."""

EVIDENCE_PURPOSES = frozenset({"campaign_evidence"})
# Member registers uploaded for an import before uploads waited as PendingImport: only those
# who may edit the society open them, and the clean-up deletes them.
RAW_IMPORT_PURPOSES = frozenset({"会员名册导入"})
