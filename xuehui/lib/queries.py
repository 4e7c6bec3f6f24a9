"""Bulk reads where Django's own per-row or per-parameter work costs more than the query: the
rows as the cursor gives them, and long id lists written into the SQL as they are."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Expression, IntegerField, QuerySet


def plain_rows(queryset: QuerySet) -> list[tuple]:
    """The queryset's rows as the database cursor gives them: no converter, dict or model per
    row, for the bulk reads where that is most of the cost (thousands of posts or days)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (no ids): no rows, as a queryset
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class IdList(Expression):
    """Ids as the right side of an `__in` filter (`society_id__in=IdList(ids)`), written into
    the SQL as they are: given a plain list, Django prepares, normalises and converts every id
    again for every query, which for thousands of societies cost more than some queries' own
    run. The ids must be integers (they are the providers' society and term ids)."""

    def __init__(self, ids):
        super().__init__(output_field=IntegerField())
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection):
        if not self.ids:
            raise EmptyResultSet
        return f"({', '.join(['%s'] * len(self.ids))})", self.ids
