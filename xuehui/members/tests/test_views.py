import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from xuehui.files.models import StoredFile
from xuehui.imports.tests.files import client_tokens
from xuehui.members.models import IndividualMember, MembershipProfile, MemberYearStat
from xuehui.tests.factories import make_id_number

from .factories import make_individual_member, make_institutional_member, make_year_stat

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_a(society_a):
    return make_individual_member(
        society_a, id_number=make_id_number(dt.date(1980, 5, 1)), phone="13812345678"
    )


def society_pages(society):
    return [
        reverse("members:overview", args=[society.pk]),
        reverse("members:individuals", args=[society.pk]),
        reverse("members:institutions", args=[society.pk]),
        reverse("members:export", args=[society.pk, "individual"]),
    ]


def write_pages(society, member, stat):
    return [
        reverse("members:profile_edit", args=[society.pk]),
        reverse("members:individual_create", args=[society.pk]),
        reverse("members:institutional_create", args=[society.pk]),
        reverse("members:stat_create", args=[society.pk]),
        reverse("members:import", args=[society.pk]),
        reverse("members:individual_edit", args=[member.pk]),
        reverse("members:individual_delete", args=[member.pk]),
        reverse("members:stat_edit", args=[stat.pk]),
        reverse("members:stat_delete", args=[stat.pk]),
    ]


def test_the_secretary_of_another_society_gets_404_everywhere(
    secretary_b_client, society_a, member_a
):
    stat = make_year_stat(society_a, 2016, 100)
    for url in society_pages(society_a) + write_pages(society_a, member_a, stat):
        assert secretary_b_client.get(url).status_code == 404, url
        assert secretary_b_client.post(url, {}).status_code in {404, 405}, url


def test_a_read_only_leader_sees_but_gets_403_on_writes(viewer_client, society_a, member_a):
    stat = make_year_stat(society_a, 2016, 100)
    for url in society_pages(society_a):
        assert viewer_client.get(url).status_code == 200, url
    for url in write_pages(society_a, member_a, stat):
        assert viewer_client.post(url, {"name": "x"}).status_code == 403, url
    assert IndividualMember.objects.filter(pk=member_a.pk).exists()


def test_anonymous_is_sent_to_login(anonymous_client, society_a):
    response = anonymous_client.get(reverse("members:individuals", args=[society_a.pk]))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_id_numbers_and_phones_are_masked_for_a_read_only_user(viewer_client, society_a, member_a):
    html = viewer_client.get(reverse("members:individuals", args=[society_a.pk])).content.decode()
    assert member_a.id_number not in html and member_a.id_number_masked in html


def test_the_secretary_sees_masked_id_numbers_and_the_unmasking(
    secretary_a_client, society_a, member_a
):
    html = secretary_a_client.get(
        reverse("members:individuals", args=[society_a.pk])
    ).content.decode()
    assert member_a.id_number not in html and member_a.id_number_masked in html
    assert reverse("members:individual_unmask", args=[member_a.pk]) in html


def test_the_export_is_masked_for_a_read_only_user(viewer_client, society_a, member_a):
    response = viewer_client.get(reverse("members:export", args=[society_a.pk, "individual"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert member_a.id_number_masked in values and member_a.id_number not in values
    assert "138****5678" in values


@pytest.mark.parametrize("name", ["members:individuals", "members:institutions"])
def test_register_lists_take_a_bounded_number_of_queries(
    django_assert_max_num_queries, secretary_a_client, society_a, name
):
    def fill(n):
        for _ in range(n):
            make_individual_member(society_a)
            make_institutional_member(society_a)

    url = reverse(name, args=[society_a.pk])
    fill(3)
    with django_assert_max_num_queries(12) as small:
        assert secretary_a_client.get(url).status_code == 200
    fill(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert secretary_a_client.get(url + "?per_page=50").status_code == 200


def test_overview_takes_a_bounded_number_of_queries(
    django_assert_max_num_queries, secretary_a_client, society_a
):
    MembershipProfile.objects.create(society=society_a, register_since=2020)
    url = reverse("members:overview", args=[society_a.pk])
    make_year_stat(society_a, 2016, 10)
    with django_assert_max_num_queries(14) as small:
        assert secretary_a_client.get(url).status_code == 200
    for year in range(2017, 2020):
        make_year_stat(society_a, year, 10)
    for _ in range(30):
        make_individual_member(society_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = secretary_a_client.get(url)
    assert "会员名册" in response.content.decode()


def test_the_register_list_filters_by_status_and_name(secretary_a_client, society_a):
    make_individual_member(society_a, name="张在册")
    make_individual_member(
        society_a, name="李退会", status="withdrawn", left_on=dt.date(2022, 1, 1)
    )
    url = reverse("members:individuals", args=[society_a.pk])
    html = secretary_a_client.get(url, {"status": "withdrawn"}).content.decode()
    assert "李退会" in html and "张在册" not in html
    html = secretary_a_client.get(url, {"q": "张"}, HTTP_HX_REQUEST="true").content.decode()
    assert "张在册" in html and "李退会" not in html and "<html" not in html


def test_the_secretary_adds_a_member_and_an_id_number_fills_birth_and_gender(
    secretary_a_client, society_a
):
    number = make_id_number(dt.date(1988, 7, 6), male=False)
    response = secretary_a_client.post(
        reverse("members:individual_create", args=[society_a.pk]),
        {"name": "王芳", "member_number": "A9", "id_number": number, "status": "active"},
    )
    assert response.status_code == 302
    member = IndividualMember.objects.get(name="王芳")
    assert (member.birth_date, member.gender) == (dt.date(1988, 7, 6), "female")


def test_a_bad_id_number_is_a_chinese_error_on_the_form(secretary_a_client, society_a):
    response = secretary_a_client.post(
        reverse("members:individual_create", args=[society_a.pk]),
        {"name": "王芳", "id_number": "420106198807060000", "status": "active"},
    )
    assert response.status_code == 200
    assert "身份证号码校验位不正确" in response.content.decode()
    assert not IndividualMember.objects.exists()


def test_a_duplicate_year_statistic_is_refused_on_the_form(secretary_a_client, society_a):
    make_year_stat(society_a, 2016, 100)
    response = secretary_a_client.post(
        reverse("members:stat_create", args=[society_a.pk]),
        {"year": 2016, "individual_count": 120, "institutional_count": 0},
    )
    assert "该学会已有该年度的会员统计" in response.content.decode()
    assert MemberYearStat.objects.get().individual_count == 100


def test_the_secretary_deletes_a_member(secretary_a_client, member_a):
    response = secretary_a_client.post(reverse("members:individual_delete", args=[member_a.pk]))
    assert response.status_code == 302
    assert not IndividualMember.objects.exists()


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content, name="名册.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _upload_register(client, society, content, kind="individual"):
    response = client.post(
        reverse("members:import", args=[society.pk]), {"kind": kind, "file": upload(content)}
    )
    assert response.status_code == 302
    return response["Location"]


def test_web_import_previews_errors_first_and_writes_nothing(secretary_a_client, society_a):
    content = xlsx([["会员编号", "姓名"], ["A1", "甲"], ["A2", ""]])
    url = _upload_register(secretary_a_client, society_a, content)
    (token,) = client_tokens(secretary_a_client)
    assert url == reverse("members:import_preview", args=[token])
    html = secretary_a_client.get(url).content.decode()
    assert "第3行 「姓名」：必填项为空" in html and "确认导入" not in html
    assert secretary_a_client.post(url).status_code == 422
    assert not IndividualMember.objects.exists()


def test_web_import_confirms_and_writes_every_row(secretary_a_client, society_a, media_in_tmp):
    content = xlsx([["会员编号", "姓名", "入会日期"], ["A1", "甲", "2019.01"], ["A2", "乙", ""]])
    url = _upload_register(secretary_a_client, society_a, content)
    html = secretary_a_client.get(url).content.decode()
    assert "全部2行检查通过。确认后将：新增2" in html and "确认导入" in html
    assert not IndividualMember.objects.exists()  # the check rolled its dry run back
    done = secretary_a_client.post(url)
    assert done.status_code == 302
    assert done["Location"] == reverse("members:individuals", args=[society_a.pk])
    assert IndividualMember.objects.count() == 2
    assert client_tokens(secretary_a_client) == []  # the uploaded register is not kept
    assert not list((media_in_tmp / "imports").iterdir())
    assert not StoredFile.objects.exists()


def test_the_preview_masks_id_numbers_and_phones(secretary_a_client, society_a):
    content = xlsx([["姓名", "身份证号码", "手机"], ["甲", "420106198005120017", "13912345678"]])
    html = secretary_a_client.get(_upload_register(secretary_a_client, society_a, content))
    html = html.content.decode()
    assert "420106198005120017" not in html and "13912345678" not in html
    assert "139****5678" in html


def test_web_import_refuses_a_file_that_is_no_spreadsheet(secretary_a_client, society_a):
    response = secretary_a_client.post(
        reverse("members:import", args=[society_a.pk]),
        {"kind": "individual", "file": upload(b"MZ\x90\x00" + b"\x00" * 60)},
    )
    assert response.status_code == 200
    assert "可执行程序" in response.content.decode()
    assert client_tokens(secretary_a_client) == [] and not StoredFile.objects.exists()


def test_another_society_cannot_preview_an_uploaded_register(
    secretary_a_client, secretary_b_client, society_a
):
    url = _upload_register(
        secretary_a_client, society_a, xlsx([["会员编号", "姓名"], ["A1", "甲"]])
    )
    assert secretary_b_client.get(url).status_code == 404
    assert secretary_b_client.post(url).status_code == 404
    assert not IndividualMember.objects.exists()


def test_a_large_register_is_checked_and_imported_by_a_task(
    settings, secretary_a_client, society_a
):
    from xuehui.jobs.models import Job

    settings.XUEHUI_IMPORT_INLINE_BYTES = 0
    rows = [["姓名", "出生日期"]] + [[f"会员{n}", "1980.05"] for n in range(40)]
    url = _upload_register(secretary_a_client, society_a, xlsx(rows))
    html = secretary_a_client.get(url).content.decode()
    assert "全部40行检查通过" in html and "20行示例（有问题的行、有变化的行在前" in html
    done = secretary_a_client.post(url)
    write = Job.objects.get(task="xuehui.imports.tasks.import_write")
    assert done["Location"] == reverse("imports:job_result", args=[write.pk])
    assert IndividualMember.objects.filter(society=society_a).count() == 40
    result = secretary_a_client.get(done["Location"]).content.decode()
    assert "全部40行已写入" in result
    assert reverse("members:individuals", args=[society_a.pk]) in result


def test_the_blank_template_has_the_import_columns(secretary_a_client):
    response = secretary_a_client.get(reverse("members:import_template", args=["individual"]))
    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:2] == ["会员编号", "姓名"] and "身份证号码" in header
    assert book.sheetnames[1] == "填写说明"


def test_a_second_confirm_of_an_imported_register_says_when_and_writes_nothing(
    secretary_a_client, society_a
):
    content = xlsx([["姓名", "出生日期"], ["甲", "1980.05"], ["乙", "1981.06"]])
    url = _upload_register(secretary_a_client, society_a, content)
    assert secretary_a_client.post(url).status_code == 302
    again = secretary_a_client.post(url)
    assert again.status_code == 409
    assert "该文件已于" in again.content.decode()
    assert secretary_a_client.get(url).status_code == 409
    assert IndividualMember.objects.count() == 2


def test_a_register_confirm_while_another_imports_it_writes_nothing(
    secretary_a_client, secretary_a, society_a
):
    from django.core.files.storage import default_storage

    from xuehui.imports.claims import import_claim
    from xuehui.imports.models import PendingImport
    from xuehui.imports.pending import Pending

    content = xlsx([["姓名", "出生日期"], ["甲", "1980.05"]])
    url = _upload_register(secretary_a_client, society_a, content)
    pending = PendingImport.objects.get()
    with default_storage.open(pending.key, "rb") as handle:
        data = handle.read()
    other = Pending(
        token="other-upload",
        kind=pending.kind,
        key="",
        filename="名册.xlsx",
        params=pending.params,
        created=pending.created,
    )
    with import_claim(pending=other, user=secretary_a, data=data):  # the other confirm, writing
        response = secretary_a_client.post(url)
    assert response.status_code == 409
    assert "该文件正在导入" in response.content.decode()
    assert not IndividualMember.objects.exists()
    assert PendingImport.objects.exists()


def test_an_update_preview_shows_old_and_new_and_counts_unchanged_rows(
    secretary_a_client, society_a
):
    first = xlsx(
        [["会员编号", "姓名", "工作单位"], ["A1", "甲", "武汉大学"], ["A2", "乙", "华中科技大学"]]
    )
    secretary_a_client.post(_upload_register(secretary_a_client, society_a, first))
    again = xlsx(
        [
            ["会员编号", "姓名", "工作单位"],
            ["A1", "甲", "武汉理工大学"],
            ["A2", "乙", "华中科技大学"],
        ]
    )
    html = secretary_a_client.get(_upload_register(secretary_a_client, society_a, again))
    html = html.content.decode()
    assert (
        '<span class="text-decoration-line-through text-body-secondary">武汉大学</span> → 武汉理工大学'
        in html
    )
    assert "更新1项" in html and "无变化" in html
    assert "新增0名，更新1名，未变化1名" in html
    # a cell cut to its column's width tells its whole text on hover, the old value with it
    assert 'title="原为：武汉大学；现为：武汉理工大学"' in html
    assert 'title="华中科技大学"' in html


def _register_upload(client, society, content, name):
    return client.post(
        reverse("members:import", args=[society.pk]),
        {"kind": "individual", "file": upload(content, name)},
    )


def test_a_register_arrives_as_wps_et_or_as_a_word_table(secretary_a_client, society_a):
    from docx import Document

    from xuehui.lib.tests.xls import xls_bytes

    et = xls_bytes([["会员编号", "姓名"], ["E1", "甲"]])
    response = _register_upload(secretary_a_client, society_a, et, "名册.et")
    assert response.status_code == 302
    assert secretary_a_client.post(response["Location"]).status_code == 302
    document = Document()
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(
        table.rows[0].cells + table.rows[1].cells, ["会员编号", "姓名", "D1", "乙"], strict=True
    ):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    response = _register_upload(secretary_a_client, society_a, buffer.getvalue(), "名册.docx")
    assert response.status_code == 302
    assert secretary_a_client.post(response["Location"]).status_code == 302
    assert set(IndividualMember.objects.values_list("name", flat=True)) == {"甲", "乙"}


@pytest.mark.parametrize("name", ["名册.doc", "名册.wps", "名册.ppt", "名册.dps"])
def test_old_word_wps_and_slides_are_refused_with_what_to_do(secretary_a_client, society_a, name):
    from xuehui.lib.tests.xls import xls_bytes

    ole = xls_bytes([["会员编号", "姓名"], ["E1", "甲"]])  # the same container as .doc/.ppt
    response = _register_upload(secretary_a_client, society_a, ole, name)
    assert response.status_code == 200
    assert "请另存为 .docx 或 .xlsx 后上传" in response.content.decode()
    assert not IndividualMember.objects.exists()


def test_the_register_is_searched_by_pinyin_initials_and_sorted_by_pinyin(
    secretary_a_client, society_a
):
    """ux item 8: zs finds 张三; members without a number sort by the name's pinyin."""
    from xuehui.members.tests.factories import make_individual_member

    for name in ("张三", "曾国华", "阿丽", "王五"):
        make_individual_member(society_a, name=name, member_number="")
    url = reverse("members:individuals", args=[society_a.pk])
    found = secretary_a_client.get(url, {"q": "zs"}).content.decode()
    assert "张三" in found and "王五" not in found
    assert "曾国华" in secretary_a_client.get(url, {"q": "zgh"}).content.decode()  # 曾 as zeng
    page = secretary_a_client.get(url).content.decode()
    assert page.index("阿丽") < page.index("王五") < page.index("曾国华") < page.index("张三")


def test_a_member_units_name_is_read_by_phrase(society_a):
    from xuehui.members.tests.factories import make_institutional_member

    unit = make_institutional_member(society_a, name="重庆大学")
    assert unit.name_pinyin == "chongqingdaxue"  # not zhongqing, as 重 alone would read
