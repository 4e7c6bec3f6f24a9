"""`records_written`: sent for every audited write, so that what is computed from a society's
records (the stored compliance results) can notice without the audit app knowing it.

Every service write leaves an audit entry (`audit_record`, `AuditBatch.save`); the signal
carries, per entry, the society it concerns (or None), the record's kind (`app.model`, empty
for an entry about no record), its key (text, empty for none) and the action. A bulk write
(`AuditBatch`, an import) sends one entry per society, kind and action, without keys: an
import writes the records of the societies it names. It is sent inside the writer's transaction:
a receiver's own writes commit or roll back with the records."""

from django.dispatch import Signal

# kwargs: entries, a list of (society_id | None, target_type, target_id, action)
records_written = Signal()
