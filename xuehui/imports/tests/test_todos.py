import datetime as dt

from django.urls import reverse

from xuehui.imports.models import PendingImport
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import todos_for


def waiting(user):
    return [t for t in todos_for(user, dt.date(2026, 12, 5)) if t.kind == TodoKind.IMPORT_CONFIRM]


def test_an_upload_waiting_for_confirmation_is_its_uploaders_to_do(admin_user, secretary_a):
    pending = PendingImport.objects.create(
        token="t" * 32, user=admin_user, kind="societies", key="imports/x", filename="名录.xlsx"
    )
    PendingImport.objects.create(
        token="u" * 32, user=admin_user, kind="retired-kind", key="imports/y", filename="旧.xlsx"
    )
    [todo] = waiting(admin_user)
    assert todo.title == "名录.xlsx"
    assert todo.url == reverse("imports:preview", args=[pending.token])
    assert waiting(secretary_a) == []
    pending.delete()
    assert waiting(admin_user) == []


def test_each_kind_links_to_its_own_preview(secretary_a, society_a):
    pending = PendingImport.objects.create(
        token="m" * 32,
        user=secretary_a,
        kind="members-individual",
        key="imports/z",
        filename="会员.xlsx",
        params={"society": society_a.pk, "kind": "individual"},
    )
    [todo] = waiting(secretary_a)
    assert todo.url == reverse("members:import_preview", args=[pending.token])
