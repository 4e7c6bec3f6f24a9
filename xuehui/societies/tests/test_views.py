"""The society list, its export, a society's basic information and its forms."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from xuehui.accounts.choices import Role
from xuehui.audit.models import AuditEntry
from xuehui.societies.choices import DisciplineCategory, SocietyStatus
from xuehui.societies.models import Society
from xuehui.tests import factories

LIST_URL = reverse("societies:list")


@pytest.fixture
def viewer_client(federation, client):
    leader = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(leader)
    return client


def listed(response) -> list[str]:
    return [society.name for society in response.context["page"].object_list]


# ---------------------------------------------------------------------------------------
# The list


def test_an_administrator_lists_the_societies_of_their_federation_subtree_only(
    admin_client, federation, society_a, society_b
):
    city = factories.make_federation(name="武汉市科协", code="wuhan", parent=federation)
    below = factories.make_society(name="武汉市力学学会", federation=city)
    names = listed(admin_client.get(LIST_URL))
    assert set(names) == {society_a.name, below.name}


def test_a_secretary_lists_only_their_society(secretary_a_client, society_a, society_b):
    assert listed(secretary_a_client.get(LIST_URL)) == [society_a.name]


def test_it_searches_by_name_or_code(admin_client, federation, society_a):
    other = factories.make_society(name="湖北省力学学会", federation=federation)
    assert listed(admin_client.get(LIST_URL, {"q": "力学"})) == [other.name]
    assert listed(admin_client.get(LIST_URL, {"q": society_a.uscc[-6:]})) == [society_a.name]


def test_it_filters_by_category_status_and_federation(admin_client, federation, society_a):
    city = factories.make_federation(name="武汉市科协", code="wuhan", parent=federation)
    medicine = factories.make_society(
        name="湖北省临床肿瘤学会", federation=federation, category=DisciplineCategory.MEDICINE
    )
    stopped = factories.make_society(
        name="湖北省停办学会", federation=city, status=SocietyStatus.INACTIVE
    )
    by_category = listed(admin_client.get(LIST_URL, {"category": DisciplineCategory.MEDICINE}))
    by_status = listed(admin_client.get(LIST_URL, {"status": SocietyStatus.INACTIVE}))
    by_federation = listed(admin_client.get(LIST_URL, {"federation": city.pk}))
    assert by_category == [medicine.name]
    assert by_status == [stopped.name]
    assert by_federation == [stopped.name]


def test_the_federation_filter_does_not_offer_federations_out_of_sight(
    admin_client, society_a, other_federation
):
    response = admin_client.get(LIST_URL, {"federation": other_federation.pk})
    assert other_federation not in response.context["form"].fields["federation"].queryset
    assert listed(response) == [society_a.name]  # an invalid choice is ignored, not obeyed


def test_it_filters_by_host_institution_including_none(admin_client, federation, society_a):
    hosted = factories.make_society(
        name="湖北省岩土学会", federation=federation, host_institution="武汉大学"
    )
    assert listed(admin_client.get(LIST_URL, {"host": "武汉大学"})) == [hosted.name]
    assert listed(admin_client.get(LIST_URL, {"host": "__none__"})) == [society_a.name]
    html = admin_client.get(LIST_URL).content.decode()
    assert "无挂靠" in html and ">武汉大学</option>" in html


def test_it_filters_overdue_terms_and_societies_without_a_term(admin_client, federation):
    today = timezone.localdate()
    overdue = factories.make_society(name="甲学会", federation=federation)
    factories.make_term(
        overdue,
        start_on=today - dt.timedelta(days=2000),
        planned_end_on=today - dt.timedelta(days=10),
    )
    fine = factories.make_society(name="乙学会", federation=federation)
    factories.make_term(fine, start_on=today - dt.timedelta(days=100))
    none = factories.make_society(name="丙学会", federation=federation)
    assert listed(admin_client.get(LIST_URL, {"term_state": "overdue"})) == [overdue.name]
    assert listed(admin_client.get(LIST_URL, {"term_state": "missing"})) == [none.name]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["A学会", "B学会", "C学会"]),
        ("-name", ["C学会", "B学会", "A学会"]),
        ("founded", ["B学会", "C学会", "A学会"]),
        ("-founded", ["A学会", "C学会", "B学会"]),
        ("category", ["C学会", "A学会", "B学会"]),  # 理科, 工科, 医科: the order of the choices
    ],
)
def test_it_sorts_by_the_chosen_column(admin_client, federation, sort, expected):
    factories.make_society(
        name="A学会",
        federation=federation,
        founded_on=dt.date(2001, 1, 1),
        category=DisciplineCategory.ENGINEERING,
    )
    factories.make_society(
        name="B学会",
        federation=federation,
        founded_on=dt.date(1981, 1, 1),
        category=DisciplineCategory.MEDICINE,
    )
    factories.make_society(
        name="C学会",
        federation=federation,
        founded_on=dt.date(1991, 1, 1),
        category=DisciplineCategory.SCIENCE,
    )
    assert listed(admin_client.get(LIST_URL, {"sort": sort})) == expected


def test_it_paginates_with_the_chosen_page_size(admin_client, federation):
    for i in range(55):
        factories.make_society(name=f"学会{i:02d}", federation=federation)
    first = admin_client.get(LIST_URL, {"per_page": 50})
    second = admin_client.get(LIST_URL, {"per_page": 50, "page": 2})
    default = admin_client.get(LIST_URL)
    assert len(first.context["page"].object_list) == 50
    assert listed(second) == [f"学会{i:02d}" for i in range(50, 55)]
    assert len(default.context["page"].object_list) == 20
    assert "下一页" in default.content.decode()


def test_htmx_gets_only_the_results_partial(admin_client, society_a):
    response = admin_client.get(LIST_URL, {"q": "环境"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert society_a.name in html
    assert "<html" not in html and "society-filters" in html  # the sort input names the form
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(admin_client, society_a):
    response = admin_client.get(
        LIST_URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_the_list_flags_synthetic_societies(admin_client, federation):
    factories.make_society(name="虚构学会", federation=federation, is_synthetic=True)
    assert "演示数据，均为虚构" in admin_client.get(LIST_URL).content.decode()


def test_a_list_of_real_societies_has_no_synthetic_banner(admin_client, society_a):
    assert "演示数据，均为虚构" not in admin_client.get(LIST_URL).content.decode()


# ---------------------------------------------------------------------------------------
# Export


def read_xlsx(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_the_export_holds_the_filtered_societies_not_just_one_page(admin_client, federation):
    for i in range(25):
        factories.make_society(
            name=f"工程学会{i:02d}", federation=federation, host_institution="华中科技大学"
        )
    factories.make_society(name="不相干学会", federation=federation)
    response = admin_client.get(
        reverse("societies:export"), {"q": "工程", "per_page": 20, "page": 2, "sort": "-name"}
    )
    rows = read_xlsx(response)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert rows[0][:3] == ("学会名称", "统一社会信用代码", "学科类别")
    names = [row[0] for row in rows[1:]]
    assert names == sorted((f"工程学会{i:02d}" for i in range(25)), reverse=True)
    assert rows[1][2] == "工科" and rows[1][4] == "华中科技大学"


def test_the_export_is_scoped_like_the_list(secretary_a_client, society_a, society_b):
    names = [row[0] for row in read_xlsx(secretary_a_client.get(reverse("societies:export")))[1:]]
    assert names == [society_a.name]


def test_the_export_carries_the_current_term(admin_client, society_a):
    term = factories.make_term(society_a, number=4, start_on=timezone.localdate())
    row = read_xlsx(admin_client.get(reverse("societies:export")))[1]
    assert row[11] == "第4届"
    assert row[12].date() == term.planned_end_on


# ---------------------------------------------------------------------------------------
# Basic information and its form


def test_the_detail_page_shows_the_basic_information(secretary_a_client, society_a):
    response = secretary_a_client.get(reverse("societies:detail", args=[society_a.pk]))
    html = response.content.decode()
    assert society_a.uscc in html
    assert "无挂靠" in html
    assert reverse("societies:edit", args=[society_a.pk]) in html
    assert "演示数据，均为虚构" not in html


def test_the_detail_page_of_a_synthetic_society_says_so(admin_client, federation):
    demo = factories.make_society(name="虚构学会", federation=federation, is_synthetic=True)
    html = admin_client.get(reverse("societies:detail", args=[demo.pk])).content.decode()
    assert "演示数据，均为虚构" in html


def test_the_detail_page_flags_an_overdue_term(admin_client, society_a):
    today = timezone.localdate()
    factories.make_term(
        society_a,
        start_on=today - dt.timedelta(days=2000),
        planned_end_on=today - dt.timedelta(days=1),
    )
    html = admin_client.get(reverse("societies:detail", args=[society_a.pk])).content.decode()
    assert "届满未换届" in html


def society_data(society, **changes) -> dict:
    data = {
        "name": society.name,
        "uscc": society.uscc,
        "category": society.category,
        "supervising_authority": "湖北省科学技术协会",
        "host_institution": "",
        "founded_on": "1979-10-01",
        "address": "武汉市武昌区",
        "phone": "027-87654321",
        "legal_representative": "王明",
        "federation": society.federation_id,
        "status": society.status,
    }
    return data | changes


def test_a_secretary_edits_their_society_through_the_service(secretary_a_client, society_a):
    response = secretary_a_client.post(
        reverse("societies:edit", args=[society_a.pk]),
        society_data(society_a, host_institution="武汉大学"),
    )
    assert response.status_code == 302
    society_a.refresh_from_db()
    assert society_a.host_institution == "武汉大学"
    assert society_a.founded_on == dt.date(1979, 10, 1)
    assert AuditEntry.objects.filter(action="society_update", society=society_a).exists()


def test_a_secretary_cannot_move_their_society_or_change_its_status(
    secretary_a_client, society_a, other_federation
):
    secretary_a_client.post(
        reverse("societies:edit", args=[society_a.pk]),
        society_data(society_a, federation=other_federation.pk, status=SocietyStatus.INACTIVE),
    )
    society_a.refresh_from_db()
    assert society_a.federation != other_federation
    assert society_a.status == SocietyStatus.ACTIVE


def test_an_administrator_creates_a_society_in_a_federation_they_administer(
    admin_client, federation
):
    uscc = factories.make_uscc(987)
    response = admin_client.post(
        reverse("societies:create"),
        society_data(
            Society(
                name="湖北省新学会",
                uscc=uscc.lower(),
                federation=federation,
                category=DisciplineCategory.AGRICULTURE,
            )
        ),
    )
    society = Society.objects.get(name="湖北省新学会")
    assert response.status_code == 302
    assert society.uscc == uscc  # normalised to upper case
    assert society.federation == federation


def test_an_administrator_cannot_create_a_society_elsewhere(admin_client, other_federation):
    data = society_data(
        Society(name="外省学会", uscc=factories.make_uscc(988), federation=other_federation)
    )
    response = admin_client.post(reverse("societies:create"), data)
    assert response.status_code == 200
    assert "federation" in response.context["form"].errors
    assert not Society.objects.filter(name="外省学会").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"uscc": "51420000MJ000001X"}, "uscc", "统一社会信用代码应为18位"),
        ({"uscc": "51420000MJ0000001A"}, "uscc", "校验位不正确"),
        ({"name": ""}, "name", "请填写学会名称"),
        ({"founded_on": "1979-02-30"}, "founded_on", "有效"),
    ],
)
def test_the_society_form_refuses_bad_input_in_chinese(
    admin_client, society_a, changes, field, message
):
    response = admin_client.post(
        reverse("societies:edit", args=[society_a.pk]), society_data(society_a, **changes)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    old_name = society_a.name
    society_a.refresh_from_db()
    assert society_a.name == old_name and society_a.founded_on is None


def test_a_code_already_used_by_another_society_is_refused(admin_client, federation, society_a):
    other = factories.make_society(federation=federation)
    response = admin_client.post(
        reverse("societies:edit", args=[society_a.pk]), society_data(society_a, uscc=other.uscc)
    )
    assert "已有学会使用该统一社会信用代码" in response.context["form"].errors["uscc"]


def test_an_administrator_finds_the_society_import_and_its_template(
    admin_client, secretary_a_client, society_a
):
    admin_html = admin_client.get(LIST_URL).content.decode()
    secretary_html = secretary_a_client.get(LIST_URL).content.decode()
    assert reverse("societies:import") in admin_html
    assert reverse("imports:template", args=["societies"]) in admin_html
    assert reverse("imports:template", args=["societies"]) not in secretary_html


# ---------------------------------------------------------------------------------------
# The contact numbers: an office number is the society's, a mobile is a person's

PHONES = "027-87654321、13912345678"


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("admin_client", PHONES),
        ("secretary_a_client", PHONES),
        ("viewer_client", "027-87654321、139****5678"),
    ],
)
def test_the_society_s_mobile_number_is_masked_for_those_who_do_not_work_with_it(
    request, society_a, who, shown
):
    society_a.phone = PHONES
    society_a.save()
    client = request.getfixturevalue(who)
    page = client.get(reverse("societies:detail", args=[society_a.pk])).content.decode()
    assert shown in page
    if shown != PHONES:
        assert "13912345678" not in page
    export = client.get(reverse("societies:export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("联系电话")
    assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)] == [shown]
