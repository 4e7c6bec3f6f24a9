"""The web flow: upload → preview of every row → confirm; scoping; refusals; query budgets."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xuehui.governance.choices import Office
from xuehui.governance.models import Person, Position, Term
from xuehui.imports.tests.files import client_tokens
from xuehui.societies.models import Society
from xuehui.tests.factories import make_id_number, make_person, make_position, make_term, make_uscc

from .files import csv_bytes, read_xlsx, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROSTER_HEADER = ["姓名", "出生年月", "学会职务", "一线科技工作者"]


def upload(data: bytes, name: str = "名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def roster_post(client, society, rows, **fields):
    data = {
        "term_number": 3,
        "term_start": "2022-06-01",
        "term_end": "",
        "file": upload(xlsx_bytes(rows)),
    }
    return client.post(reverse("governance:roster_import", args=[society.pk]), data | fields)


def pending_token(client) -> str:
    (token,) = client_tokens(client)
    return token


def stored_files(media) -> list:
    folder = media / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


# ---------------------------------------------------------------- roster: the happy path


def test_a_secretary_uploads_previews_and_confirms_a_roster(
    secretary_a_client, society_a, media_in_tmp
):
    rows = [
        ["名册"],
        ROSTER_HEADER,
        ["张三", "1965.03", "会长", "是"],
        ["李四", "1970.01", "理事", "否"],
    ]
    response = roster_post(secretary_a_client, society_a, rows)
    token = pending_token(secretary_a_client)
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:preview", args=[token])
    assert len(stored_files(media_in_tmp)) == 1

    preview = secretary_a_client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert 'id="row-3"' in html and 'id="row-4"' in html
    assert "全部2行检查通过。确认后将：新增2人" in html
    assert reverse("imports:confirm", args=[token]) in html
    assert not Person.objects.exists()  # the preview rolled its dry run back

    done = secretary_a_client.post(reverse("imports:confirm", args=[token]), follow=True)
    assert done.status_code == 200
    assert "新增2人，更新0人，未变化0人" in done.content.decode()
    assert set(Position.objects.values_list("person__name", "office")) == {
        ("张三", Office.PRESIDENT),
        ("李四", Office.DIRECTOR),
    }
    assert Term.objects.get(society=society_a).number == 3
    assert stored_files(media_in_tmp) == []
    assert client_tokens(secretary_a_client) == []


def test_the_preview_highlights_every_wrong_cell_and_offers_no_confirm(
    secretary_a_client, society_a
):
    rows = [
        ROSTER_HEADER,
        ["张三", "1965.13", "会长", "是"],
        ["李四", "1970.01", "学术委员", "也许"],
        ["王五", "1971.01", "理事", "是"],
    ]
    roster_post(secretary_a_client, society_a, rows)
    token = pending_token(secretary_a_client)
    html = secretary_a_client.get(reverse("imports:preview", args=[token])).content.decode()
    assert "发现3处问题（涉及2行），不会写入任何数据" in html
    assert "第2行 「出生年月」：月份13不存在" in html
    assert html.count('class="table-danger"') == 3
    assert 'id="row-4"' in html  # the good row is shown too
    assert reverse("imports:confirm", args=[token]) not in html
    response = secretary_a_client.post(reverse("imports:confirm", args=[token]), follow=True)
    assert response.status_code == 422
    assert not Person.objects.exists()


def test_confirm_validates_again_and_refuses_what_became_wrong(secretary_a_client, society_a):
    roster_post(secretary_a_client, society_a, [ROSTER_HEADER, ["张三", "1965.03", "会长", "是"]])
    token = pending_token(secretary_a_client)
    assert secretary_a_client.get(reverse("imports:preview", args=[token])).status_code == 200
    make_term(society_a, number=3, start_on=dt.date(2021, 1, 1))  # someone else opened term 3
    response = secretary_a_client.post(reverse("imports:confirm", args=[token]), follow=True)
    assert response.status_code == 422
    assert "第3届已存在，开始日期为2021-01-01" in response.content.decode()
    assert not Position.objects.exists()


def test_a_reimport_shows_what_was_updated_and_left_alone(secretary_a_client, society_a):
    term = make_term(society_a, number=3, start_on=dt.date(2022, 6, 1))
    make_position(
        term,
        Office.DIRECTOR,
        make_person(name="张三", birth_date=dt.date(1965, 3, 1), is_frontline=True),
    )
    make_position(term, Office.DIRECTOR, make_person(name="王五", birth_date=dt.date(1966, 3, 1)))
    rows = [ROSTER_HEADER, ["张三", "1965.03", "理事", "是"], ["李四", "1970.01", "监事", "否"]]
    roster_post(secretary_a_client, society_a, rows)
    token = pending_token(secretary_a_client)
    preview = secretary_a_client.get(reverse("imports:preview", args=[token])).content.decode()
    assert "确认后将删除以下1个职务" in preview and "王五（理事）" in preview
    assert 'name="confirm_removals"' in preview
    refused = secretary_a_client.post(reverse("imports:confirm", args=[token]), follow=True)
    assert refused.status_code == 422
    assert "导入将删除第3届（2022.06—2027.06）的1个职务：王五（理事）" in refused.content.decode()
    assert Position.objects.filter(person__name="王五").exists()
    done = secretary_a_client.post(
        reverse("imports:confirm", args=[token]), {"confirm_removals": "1"}
    )
    # Post/redirect/get: the result has its own address; reloading it posts nothing again.
    assert done.status_code == 302 and done["Location"].endswith(f"/pending/{token}/done/")
    html = secretary_a_client.get(done["Location"]).content.decode()
    assert secretary_a_client.get(done["Location"]).status_code == 200
    assert "新增1人，更新0人，未变化1人" in html
    assert "删除职务1个" in html
    assert "李四（监事）" in html and "张三（理事）" in html
    assert not Position.objects.filter(person__name="王五").exists()


def test_a_council_list_deletes_no_supervisor(secretary_a_client, society_a):
    """A file of the 理事会 alone replaces the council's posts and leaves the 监事 alone."""
    term = make_term(society_a, number=3, start_on=dt.date(2022, 6, 1))
    make_position(term, Office.DIRECTOR, make_person(name="张三", birth_date=dt.date(1965, 3, 1)))
    make_position(
        term, Office.CHIEF_SUPERVISOR, make_person(name="赵监", birth_date=dt.date(1960, 1, 1))
    )
    make_position(term, Office.SUPERVISOR, make_person(name="钱监", birth_date=dt.date(1961, 1, 1)))
    rows = [ROSTER_HEADER, ["张三", "1965.03", "理事", "是"], ["孙六", "1971.02", "常务理事", "是"]]
    roster_post(secretary_a_client, society_a, rows)
    token = pending_token(secretary_a_client)
    done = secretary_a_client.post(reverse("imports:confirm", args=[token]), follow=True)
    assert done.status_code == 200, done.content.decode()[-500:]
    held = set(Position.objects.filter(term=term).values_list("person__name", "office"))
    assert held == {
        ("张三", Office.DIRECTOR),
        ("孙六", Office.STANDING_DIRECTOR),
        ("赵监", Office.CHIEF_SUPERVISOR),
        ("钱监", Office.SUPERVISOR),
    }


def test_cancel_deletes_the_stored_file(secretary_a_client, society_a, media_in_tmp):
    roster_post(secretary_a_client, society_a, [ROSTER_HEADER, ["张三", "1965.03", "会长", "是"]])
    token = pending_token(secretary_a_client)
    response = secretary_a_client.post(reverse("imports:cancel", args=[token]))
    assert response["Location"] == reverse("governance:roster_import", args=[society_a.pk])
    assert stored_files(media_in_tmp) == []
    assert secretary_a_client.get(reverse("imports:preview", args=[token])).status_code == 404


def test_a_vanished_file_sends_the_user_back_with_a_message(
    secretary_a_client, society_a, media_in_tmp
):
    roster_post(secretary_a_client, society_a, [ROSTER_HEADER, ["张三", "1965.03", "会长", "是"]])
    token = pending_token(secretary_a_client)
    for path in stored_files(media_in_tmp):
        path.unlink()
    response = secretary_a_client.post(reverse("imports:confirm", args=[token]), follow=True)
    assert "上传的文件已失效，请重新上传" in response.content.decode()
    assert not Person.objects.exists()


def test_the_upload_form_suggests_the_latest_term(secretary_a_client, society_a):
    make_term(society_a, number=4, start_on=dt.date(2023, 3, 1))
    html = secretary_a_client.get(
        reverse("governance:roster_import", args=[society_a.pk])
    ).content.decode()
    assert 'value="4"' in html and 'value="2023-03-01"' in html
    assert reverse("imports:template", args=["roster"]) in html


# ---------------------------------------------------------------- refusals


def test_an_oversized_file_is_refused_before_it_is_stored(
    secretary_a_client, society_a, settings, media_in_tmp
):
    settings.XUEHUI_MAX_UPLOAD_BYTES = 1000
    rows = [ROSTER_HEADER] + [["张三", "1965.03", "会长", "是"]] * 10
    response = roster_post(secretary_a_client, society_a, rows)
    assert response.status_code == 200
    assert "超过上限1,000 字节" in response.content.decode()
    assert stored_files(media_in_tmp) == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("名册.xlsx", b"%PDF-1.7\n\x00\x01\x02 binary", "不是Excel表格"),
        ("名册.pdf", b"%PDF-1.7\n\x00\x01\x02 binary", "仅支持Excel"),
        ("名册.xlsx", b"PK\x03\x04 a zip that is no workbook", "无法读取该Excel文件"),
        ("名册.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是表格"),
    ],
)
def test_a_disguised_file_is_refused_with_a_chinese_message(
    secretary_a_client, society_a, media_in_tmp, name, data, message
):
    url = reverse("governance:roster_import", args=[society_a.pk])
    response = secretary_a_client.post(
        url, {"term_number": 3, "term_start": "2022-06-01", "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored_files(media_in_tmp) == []


def test_the_roster_form_checks_its_dates(secretary_a_client, society_a):
    response = roster_post(secretary_a_client, society_a, [ROSTER_HEADER], term_end="2020-01-01")
    assert "届满日期应晚于开始日期" in response.content.decode()


# ---------------------------------------------------------------- scoping


def test_a_secretary_of_society_b_gets_404_on_roster_import_for_society_a(
    secretary_b_client, society_a
):
    url = reverse("governance:roster_import", args=[society_a.pk])
    assert secretary_b_client.get(url).status_code == 404
    assert (
        roster_post(
            secretary_b_client, society_a, [ROSTER_HEADER, ["张三", "1965.03", "会长", "是"]]
        ).status_code
        == 404
    )
    assert not Term.objects.exists()


def test_a_read_only_user_gets_403_on_roster_import(viewer_client, society_a):
    assert (
        viewer_client.get(reverse("governance:roster_import", args=[society_a.pk])).status_code
        == 403
    )


def test_anonymous_visitors_are_sent_to_login(anonymous_client, society_a):
    for url in (
        reverse("governance:roster_import", args=[society_a.pk]),
        reverse("societies:import"),
        reverse("imports:template", args=["roster"]),
        reverse("imports:preview", args=["abc"]),
    ):
        response = anonymous_client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_another_users_pending_import_does_not_exist_for_them(
    secretary_a_client, admin_client, society_a
):
    roster_post(secretary_a_client, society_a, [ROSTER_HEADER, ["张三", "1965.03", "会长", "是"]])
    token = pending_token(secretary_a_client)
    assert admin_client.get(reverse("imports:preview", args=[token])).status_code == 404
    assert (
        admin_client.post(reverse("imports:confirm", args=[token]), follow=True).status_code == 404
    )
    assert not Person.objects.exists()


def test_an_access_lost_between_upload_and_confirm_stops_the_import(
    secretary_a_client, secretary_a, society_a
):
    roster_post(secretary_a_client, society_a, [ROSTER_HEADER, ["张三", "1965.03", "会长", "是"]])
    token = pending_token(secretary_a_client)
    secretary_a.role_assignments.all().delete()
    assert (
        secretary_a_client.post(reverse("imports:confirm", args=[token]), follow=True).status_code
        == 404
    )
    assert not Person.objects.exists()


@pytest.mark.parametrize("client_name", ["secretary_a_client", "expert_client", "viewer_client"])
def test_only_federation_administrators_may_import_the_registry(request, client_name, society_a):
    client = request.getfixturevalue(client_name)
    assert client.get(reverse("societies:import")).status_code == 403


# ---------------------------------------------------------------- the registry


def test_an_administrator_imports_the_registry_into_a_federation_they_administer(
    admin_client, federation, other_federation
):
    rows = [
        ["学会名称", "统一社会信用代码", "学科类别"],
        ["湖北省数学学会", make_uscc(801), "理科"],
    ]
    page = admin_client.get(reverse("societies:import")).content.decode()
    assert federation.name in page and other_federation.name not in page
    response = admin_client.post(
        reverse("societies:import"),
        {"federation": federation.pk, "file": upload(csv_bytes(rows, encoding="gbk"), "名录.csv")},
    )
    token = pending_token(admin_client)
    assert response["Location"] == reverse("imports:preview", args=[token])
    assert "新增1个学会" in admin_client.get(response["Location"]).content.decode()
    confirmed = admin_client.post(reverse("imports:confirm", args=[token]))
    assert confirmed.status_code == 302  # post/redirect/get: a reload does not post again
    assert confirmed["Location"] == reverse("imports:done", args=[token])
    assert Society.objects.get(uscc=make_uscc(801)).federation == federation
    # ux D13: the back button's cached preview, confirmed again, is told when it was imported
    again = admin_client.post(reverse("imports:confirm", args=[token]), follow=True)
    assert again.status_code == 409 and "该文件已于" in again.content.decode()
    assert Society.objects.filter(uscc=make_uscc(801)).count() == 1


def test_an_administrator_cannot_choose_another_federation(admin_client, other_federation):
    response = admin_client.post(
        reverse("societies:import"),
        {
            "federation": other_federation.pk,
            "file": upload(xlsx_bytes([["学会名称", "统一社会信用代码"]])),
        },
    )
    assert response.status_code == 200
    assert client_tokens(admin_client) == []


def test_the_sidebar_links_administrators_to_the_registry_import(admin_client):
    html = admin_client.get(reverse("societies:import")).content.decode()
    assert f'href="{reverse("societies:import")}"' in html


# ---------------------------------------------------------------- query budgets


@pytest.mark.parametrize("rows", [5, 120])
def test_preview_and_confirm_queries_do_not_grow_with_the_rows(
    secretary_a_client, society_a, django_assert_max_num_queries, rows
):
    data = [ROSTER_HEADER] + [[f"人员{i}", "1965.03", "理事", "是"] for i in range(rows)]
    roster_post(secretary_a_client, society_a, data)
    token = pending_token(secretary_a_client)
    # One budget for 5 and for 120 rows (the preview runs the write phase and rolls it back).
    # SQLite splits a bulk insert by its 999 parameters: 120 people of 18 fields are 4 inserts,
    # 120 posts of 14 fields 2 (PostgreSQL needs one of each). The audit chain adds a few per
    # audited write (its head locked and moved), none per row.
    with django_assert_max_num_queries(56):
        assert secretary_a_client.get(reverse("imports:preview", args=[token])).status_code == 200
    with django_assert_max_num_queries(56):
        assert secretary_a_client.post(reverse("imports:confirm", args=[token])).status_code == 302
    assert Position.objects.count() == rows


# ---------------------------------------------------------------- downloads


@pytest.mark.parametrize(
    ("kind", "title", "first"),
    [("roster", "理事会成员名册", "姓名*"), ("societies", "学会名录", "学会名称*")],
)
def test_the_blank_templates_download(secretary_a_client, kind, title, first):
    response = secretary_a_client.get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    rows = read_xlsx(response.content)
    assert rows[0][0] == title
    assert rows[1][:2] == ["序号", first]
    assert rows[2][0] == "示例"


def test_an_unknown_template_is_404(secretary_a_client):
    assert secretary_a_client.get(reverse("imports:template", args=["members"])).status_code == 404


@pytest.fixture
def term_a(society_a):
    term = make_term(society_a, number=3, start_on=dt.date(2022, 6, 1))
    person = make_person(
        name="张三",
        birth_date=dt.date(1965, 3, 15),
        id_number=make_id_number(dt.date(1965, 3, 15)),
        phone="13912345678",
    )
    make_position(term, Office.PRESIDENT, person)
    return term


def test_an_editor_downloads_the_roster_with_full_id_numbers_for_a_reason(
    secretary_a_client, society_a, term_a
):
    masked = secretary_a_client.get(
        reverse("governance:roster_export", args=[society_a.pk, term_a.pk])
    )
    assert Person.objects.get().id_number not in read_xlsx(masked.content)[2]
    response = secretary_a_client.post(
        reverse("governance:roster_export_full", args=[society_a.pk, term_a.pk]),
        {"reason": "核对完整号码"},
    )
    assert response.status_code == 200
    row = read_xlsx(response.content)[2]
    assert Person.objects.get().id_number in row and "13912345678" in row


def test_a_read_only_user_downloads_the_roster_masked(viewer_client, society_a, term_a):
    response = viewer_client.get(
        reverse("governance:roster_export", args=[society_a.pk, term_a.pk])
    )
    row = read_xlsx(response.content)[2]
    number = Person.objects.get().id_number
    assert number not in row and f"{number[:3]}{'*' * 11}{number[-4:]}" in row
    assert "139****5678" in row


def test_a_secretary_of_society_b_gets_404_on_society_as_roster_download(
    secretary_b_client, society_a, society_b, term_a
):
    assert (
        secretary_b_client.get(
            reverse("governance:roster_export", args=[society_a.pk, term_a.pk])
        ).status_code
        == 404
    )
    # nor through their own society's URL with A's term
    assert (
        secretary_b_client.get(
            reverse("governance:roster_export", args=[society_b.pk, term_a.pk])
        ).status_code
        == 404
    )


def test_roster_download_queries_do_not_grow_with_the_rows(
    secretary_a_client, society_a, term_a, django_assert_max_num_queries
):
    for _ in range(40):
        make_position(term_a, Office.DIRECTOR)
    with django_assert_max_num_queries(12):
        response = secretary_a_client.get(
            reverse("governance:roster_export", args=[society_a.pk, term_a.pk])
        )
    assert len(read_xlsx(response.content)) == 43
