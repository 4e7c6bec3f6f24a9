"""User management pages, the web import with its one-time password file, and the log:
scoping, what is recorded, and query counts that do not grow with the rows shown."""

import io

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from xuehui.access import SYSTEM
from xuehui.accounts.choices import AccountAction, Role
from xuehui.accounts.models import RoleAssignment, User
from xuehui.accounts.services import role_grant
from xuehui.audit.models import AuditEntry
from xuehui.tests import factories

from .factories import users_workbook


@pytest.fixture
def leader_client(federation):
    leader = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client = Client()
    client.force_login(leader)
    return client


@pytest.fixture
def root_client(db):
    root = factories.make_user("root", role=Role.SYSTEM_ADMIN)
    client = Client()
    client.force_login(root)
    return client


# ---------------------------------------------------------------- who may reach the pages


@pytest.mark.parametrize("name", ["user_list", "user_create", "users_import", "audit_log"])
def test_user_management_pages_are_for_administrators(
    name, admin_client, secretary_a_client, leader_client, expert_client, anonymous_client
):
    url = reverse(f"accounts:{name}")
    assert admin_client.get(url).status_code == 200
    for client in (secretary_a_client, leader_client, expert_client):
        assert client.get(url).status_code == 403
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_federation_admin_lists_only_users_of_the_subtree(admin_client, secretary_a, secretary_b):
    page = admin_client.get(reverse("accounts:user_list")).content.decode()
    assert "sec_a" in page
    assert "sec_b" not in page


def test_the_user_list_searches_by_society_name(admin_client, secretary_a, society_a, federation):
    factories.make_user("other", role=Role.FEDERATION_VIEWER, federation=federation)
    page = admin_client.get(
        reverse("accounts:user_list"), {"q": society_a.name[:4]}
    ).content.decode()
    assert "sec_a" in page
    assert "other" not in page


def test_the_user_list_masks_phone_numbers(admin_client, secretary_a):
    secretary_a.phone = "13812345678"
    secretary_a.save()
    page = admin_client.get(reverse("accounts:user_list")).content.decode()
    assert "138****5678" in page
    assert "13812345678" not in page


def test_a_federation_admin_gets_404_for_a_user_elsewhere(admin_client, secretary_b):
    for name in ("user_detail", "user_edit"):
        assert (
            admin_client.get(reverse(f"accounts:{name}", args=[secretary_b.pk])).status_code == 404
        )
    for name in ("user_deactivate", "user_reactivate", "user_password_reset", "role_grant"):
        assert (
            admin_client.post(reverse(f"accounts:{name}", args=[secretary_b.pk])).status_code == 404
        )
    assignment = secretary_b.role_assignments.get()
    assert (
        admin_client.post(reverse("accounts:role_revoke", args=[assignment.pk])).status_code == 404
    )
    secretary_b.refresh_from_db()
    assert secretary_b.is_active


def test_a_federation_admin_gets_403_on_an_account_that_also_serves_elsewhere(
    admin_client, secretary_a, society_b
):
    outside = RoleAssignment.objects.create(
        user=secretary_a, role=Role.SOCIETY_EDITOR, society=society_b
    )
    assert (
        admin_client.get(reverse("accounts:user_detail", args=[secretary_a.pk])).status_code == 200
    )
    assert (
        admin_client.post(reverse("accounts:user_deactivate", args=[secretary_a.pk])).status_code
        == 403
    )
    assert admin_client.post(reverse("accounts:role_revoke", args=[outside.pk])).status_code == 403
    secretary_a.refresh_from_db()
    assert secretary_a.is_active


# ---------------------------------------------------------------- creating and changing accounts


def test_creating_an_account_hands_the_password_over_once_as_a_file(admin_client, society_a):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {
            "username": "hj_new",
            "full_name": "赵六",
            "role": Role.SOCIETY_EDITOR,
            "society": society_a.pk,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="hj_new")
    assert user.must_change_password
    page = admin_client.get(response["Location"])
    assert "只能下载一次" in page.content.decode()
    download = admin_client.post(response["Location"])
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert rows[2][0] == "hj_new"
    assert user.check_password(rows[2][4])
    assert admin_client.post(response["Location"]).status_code == 404
    assert AuditEntry.objects.filter(action=AccountAction.PASSWORD_FILE_DOWNLOAD).count() == 1


def test_another_user_cannot_download_the_password_file(admin_client, society_a, federation):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {"username": "hj_new", "role": Role.SOCIETY_EDITOR, "society": society_a.pk},
    )
    colleague = factories.make_user("kx2", role=Role.FEDERATION_ADMIN, federation=federation)
    other = Client()
    other.force_login(colleague)
    assert other.post(response["Location"]).status_code == 404
    assert admin_client.post(response["Location"]).status_code == 200


def test_a_federation_admin_cannot_create_an_account_elsewhere(
    admin_client, society_b, other_federation
):
    for data in (
        {"username": "x1", "role": Role.SOCIETY_EDITOR, "society": society_b.pk},
        {"username": "x2", "role": Role.FEDERATION_ADMIN, "federation": other_federation.pk},
        {"username": "x3", "role": Role.SYSTEM_ADMIN},
    ):
        response = admin_client.post(reverse("accounts:user_create"), data)
        assert response.status_code == 200
    assert not User.objects.filter(username__in=["x1", "x2", "x3"]).exists()


def test_granting_and_revoking_roles_is_recorded(admin_client, admin_user, secretary_a, federation):
    second = factories.make_society(federation=federation)
    response = admin_client.post(
        reverse("accounts:role_grant", args=[secretary_a.pk]),
        {"role": Role.SOCIETY_EDITOR, "society": second.pk},
    )
    assert response.status_code == 302
    granted = secretary_a.role_assignments.get(society=second)
    admin_client.post(reverse("accounts:role_revoke", args=[granted.pk]))
    assert not secretary_a.role_assignments.filter(society=second).exists()
    actions = list(
        AuditEntry.objects.filter(actor=admin_user)
        .exclude(action=AccountAction.LOGIN)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [AccountAction.ROLE_GRANT, AccountAction.ROLE_REVOKE]


def test_a_federation_admin_cannot_grant_a_role_elsewhere_to_their_user(
    admin_client, secretary_a, society_b
):
    admin_client.post(
        reverse("accounts:role_grant", args=[secretary_a.pk]),
        {"role": Role.SOCIETY_EDITOR, "society": society_b.pk},
    )
    assert not secretary_a.role_assignments.filter(society=society_b).exists()


def test_deactivating_stops_sign_in_and_reactivating_restores_it(admin_client, secretary_a):
    admin_client.post(reverse("accounts:user_deactivate", args=[secretary_a.pk]))
    secretary_a.refresh_from_db()
    assert not secretary_a.is_active
    response = Client().post(
        reverse("accounts:login"), {"username": "sec_a", "password": "pass-测试-123"}
    )
    assert response.status_code == 200
    admin_client.post(reverse("accounts:user_reactivate", args=[secretary_a.pk]))
    secretary_a.refresh_from_db()
    assert secretary_a.is_active


def test_an_admin_cannot_deactivate_themselves(admin_client, admin_user):
    admin_client.post(reverse("accounts:user_deactivate", args=[admin_user.pk]))
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_resetting_a_password_forces_a_change_and_shows_no_password(admin_client, secretary_a):
    old = secretary_a.password
    response = admin_client.post(
        reverse("accounts:user_password_reset", args=[secretary_a.pk]), follow=True
    )
    secretary_a.refresh_from_db()
    assert secretary_a.password != old
    assert secretary_a.must_change_password
    assert "下载初始密码文件" in response.content.decode()


def test_editing_an_account_saves_and_records(admin_client, secretary_a):
    response = admin_client.post(
        reverse("accounts:user_edit", args=[secretary_a.pk]),
        {"full_name": "新名字", "phone": "13900001111", "email": "x@example.com"},
    )
    assert response.status_code == 302
    secretary_a.refresh_from_db()
    assert (secretary_a.full_name, secretary_a.email) == ("新名字", "x@example.com")
    assert AuditEntry.objects.filter(action=AccountAction.USER_UPDATE).exists()


def test_the_account_form_shows_the_masked_phone_and_keeps_it_when_left_empty(
    admin_client, secretary_a
):
    secretary_a.phone = "13900001111"
    secretary_a.save()
    url = reverse("accounts:user_edit", args=[secretary_a.pk])
    page = admin_client.get(url).content.decode()
    assert "13900001111" not in page and "当前：139****1111，留空则不修改" in page
    data = {"full_name": "新名字", "phone": "", "email": ""}
    assert admin_client.post(url, data).status_code == 302
    secretary_a.refresh_from_db()
    assert (secretary_a.full_name, secretary_a.phone) == ("新名字", "13900001111")
    assert admin_client.post(url, data | {"phone_clear": "on"}).status_code == 302
    secretary_a.refresh_from_db()
    assert secretary_a.phone == ""


# ---------------------------------------------------------------- web import


def _upload(client, rows):
    data = io.BytesIO(users_workbook(rows))
    data.name = "秘书账号.xlsx"
    return client.post(reverse("accounts:users_import"), {"file": data})


def test_the_web_import_previews_then_creates_and_offers_the_file_once(
    admin_client, society_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = _upload(
        admin_client,
        [("hj1", "张三", "", "", society_a.uscc, ""), ("hj2", "李四", "", "", society_a.uscc, "")],
    )
    preview_url = response["Location"]
    preview = admin_client.get(preview_url)
    assert "全部2行检查通过" in preview.content.decode()
    assert not User.objects.filter(username__in=["hj1", "hj2"]).exists()
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    done = admin_client.post(reverse("accounts:users_import_confirm", args=[token]))
    assert User.objects.filter(username__in=["hj1", "hj2"], must_change_password=True).count() == 2
    file_page = admin_client.get(done["Location"]).content.decode()
    assert "2个账号" in file_page
    keys = default_storage.listdir("accounts/passwords")[1]
    assert keys
    download = admin_client.post(done["Location"])
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[2:]] == ["hj1", "hj2"]
    assert default_storage.listdir("accounts/passwords")[1] == []
    assert admin_client.post(done["Location"]).status_code == 404


def test_the_web_import_shows_errors_and_writes_nothing(admin_client, society_a, society_b):
    response = _upload(
        admin_client,
        [("hj1", "", "", "", society_a.uscc, ""), ("hj2", "", "", "", society_b.uscc, "")],
    )
    page = admin_client.get(response["Location"]).content.decode()
    assert "第4行 「学会统一社会信用代码」：该学会不在您的管辖范围内" in page
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    confirm = admin_client.post(reverse("accounts:users_import_confirm", args=[token]))
    assert confirm.status_code == 422
    assert not User.objects.filter(username__in=["hj1", "hj2"]).exists()


def test_an_import_token_of_another_kind_or_user_is_404(admin_client, society_a, federation):
    response = _upload(admin_client, [("hj1", "", "", "", society_a.uscc, "")])
    colleague = factories.make_user("kx2", role=Role.FEDERATION_ADMIN, federation=federation)
    other = Client()
    other.force_login(colleague)
    assert other.get(response["Location"]).status_code == 404


def test_the_import_template_downloads(admin_client):
    response = admin_client.get(reverse("accounts:users_import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[2]]
    assert "用户名*" in header


# ---------------------------------------------------------------- the log


def test_the_log_shows_sign_ins_of_the_subtree_only(admin_client, secretary_a, secretary_b):
    for name in ("sec_a", "sec_b"):
        Client().post(reverse("accounts:login"), {"username": name, "password": "wrong"})
    page = admin_client.get(reverse("accounts:audit_log")).content.decode()
    assert "sec_a 登录失败" in page
    assert "sec_b" not in page


def test_a_system_admin_reads_every_entry(root_client, secretary_b):
    Client().post(reverse("accounts:login"), {"username": "sec_b", "password": "wrong"})
    Client().post(reverse("accounts:login"), {"username": "nobody", "password": "wrong"})
    page = root_client.get(reverse("accounts:audit_log")).content.decode()
    assert "sec_b 登录失败" in page
    assert "nobody 登录失败" in page


# ---------------------------------------------------------------- query counts


def _users(federation, society, count: int) -> None:
    for i in range(count):
        user = User.objects.create(username=f"bulk{count}_{i}", full_name=f"用户{i}")
        role_grant(user=user, role=Role.SOCIETY_EDITOR, society=society, actor=SYSTEM)
        role_grant(user=user, role=Role.FEDERATION_VIEWER, federation=federation, actor=SYSTEM)


@pytest.mark.parametrize("count", [3, 30])
def test_the_user_list_query_count_does_not_grow_with_users(
    admin_client, federation, society_a, count, django_assert_max_num_queries
):
    _users(federation, society_a, count)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("accounts:user_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_user_page_and_the_log_query_counts_do_not_grow(
    admin_client, secretary_a, federation, society_a, count, django_assert_max_num_queries
):
    for i in range(count):
        second = factories.make_society(federation=federation, name=f"第{i}学会")
        role_grant(user=secretary_a, role=Role.SOCIETY_EDITOR, society=second, actor=SYSTEM)
        Client().post(reverse("accounts:login"), {"username": "sec_a", "password": "wrong"})
    with django_assert_max_num_queries(16):
        assert (
            admin_client.get(reverse("accounts:user_detail", args=[secretary_a.pk])).status_code
            == 200
        )
    with django_assert_max_num_queries(10):
        assert admin_client.get(reverse("accounts:audit_log")).status_code == 200


def test_a_large_account_list_is_imported_by_a_task_and_its_passwords_collected_once(
    admin_client, society_a, settings, tmp_path
):
    from xuehui.jobs.models import Job

    settings.MEDIA_ROOT = tmp_path
    settings.XUEHUI_IMPORT_INLINE_BYTES = 0
    rows = [(f"hj{n}", f"秘书{n}", "", "", society_a.uscc, "") for n in range(30)]
    response = _upload(admin_client, rows)
    preview_url = response["Location"]
    page = admin_client.get(preview_url).content.decode()
    assert "全部30行检查通过" in page and "20行示例（有问题的行、有变化的行在前" in page
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    assert reverse("accounts:users_import_confirm", args=[token]) in page
    assert not User.objects.filter(username__startswith="hj").exists()

    done = admin_client.post(reverse("accounts:users_import_confirm", args=[token]))
    write = Job.objects.get(task="xuehui.imports.tasks.import_write")
    assert done["Location"] == reverse("imports:job_result", args=[write.pk])
    assert User.objects.filter(username__startswith="hj", must_change_password=True).count() == 30
    assert set(write.result["password_file"]) == {"key", "count", "title"}  # no password
    result = admin_client.get(done["Location"]).content.decode()
    collect = reverse("accounts:users_import_passwords", args=[write.pk])
    assert "领取初始密码文件" in result and collect in result

    file_page = admin_client.get(collect)
    download = admin_client.post(file_page["Location"])
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert sorted(row[0] for row in rows[2:]) == sorted(f"hj{n}" for n in range(30))
    assert admin_client.get(collect).status_code == 404  # collected once
    assert default_storage.listdir("accounts/passwords")[1] == []
