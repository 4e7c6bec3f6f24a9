"""The version of the platform's data, read in one query: the audit chain's last hash (every
service write leaves an audit entry, so it changes with every write) and, with `stored`, the
newest stored compliance result's computation time (a recomputation is not an audited write).
What is kept across requests (lib.kept) is kept under it."""

from django.db import connection

from .chain import HEAD_PK
from .models import AuditChainHead


def data_version(*, stored: bool = False) -> str:
    sql = f"SELECT (SELECT last_hash FROM {AuditChainHead._meta.db_table} WHERE id = %s)"
    if stored:
        from xuehui.rules.models import StoredResult

        sql += f", (SELECT MAX(computed_at) FROM {StoredResult._meta.db_table})"
    with connection.cursor() as cursor:
        cursor.execute(sql, [HEAD_PK])
        row = cursor.fetchone()
    return "|".join(str(value) for value in row)
