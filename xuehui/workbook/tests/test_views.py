"""The workbook pages: downloads, upload → preview of every sheet → confirm; scoping; budgets."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xuehui.governance.choices import Office
from xuehui.imports.tests.files import client_tokens
from xuehui.meetings.models import Meeting
from xuehui.tests import factories

from .factories import populate, read_back, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEETING_HEADER = ["会议类型", "日期", "应到人数", "实到人数", "会议纪要", "监事列席"]


def upload(data: bytes, name: str = "工作簿.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def meetings_workbook(rows) -> bytes:
    return xlsx({"会议": [MEETING_HEADER, *rows]})


def post_workbook(client, society, data: bytes, name: str = "工作簿.xlsx"):
    return client.post(reverse("workbook:society", args=[society.pk]), {"file": upload(data, name)})


def pending_token(client) -> str:
    (token,) = client_tokens(client)
    return token


def test_the_page_offers_downloads_and_the_upload_to_editors(
    secretary_a_client, viewer_client, society_a
):
    url = reverse("workbook:society", args=[society_a.pk])
    content = secretary_a_client.get(url).content.decode()
    assert reverse("workbook:export", args=[society_a.pk]) in content
    assert reverse("workbook:blank") in content
    assert "上传并预览" in content
    assert '会议类型<span class="text-danger">*</span>、日期' in content
    assert "上传并预览" not in viewer_client.get(url).content.decode()


def test_every_role_downloads_masked_numbers_and_editors_full_ones_with_a_reason(
    secretary_a_client, viewer_client, society_a
):
    term = factories.make_term(
        society_a, number=5, start_on=dt.date.today() - dt.timedelta(days=30)
    )
    id_number = factories.make_id_number(dt.date(1965, 3, 8))
    person = factories.make_person(id_number=id_number, birth_date=dt.date(1965, 3, 8))
    factories.make_position(term, Office.PRESIDENT, person)
    url = reverse("workbook:export", args=[society_a.pk])
    response = secretary_a_client.get(url)
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    own = read_back(response.content)["理事会成员"]
    masked = read_back(viewer_client.get(url).content)["理事会成员"]
    column = own[0].index("身份证号码")
    assert own == masked and "*" in masked[1][column]
    full_url = reverse("workbook:export_full", args=[society_a.pk])
    full = read_back(secretary_a_client.post(full_url, {"reason": "核对完整号码"}).content)
    assert full["理事会成员"][1][column] == id_number


def test_the_blank_workbook_has_every_sheet_and_no_data(secretary_a_client):
    sheets = read_back(secretary_a_client.get(reverse("workbook:blank")).content)
    assert list(sheets) == [
        "基本信息",
        "届次",
        "理事会成员",
        "会员统计",
        "专职工作人员",
        "办公场所",
        "党组织",
        "分支机构",
        "会议",
        "活动",
        "制度",
        "财务",
        "填表说明",
    ]
    assert all(
        len(rows) == 1 for name, rows in sheets.items() if name not in {"基本信息", "填表说明"}
    )


def test_upload_preview_and_confirm(
    secretary_a_client, secretary_b_client, society_a, media_in_tmp
):
    response = post_workbook(
        secretary_a_client,
        society_a,
        meetings_workbook([["理事会", "2024-03-01", 60, 50, "是", "是"]]),
    )
    token = pending_token(secretary_a_client)
    assert response["Location"] == reverse("workbook:preview", args=[token])
    preview = secretary_a_client.get(response["Location"])
    content = preview.content.decode()
    assert "整个工作簿检查通过" in content
    assert "「会议」新增1次，更新0次，未变化0次" in content
    assert not Meeting.objects.exists()
    done = secretary_a_client.post(reverse("workbook:confirm", args=[token]))
    # Post/redirect/get: the result page has its own address and reloads without posting.
    assert done.status_code == 302
    assert done["Location"] == reverse("workbook:done", args=[token])
    page = secretary_a_client.get(done["Location"])
    assert page.status_code == 200 and "导入。" in page.content.decode()
    assert secretary_a_client.get(done["Location"]).status_code == 200
    assert secretary_b_client.get(done["Location"]).status_code == 404  # nobody else's
    assert Meeting.objects.filter(society=society_a).count() == 1
    assert not list((media_in_tmp / "imports").iterdir())
    assert client_tokens(secretary_a_client) == []


def test_a_bad_workbook_shows_every_problem_and_cannot_be_confirmed(secretary_a_client, society_a):
    post_workbook(
        secretary_a_client,
        society_a,
        meetings_workbook([["理事会", "2024-03-01", 60, 70, "是", "是"]]),
    )
    token = pending_token(secretary_a_client)
    content = secretary_a_client.get(reverse("workbook:preview", args=[token])).content.decode()
    assert "「会议」第2行 「实到人数」：实到人数不能多于应到人数" in content
    assert reverse("workbook:confirm", args=[token]) not in content
    response = secretary_a_client.post(reverse("workbook:confirm", args=[token]))
    assert response.status_code == 422
    assert not Meeting.objects.exists()


def test_cancel_deletes_the_waiting_file(secretary_a_client, society_a, media_in_tmp):
    post_workbook(secretary_a_client, society_a, meetings_workbook([]))
    token = pending_token(secretary_a_client)
    response = secretary_a_client.post(reverse("workbook:cancel", args=[token]))
    assert response["Location"] == reverse("workbook:society", args=[society_a.pk])
    assert not list((media_in_tmp / "imports").iterdir())


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("工作簿.csv", "会议类型,日期\n理事会,2024-03-01\n".encode(), "不能是CSV"),
        ("工作簿.xlsx", b"MZ\x90\x00" + b"\x00" * 100, "不是Excel表格"),
    ],
)
def test_a_csv_or_a_disguised_file_is_refused(secretary_a_client, society_a, name, data, message):
    response = post_workbook(secretary_a_client, society_a, data, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert client_tokens(secretary_a_client) == []


def test_an_oversized_file_is_refused(secretary_a_client, society_a, settings):
    settings.XUEHUI_MAX_UPLOAD_BYTES = 1000
    response = post_workbook(
        secretary_a_client, society_a, meetings_workbook([["理事会", "2024-03-01"]] * 50)
    )
    assert "超过上限1,000 字节" in response.content.decode()


def test_pages_and_downloads_are_scoped(
    secretary_b_client, viewer_client, anonymous_client, society_a
):
    for name in ("society", "export", "year_overview"):
        url = reverse(f"workbook:{name}", args=[society_a.pk])
        assert secretary_b_client.get(url).status_code == 404
        assert anonymous_client.get(url).status_code == 302
    page = reverse("workbook:society", args=[society_a.pk])
    assert secretary_b_client.post(page, {"file": upload(meetings_workbook([]))}).status_code == 404
    assert viewer_client.post(page, {"file": upload(meetings_workbook([]))}).status_code == 403
    assert anonymous_client.get(reverse("workbook:blank")).status_code == 302


def test_another_user_s_waiting_import_is_not_found(
    secretary_a_client, secretary_b_client, society_a
):
    post_workbook(
        secretary_a_client,
        society_a,
        meetings_workbook([["理事会", "2024-03-01", 1, 1, "是", "是"]]),
    )
    token = pending_token(secretary_a_client)
    assert secretary_b_client.get(reverse("workbook:preview", args=[token])).status_code == 404
    assert secretary_b_client.post(reverse("workbook:confirm", args=[token])).status_code == 404
    assert not Meeting.objects.exists()


def test_the_preview_query_count_does_not_grow_with_rows(
    secretary_a_client, society_a, django_assert_max_num_queries
):
    def preview_of(rows) -> None:
        post_workbook(secretary_a_client, society_a, meetings_workbook(rows))
        token = client_tokens(secretary_a_client)[-1]
        return reverse("workbook:preview", args=[token])

    small = preview_of([["理事会", f"2024-03-0{i}", 10, 9, "是", "是"] for i in range(1, 4)])
    with django_assert_max_num_queries(40) as budget:
        secretary_a_client.get(small)
    limit = len(budget.captured_queries)  # read now: the next request resets the query log
    large = preview_of(
        [
            ["理事会", dt.date(2024, 1, 1) + dt.timedelta(days=i), 10, 9, "是", "是"]
            for i in range(60)
        ]
    )
    with django_assert_max_num_queries(limit):
        response = secretary_a_client.get(large)
    assert "新增60次" in response.content.decode()


def test_the_page_query_count_does_not_grow_with_records(
    secretary_a_client, society_a, django_assert_max_num_queries
):
    url = reverse("workbook:society", args=[society_a.pk])
    with django_assert_max_num_queries(20) as budget:
        secretary_a_client.get(url)
    populate(society_a)
    with django_assert_max_num_queries(len(budget.captured_queries)):
        secretary_a_client.get(url)


def test_a_large_workbook_is_checked_and_imported_by_a_task(
    settings, secretary_a_client, society_a, media_in_tmp
):
    from xuehui.jobs.models import Job

    settings.XUEHUI_IMPORT_INLINE_BYTES = 0
    rows = [["理事会", f"2024-03-{day:02d}", 60, 50, "是", "是"] for day in range(1, 4)]
    response = post_workbook(secretary_a_client, society_a, meetings_workbook(rows))
    page = secretary_a_client.get(response["Location"]).content.decode()
    assert "全部3行检查通过" in page and "「会议」" in page and "新增3次" in page
    assert not Meeting.objects.exists()

    token = pending_token(secretary_a_client)
    done = secretary_a_client.post(reverse("workbook:confirm", args=[token]))
    write = Job.objects.get(task="xuehui.imports.tasks.import_write")
    assert done["Location"] == reverse("imports:job_result", args=[write.pk])
    assert Meeting.objects.filter(society=society_a).count() == 3
    result = secretary_a_client.get(done["Location"]).content.decode()
    assert "导入完成" in result and "全部3行已写入" in result
    assert client_tokens(secretary_a_client) == []


def test_a_large_workbook_with_a_bad_row_is_reported_and_offers_no_confirm(
    settings, secretary_a_client, society_a, media_in_tmp
):
    settings.XUEHUI_IMPORT_INLINE_BYTES = 0
    rows = [
        ["理事会", "2024-03-01", 60, 50, "是", "是"],
        ["理事会", "不是日期", 60, 50, "是", "是"],
    ]
    response = post_workbook(secretary_a_client, society_a, meetings_workbook(rows))
    page = secretary_a_client.get(response["Location"]).content.decode()
    assert "发现1处问题" in page and "「日期」" in page
    assert reverse("workbook:confirm", args=[pending_token(secretary_a_client)]) not in page
    assert not Meeting.objects.exists()
