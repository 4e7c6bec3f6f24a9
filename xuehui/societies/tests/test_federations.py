"""A 科协 sets itself up: `xuehui add-federation` and the federation services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from xuehui.access import SYSTEM
from xuehui.accounts.choices import Role
from xuehui.audit.models import AuditEntry
from xuehui.societies.models import Federation
from xuehui.societies.services import (
    federation_create,
    federation_deactivate,
    federation_reactivate,
    federation_update,
    society_register,
)
from xuehui.tests import factories as f


def add(*args, **kwargs) -> tuple[int, str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("add_federation", *args, stdout=out, stderr=err, **kwargs)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_it_creates_a_federation_and_a_second_run_changes_nothing(db):
    assert add("湖北省科学技术协会", "--code", "hubei", "--level", "provincial")[0] == 0
    code, out, _ = add("湖北省科学技术协会", "--code", "hubei", "--level", "provincial")
    assert code == 0 and "无需修改" in out
    assert Federation.objects.filter(code="hubei").count() == 1


def test_it_places_a_federation_under_its_parent_and_renames_it(db):
    add("湖北省科学技术协会", "--code", "hubei", "--level", "provincial")
    add("武汉市科协", "--code", "wuhan", "--level", "municipal", "--parent", "hubei")
    code, out, _ = add(
        "武汉市科学技术协会",
        "--code",
        "wuhan",
        "--level",
        "municipal",
        "--parent",
        "湖北省科学技术协会",
    )
    wuhan = Federation.objects.get(code="wuhan")
    assert code == 0 and "名称" in out
    assert (wuhan.name, wuhan.parent.code) == ("武汉市科学技术协会", "hubei")


def test_an_unknown_parent_or_a_bad_level_is_a_wrong_command_line(db):
    code, _, err = add(
        "武汉市科学技术协会", "--code", "wuhan", "--level", "municipal", "--parent", "nowhere"
    )
    assert code == 2 and "未找到上级科协：nowhere" in err
    # argparse refuses it (exit 2 on the command line; CommandError through call_command)
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("add_federation", "某科协", "--code", "x", "--level", "village")
    assert not Federation.objects.exists()


def test_a_name_another_federation_has_is_refused_with_exit_1(db):
    add("湖北省科学技术协会", "--code", "hubei", "--level", "provincial")
    code, _, err = add("湖北省科学技术协会", "--code", "hubei2", "--level", "provincial")
    assert code == 1 and "名称" in err
    assert Federation.objects.count() == 1


def test_a_federation_cannot_move_under_itself_or_its_own(db):
    hubei = federation_create(
        name="湖北省科学技术协会", code="hubei", level="provincial", actor=SYSTEM
    )
    wuhan = federation_create(
        name="武汉市科学技术协会", code="wuhan", level="municipal", parent=hubei, actor=SYSTEM
    )
    with pytest.raises(ValidationError, match="不能作为上级"):
        federation_update(
            federation=hubei, name=hubei.name, level=hubei.level, parent=wuhan, actor=SYSTEM
        )
    hubei.refresh_from_db()
    assert hubei.parent is None


def test_an_administrator_manages_only_federations_below_their_own(
    federation, admin_user, other_federation
):
    city = federation_create(
        name="武汉市科学技术协会",
        code="wuhan",
        level="municipal",
        parent=federation,
        actor=admin_user,
    )
    assert federation_update(
        federation=city, name="武汉市科协", level="municipal", parent=federation, actor=admin_user
    ) == ["name"]
    with pytest.raises(PermissionDenied):
        federation_update(
            federation=federation,
            name="改名",
            level=federation.level,
            parent=None,
            actor=admin_user,
        )
    with pytest.raises(PermissionDenied):
        federation_create(
            name="江西某市科协",
            code="jx-city",
            level="municipal",
            parent=other_federation,
            actor=admin_user,
        )
    with pytest.raises(PermissionDenied):
        federation_create(name="顶级科协", code="top", level="national", actor=admin_user)
    leader = f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    with pytest.raises(PermissionDenied):
        federation_create(
            name="某区科协", code="qu", level="district", parent=federation, actor=leader
        )


def test_the_registry_import_command_says_how_to_create_an_unknown_federation(db, tmp_path):
    from openpyxl import Workbook

    add("湖北省科学技术协会", "--code", "hubei", "--level", "provincial")
    book = Workbook()
    book.active.append(["学会名称", "统一社会信用代码", "所属科协"])
    book.active.append(["宜昌市测试学会", f.make_uscc(), "宜昌市科协"])
    path = tmp_path / "名录.xlsx"
    book.save(path)
    from io import StringIO

    err = StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command(
            "import_societies", str(path), "--federation", "hubei", stdout=StringIO(), stderr=err
        )
    assert exit.value.code == 1
    assert "xuehui add-federation 宜昌市科协 --code" in err.getvalue()


# ---- the pages ------------------------------------------------------------------------------


def _url(name, *args):
    from django.urls import reverse

    return reverse(f"societies:{name}", args=args)


def _token(client, url) -> str:
    import re

    return re.search(r'name="form_token" value="([^"]+)"', client.get(url).content.decode())[1]


def test_an_administrator_sees_their_tree_and_creates_a_federation_below_their_own(
    admin_client, federation, other_federation
):
    url = _url("federation_create")
    response = admin_client.post(
        url,
        {
            "name": "武汉市科学技术协会",
            "code": "wuhan",
            "level": "municipal",
            "parent": federation.pk,
            "form_token": _token(admin_client, url),
        },
    )
    assert response.status_code == 302
    wuhan = Federation.objects.get(code="wuhan")
    assert wuhan.parent == federation
    page = admin_client.get(_url("federations")).content.decode()
    assert "武汉市科学技术协会" in page and federation.name in page
    assert other_federation.name not in page
    assert _url("federation_edit", wuhan.pk) in page
    assert _url("federation_edit", federation.pk) not in page  # their own is set from above


def test_an_administrator_cannot_place_a_federation_elsewhere_or_at_the_top(
    admin_client, federation, other_federation
):
    url = _url("federation_create")
    for parent in (other_federation.pk, ""):
        response = admin_client.post(
            url,
            {
                "name": "某市科协",
                "code": f"x{parent}",
                "level": "municipal",
                "parent": parent,
                "form_token": _token(admin_client, url),
            },
        )
        assert response.status_code == 200
        assert "parent" in response.context["form"].errors
    assert not Federation.objects.filter(name="某市科协").exists()


def test_an_administrator_renames_and_moves_a_federation_below_their_own(admin_client, federation):
    city = federation_create(
        name="武汉市科协", code="wuhan", level="municipal", parent=federation, actor=SYSTEM
    )
    district = federation_create(
        name="洪山区科协", code="hongshan", level="district", parent=city, actor=SYSTEM
    )
    response = admin_client.post(
        _url("federation_edit", district.pk),
        {"name": "洪山区科学技术协会", "level": "district", "parent": federation.pk},
    )
    assert response.status_code == 302
    district.refresh_from_db()
    assert (district.name, district.parent_id) == ("洪山区科学技术协会", federation.pk)
    # a federation cannot be put under one of its own
    form = admin_client.get(_url("federation_edit", city.pk)).context["form"]
    assert city.pk not in {f.pk for f in form.fields["parent"].queryset}


def test_a_secretary_and_a_leader_do_not_manage_federations(secretary_a_client, federation):
    assert secretary_a_client.get(_url("federations")).status_code == 403
    leader = f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    from django.test import Client

    client = Client()
    client.force_login(leader)
    assert client.get(_url("federations")).status_code == 403
    assert client.get(_url("federation_edit", federation.pk)).status_code == 404


# ---- deactivating a 科协 ------------------------------------------------------------------


def test_a_federation_with_living_societies_or_children_is_not_deactivated(federation, society_a):
    child = Federation.objects.create(
        name="某市科协", code="city", level="municipal", parent=federation
    )
    with pytest.raises(ValidationError, match="未注销的学会"):
        federation_deactivate(federation=federation, reason="合并", actor=SYSTEM)
    society_a.status = "deregistered"
    society_a.save()
    with pytest.raises(ValidationError, match="下级科协：某市科协"):
        federation_deactivate(federation=federation, reason="合并", actor=SYSTEM)
    with pytest.raises(ValidationError, match="停用原因"):
        federation_deactivate(federation=child, reason="  ", actor=SYSTEM)
    federation_deactivate(federation=child, reason="并入上级", actor=SYSTEM)
    federation_deactivate(federation=federation, reason="合并", actor=SYSTEM)
    federation.refresh_from_db()
    assert not federation.is_active and federation.deactivation_reason == "合并"
    assert AuditEntry.objects.filter(action="federation_deactivate").count() == 2


def test_nothing_new_goes_under_a_deactivated_federation(admin_client, admin_user, federation):
    child = federation_create(
        name="某区科协", code="district", level="district", parent=federation, actor=SYSTEM
    )
    response = admin_client.post(
        reverse("societies:federation_deactivate", args=[child.pk]), {"reason": "撤并"}
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert not child.is_active
    with pytest.raises(ValidationError, match="已停用"):
        federation_create(
            name="某街道科协", code="street", level="district", parent=child, actor=SYSTEM
        )
    with pytest.raises(ValidationError, match="已停用"):
        factories_society_register(child)
    page = admin_client.get(reverse("societies:create")).content.decode()
    assert ">某区科协</option>" not in page and f">{federation.name}</option>" in page
    listing = admin_client.get(reverse("societies:federations")).content.decode()
    assert (
        "已停用" in listing
        and reverse("societies:federation_reactivate", args=[child.pk]) in listing
    )
    federation_reactivate(federation=child, actor=admin_user)
    child.refresh_from_db()
    assert child.is_active and child.deactivation_reason == ""


def factories_society_register(federation):
    return society_register(
        actor=SYSTEM, name="某区测试学会", uscc="51310000MJ0000001X", federation=federation
    )
