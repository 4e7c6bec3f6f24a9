"""W1 replayed: one society's secretary, knowing the ID number of another society's council
member, tries to overwrite or read that member's record through the three paths the
security review used (the new-post form, the roster import, the workbook's council sheet)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xuehui.access import SYSTEM
from xuehui.audit.models import AuditEntry
from xuehui.governance.choices import Office, PoliticalStatus
from xuehui.governance.importers import RosterImporter
from xuehui.governance.models import Identity, Person, Position, Term
from xuehui.governance.selectors import posts_elsewhere
from xuehui.imports.tests.files import client_tokens, xlsx_bytes
from xuehui.tests import factories
from xuehui.workbook.tests.factories import xlsx

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BIRTH = dt.date(1969, 2, 19)
HEADER = ["序号", "姓名*", "身份证号码", "学会职务*"]


@pytest.fixture
def victim(society_b):
    """张平磊, vice-president of society B, with the details society B recorded."""
    term = factories.make_term(society_b, start_on=dt.date.today() - dt.timedelta(days=30))
    person = factories.make_person(
        society=society_b,
        name="张平磊",
        birth_date=BIRTH,
        id_number=factories.make_id_number(BIRTH, male=True),
        phone="15848242251",
        employer="长江大学",
        title="教授",
        political_status=PoliticalStatus.PARTY_MEMBER,
        education="博士研究生",
    )
    factories.make_position(term, Office.VICE_PRESIDENT, person=person)
    return person


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    """Stored files go to a temporary folder, never the development media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def term_a(society_a):
    return factories.make_term(society_a, start_on=dt.date.today() - dt.timedelta(days=30))


def as_stored(person: Person) -> dict:
    return model_to_dict(Person.objects.get(pk=person.pk))


def own_record(society, number: str) -> Person:
    return Person.objects.get(society=society, id_number=number)


def pending_token(client) -> str:
    (token,) = client_tokens(client)
    return token


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def test_the_new_post_form_cannot_rewrite_another_societys_person(
    secretary_a_client, society_a, term_a, victim
):
    before = as_stored(victim)
    response = secretary_a_client.post(
        reverse("governance:position_create", args=[society_a.pk, term_a.pk]),
        {
            "office": Office.DIRECTOR,
            "consecutive_terms": 1,
            "new-name": "冒名顶替",
            "new-id_number": victim.id_number,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert as_stored(victim) == before
    ours = own_record(society_a, victim.id_number)
    assert ours.pk != victim.pk and ours.name == "冒名顶替"
    # Nothing of B's record reaches A, and the page does not say the number was known.
    assert (ours.phone, ours.employer, ours.title) == ("", "", "")
    page = response.content.decode()
    assert "已关联" not in page and "15848242251" not in page and "长江大学" not in page
    # Linked for the 科协 through the shared identity.
    assert ours.identity_id == victim.identity_id
    entry = AuditEntry.objects.get(action="person_create")
    assert (entry.society_id, entry.target_id) == (society_a.pk, str(ours.pk))
    assert not AuditEntry.objects.filter(target_id=str(victim.pk), action="person_update")


def test_the_new_post_form_reads_alike_for_a_number_known_elsewhere_or_not(
    secretary_a_client, society_a, term_a, victim
):
    unknown = factories.make_id_number(dt.date(1971, 4, 7), male=True)

    def message(number: str, name: str) -> str:
        data = {"office": Office.DIRECTOR, "consecutive_terms": 1, "new-name": name}
        response = secretary_a_client.post(
            reverse("governance:position_create", args=[society_a.pk, term_a.pk]),
            data | {"new-id_number": number},
            follow=True,
        )
        return [str(m) for m in response.context["messages"]][0].replace(name, "")

    assert message(victim.id_number, "甲") == message(unknown, "乙")


def test_the_roster_import_cannot_rewrite_or_reveal_another_societys_person(
    secretary_a_client, society_a, victim, media_in_tmp
):
    before = as_stored(victim)
    unknown = factories.make_id_number(dt.date(1971, 4, 7), male=True)
    rows = [HEADER, [1, "某某某", victim.id_number, "理事"], [2, "某某乙", unknown, "理事"]]
    response = secretary_a_client.post(
        reverse("governance:roster_import", args=[society_a.pk]),
        {
            "term_number": 98,
            "term_start": "1990-01-01",
            "term_end": "1995-01-01",
            "file": upload(xlsx_bytes(rows), "名册.xlsx"),
        },
    )
    assert response.status_code == 302
    preview = secretary_a_client.get(response["Location"]).content.decode()
    # No oracle: both rows say the same, whether the number is registered elsewhere or not.
    assert "更新人员" not in preview
    assert preview.count("新增人员，新增理事") == 2
    token = pending_token(secretary_a_client)
    done = secretary_a_client.post(reverse("imports:confirm", args=[token]), follow=True)
    assert done.status_code == 200
    assert as_stored(victim) == before
    ours = own_record(society_a, victim.id_number)
    assert ours.pk != victim.pk and (ours.phone, ours.employer) == ("", "")
    edit = secretary_a_client.get(reverse("governance:person_edit", args=[society_a.pk, ours.pk]))
    assert "15848242251" not in edit.content.decode()
    # B's record is not reachable through A's pages either.
    other = secretary_a_client.get(
        reverse("governance:person_edit", args=[society_a.pk, victim.pk])
    )
    assert other.status_code == 404


def test_the_workbook_council_sheet_cannot_rewrite_another_societys_person(
    secretary_a_client, society_a, term_a, victim, media_in_tmp
):
    before = as_stored(victim)
    sheet = [["姓名", "身份证号码", "学会职务", "联系电话", "工作单位"]]
    sheet.append(["冒名顶替", victim.id_number, "理事", "13000000000", "某单位"])
    response = secretary_a_client.post(
        reverse("workbook:society", args=[society_a.pk]),
        {"file": upload(xlsx({"理事会成员": sheet}), "工作簿.xlsx")},
    )
    assert response.status_code == 302
    preview = secretary_a_client.get(response["Location"]).content.decode()
    assert "更新人员" not in preview
    token = pending_token(secretary_a_client)
    done = secretary_a_client.post(reverse("workbook:confirm", args=[token]), follow=True)
    assert done.status_code == 200 and "导入。" in done.content.decode()
    assert as_stored(victim) == before
    ours = own_record(society_a, victim.id_number)
    assert (ours.name, ours.phone, ours.employer) == ("冒名顶替", "13000000000", "某单位")
    assert ours.identity_id == victim.identity_id


def test_an_import_updates_only_the_societys_own_record_of_a_shared_identity(
    society_a, society_b, victim
):
    """Both societies record the same person; A's import changes A's record only."""
    factories.make_person(
        society=society_a, name="张平磊", birth_date=BIRTH, id_number=victim.id_number
    )
    before = as_stored(victim)
    rows = [
        ["姓名", "身份证号码", "学会职务", "联系电话"],
        ["张平磊", victim.id_number, "理事", "13900000001"],
    ]
    importer = RosterImporter(
        actor=SYSTEM, society=society_a, term_number=1, term_start=dt.date(2022, 6, 1)
    )
    run = importer.run(xlsx_bytes(rows), filename="名册.xlsx")
    assert run.ok, [str(e) for e in run.errors]
    assert run.result.rows[0].note.startswith("更新人员")  # its own record: it updates that
    assert own_record(society_a, victim.id_number).phone == "13900000001"
    assert as_stored(victim) == before
    assert Identity.objects.count() == 1


# ---------------------------------------------------------------- the 科协's view of the link


def hold_posts(number: str, societies, *, retired=None) -> list[Person]:
    birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    records = []
    for i, society in enumerate(societies):
        term = Term.objects.filter(society=society).first() or factories.make_term(
            society, start_on=dt.date.today() - dt.timedelta(days=30)
        )
        person = factories.make_person(
            society=society,
            name=f"同一人{i}",
            birth_date=birth,
            id_number=number,
            is_retired_official=retired,
        )
        factories.make_position(term, Office.DIRECTOR, person=person)
        records.append(person)
    return records


def test_the_federation_admin_sees_people_holding_posts_in_several_of_its_societies(
    admin_client, federation, society_a, society_b
):
    second = factories.make_society(federation=federation, name="湖北省化学化工学会")
    retired = factories.make_id_number(dt.date(1950, 1, 2), male=True)
    hold_posts(retired, [society_a, second], retired=True)
    across = factories.make_id_number(dt.date(1960, 1, 2), male=True)
    hold_posts(across, [society_a, society_b])  # the second society is another 科协's
    response = admin_client.get(reverse("governance:shared_people"))
    assert response.status_code == 200
    (shared,) = response.context["people"]
    assert shared.identity.id_number == retired and shared.is_retired_official
    page = response.content.decode()
    assert "同一人0" in page and "同一人1" in page and "湖北省化学化工学会" in page
    assert "退（离）休领导干部跨学会任职" in page
    assert retired not in page  # the ID number stays masked
    assert "江西省化学化工学会" not in page


def test_a_secretary_cannot_see_the_cross_society_view(secretary_a_client):
    assert secretary_a_client.get(reverse("governance:shared_people")).status_code == 403


def test_the_cross_society_view_takes_the_same_queries_for_3_or_30_people(
    admin_client, federation, society_a
):
    second = factories.make_society(federation=federation)

    def queries(n: int) -> int:
        for i in range(n - Identity.objects.count()):
            number = factories.make_id_number(dt.date(1950, 1, 1 + i % 28), male=bool(i % 2))
            if not Identity.objects.filter(id_number=number).exists():
                hold_posts(number, [society_a, second])
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(reverse("governance:shared_people"))
        assert len(response.context["people"]) == Identity.objects.count()
        return len(captured)

    assert queries(3) == queries(30)


def test_a_societys_history_shows_its_own_record_only(
    secretary_a_client, secretary_b_client, society_a, society_b, victim
):
    ours = factories.make_person(
        society=society_a, name="张平磊", birth_date=BIRTH, id_number=victim.id_number
    )
    term = factories.make_term(society_a, start_on=dt.date.today() - dt.timedelta(days=30))
    factories.make_position(term, Office.DIRECTOR, person=ours)
    secretary_b_client.post(
        reverse("governance:person_edit", args=[society_b.pk, victim.pk]),
        {"name": "张平磊改", "id_number": victim.id_number, "phone": "15848242251"},
    )
    assert Person.objects.get(pk=victim.pk).name == "张平磊改"
    assert Person.objects.get(pk=ours.pk).name == "张平磊"
    page = secretary_a_client.get(reverse("societies:history", args=[society_a.pk]))
    assert "张平磊改" not in page.content.decode()
    entry = AuditEntry.objects.get(action="person_update")
    assert entry.society_id == society_b.pk


def test_changing_a_records_id_number_links_it_to_that_numbers_identity(
    secretary_b_client, society_b, victim
):
    number = factories.make_id_number(BIRTH, male=True)
    assert number != victim.id_number
    old_identity = victim.identity_id
    response = secretary_b_client.post(
        reverse("governance:person_edit", args=[society_b.pk, victim.pk]),
        {"name": "张平磊", "id_number": number},
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.id_number == number and victim.identity.id_number == number
    assert victim.identity_id != old_identity
    response = secretary_b_client.post(
        reverse("governance:person_edit", args=[society_b.pk, victim.pk]),
        {"name": "张平磊", "id_number_clear": "on", "birth_date": "1969-02-19"},
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert (victim.id_number, victim.identity_id) == ("", None)


def test_posts_elsewhere_names_the_other_societies_of_each_record_in_one_query(
    federation, society_a, society_b, django_assert_num_queries
):
    third = factories.make_society(federation=federation)
    number = factories.make_id_number(dt.date(1950, 1, 2), male=True)
    in_a, in_b, in_third = hold_posts(number, [society_a, society_b, third])
    alone = factories.make_id_number(dt.date(1951, 1, 2), male=True)
    hold_posts(alone, [society_a])
    with django_assert_num_queries(1):
        found = posts_elsewhere([society_a.pk, society_b.pk], dt.date.today())
    assert found == {
        society_a.pk: {in_a.pk: {society_b.pk, third.pk}},
        society_b.pk: {in_b.pk: {society_a.pk, third.pk}},
    }


def test_only_an_administrator_sees_a_persons_records_in_other_societies(
    admin_client, secretary_a_client, federation, society_a
):
    second = factories.make_society(federation=federation, name="湖北省化学化工学会")
    number = factories.make_id_number(dt.date(1950, 1, 2), male=True)
    ours, theirs = hold_posts(number, [society_a, second])
    url = reverse("governance:person_edit", args=[society_a.pk, ours.pk])
    admin_page = admin_client.get(url)
    assert admin_page.context["elsewhere"] == [theirs]
    assert "湖北省化学化工学会" in admin_page.content.decode()
    secretary_page = secretary_a_client.get(url)
    assert "elsewhere" not in secretary_page.context
    assert "湖北省化学化工学会" not in secretary_page.content.decode()


def test_a_post_cannot_name_another_societys_record(society_a, term_a, victim):
    post = Position(person=victim, society=society_a, term=term_a, office=Office.DIRECTOR)
    with pytest.raises(ValidationError, match="人员不是本学会登记的人员"):
        post.full_clean()
