"""Personal data: 「显示完整号码」 with a reason, audited; anonymisation on request that keeps
the statistics (counts, age bands, gender, the compliance facts)."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xuehui.audit.chain import verify_table
from xuehui.audit.models import AuditEntry
from xuehui.governance.choices import Office
from xuehui.governance.models import Identity, Person
from xuehui.governance.services import person_anonymise, person_unmask
from xuehui.rules.facts import gather
from xuehui.tests import factories

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1958, 3, 9)
NUMBER = factories.make_id_number(BIRTH, male=False)


@pytest.fixture
def person(society_a):
    term = factories.make_term(society_a, start_on=dt.date.today() - dt.timedelta(days=30))
    person = factories.make_person(
        society=society_a,
        name="李秀英",
        birth_date=BIRTH,
        id_number=NUMBER,
        phone="13912345678",
        note="住址：武汉",
    )
    factories.make_position(term, Office.PRESIDENT, person=person)
    for n in range(3):
        factories.make_position(
            term,
            Office.DIRECTOR,
            person=factories.make_person(
                society=society_a, name=f"理事{n}", birth_date=dt.date(1975 + n, 6, 1)
            ),
        )
    return person


def unmask_url(person) -> str:
    return reverse("governance:person_unmask", args=[person.society_id, person.pk])


def anonymise_url(person) -> str:
    return reverse("governance:person_anonymise", args=[person.society_id, person.pk])


def test_the_roster_masks_and_offers_the_unmasking_to_its_editors(person, secretary_a_client):
    page = secretary_a_client.get(reverse("governance:council", args=[person.society_id]))
    text = page.content.decode()
    assert NUMBER not in text and "13912345678" not in text
    assert unmask_url(person) in text


def test_unmasking_shows_the_numbers_and_audits_the_reason(person, secretary_a, secretary_a_client):
    response = secretary_a_client.post(
        unmask_url(person), {"reason": "核对换届审批材料"}, REMOTE_ADDR="10.1.2.3"
    )
    text = response.content.decode()
    assert NUMBER in text and "13912345678" in text
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="unmask")
    assert (entry.actor, entry.society_id, entry.target_id) == (
        secretary_a,
        person.society_id,
        str(person.pk),
    )
    assert entry.detail["reason"] == "核对换届审批材料" and entry.address == "10.1.2.3"
    assert "核对换届审批材料" in entry.summary


@pytest.mark.parametrize("reason", ["", "   ", "看看"])
def test_unmasking_without_a_reason_is_refused(person, secretary_a_client, reason):
    response = secretary_a_client.post(unmask_url(person), {"reason": reason})
    text = response.content.decode()
    assert response.status_code == 200 and NUMBER not in text
    assert "事由" in text
    assert not AuditEntry.objects.filter(action="unmask").exists()


def test_the_service_refuses_without_a_reason_or_an_editor(person, expert_user):
    with pytest.raises(ValidationError):
        person_unmask(person=person, actor=person_editor(person), reason=" ")
    with pytest.raises(PermissionDenied):
        person_unmask(person=person, actor=expert_user, reason="核对换届材料")
    assert not AuditEntry.objects.filter(action="unmask").exists()


def person_editor(person):
    return factories.make_user("ed", role="society_editor", society=person.society)


def test_a_get_shows_the_reason_form_only(person, secretary_a_client):
    text = secretary_a_client.get(unmask_url(person)).content.decode()
    assert NUMBER not in text and "事由" in text


def statistics(society_id: int) -> dict:
    on = dt.date.today()
    facts = gather([society_id], on)[society_id]
    people = Person.objects.filter(society_id=society_id)
    bands = sorted(((on.year - p.birth_date.year) // 10) for p in people)
    genders = sorted(p.gender for p in people)
    return {"facts": dict(facts), "bands": bands, "genders": genders, "count": people.count()}


def test_anonymising_clears_the_personal_data_and_keeps_the_statistics(person, admin_user):
    before, gender = statistics(person.society_id), person.gender
    person_anonymise(person=person, actor=admin_user, reason="本人书面申请删除个人信息")
    person.refresh_from_db()
    assert person.name == "匿名人员" and person.id_number == "" and person.phone == ""
    assert person.note == "" and person.identity is None and person.anonymised_at is not None
    assert person.birth_date == dt.date(1958, 3, 15) and person.gender == gender
    assert not Identity.objects.filter(id_number=NUMBER).exists()
    # every fact, age and count the same; only the name the officer facts carry differs
    renamed = json.dumps(before, ensure_ascii=False, default=str).replace("李秀英", "匿名人员")
    assert json.dumps(statistics(person.society_id), ensure_ascii=False, default=str) == renamed
    history = list(person.history.values_list("name", "id_number", "phone", "birth_date"))
    assert history and all(row == ("匿名人员", "", "", dt.date(1958, 3, 15)) for row in history)
    entry = AuditEntry.objects.get(action="person_anonymise")
    assert entry.detail["reason"] == "本人书面申请删除个人信息"
    assert "李秀英" not in str(entry.detail) and "李秀英" not in entry.summary
    assert verify_table().broken is None


def test_an_identity_other_records_share_stays(person, admin_user, society_b):
    factories.make_person(society=society_b, name="李秀英", birth_date=BIRTH, id_number=NUMBER)
    person_anonymise(person=person, actor=admin_user, reason="本人书面申请删除")
    assert Identity.objects.get(id_number=NUMBER).records.count() == 1


def test_anonymising_twice_changes_nothing_more(person, admin_user):
    person_anonymise(person=person, actor=admin_user, reason="本人书面申请删除")
    person_anonymise(person=person, actor=admin_user, reason="本人书面申请删除")
    assert AuditEntry.objects.filter(action="person_anonymise").count() == 1


def test_only_an_administrator_anonymises_and_with_a_reason(person, secretary_a, admin_user):
    with pytest.raises(PermissionDenied):
        person_anonymise(person=person, actor=secretary_a, reason="本人书面申请删除")
    with pytest.raises(ValidationError):
        person_anonymise(person=person, actor=admin_user, reason="")
    person.refresh_from_db()
    assert person.name == "李秀英" and person.id_number == NUMBER


def test_the_anonymise_page(person, admin_client, secretary_a_client):
    assert secretary_a_client.get(anonymise_url(person)).status_code == 403
    assert "不可撤销" in admin_client.get(anonymise_url(person)).content.decode()
    refused = admin_client.post(anonymise_url(person), {"reason": "短"})
    assert refused.status_code == 200 and Person.objects.get(pk=person.pk).name == "李秀英"
    done = admin_client.post(anonymise_url(person), {"reason": "本人书面申请删除个人信息"})
    assert done.status_code == 302 and Person.objects.get(pk=person.pk).name == "匿名人员"
    assert "已于" in admin_client.get(anonymise_url(person)).content.decode()
    edit = admin_client.get(reverse("governance:person_edit", args=[person.society_id, person.pk]))
    assert anonymise_url(person) in edit.content.decode()


def _roster_rows(person, **changes) -> list[list]:
    """The council's roster as its full export gives it (an older file kept by the office)."""
    from xuehui.governance.exporters import RosterExporter
    from xuehui.imports.tests.files import read_xlsx

    term = person.positions.get().term
    rows = [list(row) for row in read_xlsx(RosterExporter(term, masked=False).write_xlsx())][1:]
    header = rows[0]
    for row in rows[1:]:
        for column, value in changes.get(row[header.index("姓名")], {}).items():
            row[header.index(column)] = value
    return rows


def _female(person) -> None:
    """As the ID number says (the fixture leaves the gender at the factory's default)."""
    from xuehui.governance.choices import Gender

    Person.objects.filter(pk=person.pk).update(gender=Gender.FEMALE)
    person.refresh_from_db()


def _reimport(person, rows):
    from xuehui.access import SYSTEM
    from xuehui.governance.importers import RosterImporter
    from xuehui.imports.tests.files import xlsx_bytes

    term = person.positions.get().term
    importer = RosterImporter(
        actor=SYSTEM, society=person.society, term_number=term.number, term_start=term.start_on
    )
    return importer.run(xlsx_bytes(rows), filename="名册.xlsx")


def test_an_older_roster_does_not_bring_an_anonymised_person_back(person, admin_user):
    _female(person)
    older = _roster_rows(person)  # kept by the office before the request
    person_anonymise(person=person, actor=admin_user, reason="本人书面申请删除")
    before = sorted(Person.objects.values_list("pk", "name", "id_number", "phone"))
    facts, entries = statistics(person.society_id), AuditEntry.objects.count()
    run = _reimport(person, older)
    assert not run.ok
    errors = [str(e) for e in run.errors]
    assert any("按本人要求匿名化，不能通过导入恢复" in e and "理事长" in e for e in errors), errors
    assert sorted(Person.objects.values_list("pk", "name", "id_number", "phone")) == before
    assert not Person.objects.filter(id_number=NUMBER).exists()
    assert statistics(person.society_id) == facts and AuditEntry.objects.count() == entries


def test_the_roster_exported_after_the_anonymisation_imports_as_before(person, admin_user):
    person_anonymise(person=person, actor=admin_user, reason="本人书面申请删除")
    rows = _roster_rows(person, 理事0={"工作单位": "华中科技大学"})
    run = _reimport(person, rows)
    assert run.ok, [str(e) for e in run.errors]
    assert Person.objects.filter(society=person.society).count() == 4
    assert Person.objects.get(name="理事0").employer == "华中科技大学"


def test_someone_else_in_the_anonymised_person_s_post_is_not_mistaken_for_them(person, admin_user):
    _female(person)
    older = _roster_rows(person)
    person_anonymise(person=person, actor=admin_user, reason="本人书面申请删除")
    other = factories.make_id_number(dt.date(1962, 5, 2), male=True)
    rows = _roster_rows(person)
    header = rows[0]
    row = next(r for r in older[1:] if r[header.index("姓名")] == "李秀英")
    row[header.index("姓名")], row[header.index("身份证号码")] = "王建国", other
    for column in ("出生年月", "性别", "联系电话"):
        if column in header:
            row[header.index(column)] = None
    rows = [r for r in rows if r[header.index("姓名")] != "匿名人员"] + [row]
    run = _reimport(person, rows)
    assert run.ok, [str(e) for e in run.errors]
    assert Person.objects.get(name="王建国").id_number == other
    assert not person.positions.exists()  # the file no longer lists the anonymised president
