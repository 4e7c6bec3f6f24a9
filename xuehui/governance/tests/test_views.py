"""The 届次与理事会 tab and the forms behind it: terms, posts, people."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from xuehui.accounts.choices import Role
from xuehui.audit.models import AuditEntry
from xuehui.governance.choices import Gender, Office, PoliticalStatus, Selection
from xuehui.governance.composition import COUNTING_RULE_TEXT, Body, compose
from xuehui.governance.models import Person, Position, Term
from xuehui.tests import factories

# ---------------------------------------------------------------------------------------
# Fixtures shared with the other test_views_* modules of this folder.


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def term_a(society_a, today):
    return factories.make_term(society_a, number=3, start_on=today - dt.timedelta(days=400))


@pytest.fixture
def person_a():
    birth = dt.date(1975, 4, 12)
    return factories.make_person(
        name="张三",
        birth_date=birth,
        id_number=factories.make_id_number(birth, male=True),
        gender=Gender.MALE,
        phone="13812345678",
    )


@pytest.fixture
def position_a(term_a, person_a):
    return factories.make_position(term_a, Office.VICE_PRESIDENT, person=person_a)


@pytest.fixture
def term_b(society_b, today):
    return factories.make_term(society_b, number=2, start_on=today - dt.timedelta(days=400))


@pytest.fixture
def position_b(term_b):
    return factories.make_position(term_b, Office.DIRECTOR)


@pytest.fixture
def viewer_client(federation, client):
    leader = factories.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(leader)
    return client


def make_council(term, size: int, *, today: dt.date) -> list[Position]:
    """`size` posts: a president, a vice-president, an elected 秘书长, then standing directors
    and directors, held by people of mixed ages, genders, party membership and flags."""
    firsts = [Office.PRESIDENT, Office.VICE_PRESIDENT, Office.SECRETARY_GENERAL]
    positions = []
    for i in range(size):
        if i < len(firsts):
            office = firsts[i]
        else:
            office = Office.STANDING_DIRECTOR if i % 3 == 0 else Office.DIRECTOR
        person = factories.make_person(
            name=f"理事{i:03d}",
            birth_date=dt.date(today.year - 30 - i % 40, 3, 1),
            gender=Gender.FEMALE if i % 4 == 0 else Gender.MALE,
            political_status=PoliticalStatus.PARTY_MEMBER if i % 2 else PoliticalStatus.MASSES,
            is_frontline=i % 5 != 0,
            is_retired_official=i % 7 == 0,
            phone=f"1380000{i:04d}",
        )
        selection = Selection.ELECTED if office == Office.SECRETARY_GENERAL else ""
        positions.append(factories.make_position(term, office, person=person, selection=selection))
    return positions


def council_url(society, **params) -> str:
    url = reverse("governance:council", args=[society.pk])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{url}?{query}" if query else url


# ---------------------------------------------------------------------------------------
# The council page


def test_it_shows_the_current_term_roster_with_masked_id_and_phone(
    admin_client, society_a, position_a, person_a
):
    response = admin_client.get(council_url(society_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "张三" in html
    assert person_a.id_number not in html
    assert f"{person_a.id_number[:3]}***********{person_a.id_number[-4:]}" in html
    assert "13812345678" not in html
    assert "138****5678" in html


def test_an_unknown_trait_shows_as_not_filled_in(admin_client, society_a, term_a):
    person = factories.make_person(name="未知者", is_frontline=None)
    factories.make_position(term_a, Office.DIRECTOR, person=person)
    html = admin_client.get(council_url(society_a)).content.decode()
    assert "一线：未填" in html and "另有1人未填" in html


def test_the_figures_shown_are_those_of_compose(admin_client, society_a, term_a, today):
    positions = make_council(term_a, 12, today=today)
    factories.make_position(term_a, Office.SUPERVISOR)  # a supervisor is not on the council
    loaded = list(Position.objects.filter(term=term_a).select_related("person", "term"))
    young_age = settings.XUEHUI_YOUNG_AGE
    expected = compose(Body.COUNCIL, loaded, on=today, young_age=young_age)
    standing = compose(Body.STANDING_COUNCIL, loaded, on=today, young_age=young_age)

    response = admin_client.get(council_url(society_a))

    figures = response.context["figures"]
    assert figures.council == expected
    assert figures.standing_council == standing
    assert figures.council.size == len(positions)
    html = response.content.decode()
    frontline = f'{expected.frontline}<span class="text-body-secondary">/{expected.size}</span>'
    assert frontline in html
    assert f"{expected.frontline / expected.size:.1%}" in html
    assert COUNTING_RULE_TEXT in html


def test_a_post_that_ended_does_not_count_but_stays_on_the_roster(
    admin_client, society_a, term_a, today
):
    make_council(term_a, 4, today=today)
    gone = factories.make_position(
        term_a,
        Office.DIRECTOR,
        person=factories.make_person(name="李离任"),
        end_on=today - dt.timedelta(days=10),
    )
    response = admin_client.get(council_url(society_a))
    assert response.context["figures"].council.size == 4
    assert gone.person.name in response.content.decode()
    assert "离任" in response.content.decode()


def test_it_filters_the_roster_by_office(admin_client, society_a, term_a, today):
    make_council(term_a, 8, today=today)
    response = admin_client.get(council_url(society_a, office=Office.PRESIDENT))
    offices = {row.position.office for row in response.context["rows"]}
    assert offices == {Office.PRESIDENT}
    assert response.context["figures"].council.size == 8  # the figures ignore the filter


def test_the_office_filter_answers_htmx_with_the_roster_partial(admin_client, society_a, term_a):
    factories.make_position(term_a, Office.PRESIDENT)
    response = admin_client.get(
        council_url(society_a, term=term_a.pk, office=Office.PRESIDENT), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "roster-table" in html
    assert "<html" not in html
    assert "terms-table" not in html


def test_it_flags_an_overdue_term(admin_client, society_a, today):
    factories.make_term(
        society_a,
        number=5,
        start_on=today - dt.timedelta(days=6 * 365),
        planned_end_on=today - dt.timedelta(days=30),
    )
    response = admin_client.get(council_url(society_a))
    assert response.context["term_row"].state == "届满未换届"
    assert "尚未换届" in response.content.decode()


def test_it_shows_an_earlier_term_on_request(admin_client, society_a, today):
    old = factories.make_term(
        society_a,
        number=1,
        start_on=today - dt.timedelta(days=3000),
        ended_on=today - dt.timedelta(days=1000),
        planned_end_on=today - dt.timedelta(days=1000),
    )
    current = factories.make_term(society_a, number=2, start_on=today - dt.timedelta(days=1000))
    factories.make_position(old, Office.PRESIDENT, person=factories.make_person(name="王老"))
    factories.make_position(current, Office.PRESIDENT, person=factories.make_person(name="赵新"))

    default = admin_client.get(council_url(society_a))
    earlier = admin_client.get(council_url(society_a, term=old.pk))

    assert default.context["term"] == current
    assert "赵新" in default.content.decode() and "王老" not in default.content.decode()
    assert earlier.context["term"] == old
    assert "王老" in earlier.content.decode()
    assert earlier.context["figures"].day == old.ended_on - dt.timedelta(days=1)
    assert earlier.context["figures"].council.size == 1


def test_a_society_without_terms_shows_an_invitation_to_add_one(secretary_a_client, society_a):
    response = secretary_a_client.get(council_url(society_a))
    assert response.status_code == 200
    assert "尚未登记届次" in response.content.decode()
    assert reverse("governance:term_create", args=[society_a.pk]) in response.content.decode()


def test_a_read_only_user_sees_no_edit_links(viewer_client, society_a, position_a):
    response = viewer_client.get(council_url(society_a))
    assert response.status_code == 200
    assert reverse("governance:position_edit", args=[society_a.pk, position_a.pk]) not in (
        response.content.decode()
    )


# ---------------------------------------------------------------------------------------
# Terms


def test_a_secretary_adds_the_next_term_and_the_previous_one_closes(
    secretary_a_client, society_a, term_a, today
):
    start = today - dt.timedelta(days=5)
    response = secretary_a_client.post(
        reverse("governance:term_create", args=[society_a.pk]),
        {"number": 4, "start_on": start.isoformat()},
    )
    assert response.status_code == 302
    new = Term.objects.get(society=society_a, number=4)
    term_a.refresh_from_db()
    assert term_a.ended_on == start
    assert new.planned_end_on == start.replace(year=start.year + 5)
    assert AuditEntry.objects.filter(action="term_create", society=society_a).exists()


def test_the_term_form_offers_the_next_number(secretary_a_client, society_a, term_a):
    response = secretary_a_client.get(reverse("governance:term_create", args=[society_a.pk]))
    assert response.context["form"].initial["number"] == 4


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"number": 3, "start_on": "2030-01-01"}, "number", "本学会已有第3届"),
        ({"number": 4, "start_on": ""}, "start_on", "请填写开始日期"),
        (
            {"number": 4, "start_on": "2030-01-01", "planned_end_on": "2029-01-01"},
            "planned_end_on",
            "届满日期应晚于开始日期",
        ),
        ({"number": 4, "start_on": "2030-13-01"}, "start_on", "开始日期格式不正确"),
        ({"number": 0, "start_on": "2030-01-01"}, "number", "届次应为正整数"),
    ],
)
def test_the_term_form_refuses_bad_input_in_chinese(
    secretary_a_client, society_a, term_a, data, field, message
):
    response = secretary_a_client.post(reverse("governance:term_create", args=[society_a.pk]), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert Term.objects.filter(society=society_a).count() == 1


def test_a_term_out_of_order_is_refused_with_the_models_message(
    secretary_a_client, society_a, term_a
):
    # A higher number starting before the open term began: the service says so, nothing saved.
    start = term_a.start_on - dt.timedelta(days=30)
    response = secretary_a_client.post(
        reverse("governance:term_create", args=[society_a.pk]),
        {"number": term_a.number + 1, "start_on": start.isoformat()},
    )
    assert response.status_code == 200
    assert "届次与开始日期的先后不一致" in str(response.context["form"].errors)
    assert Term.objects.filter(society=society_a).count() == 1


def test_an_overlapping_term_is_refused_with_the_models_message(
    secretary_a_client, society_a, term_a
):
    # Given an end after the open term began, an earlier term would overlap it.
    start = term_a.start_on - dt.timedelta(days=300)
    response = secretary_a_client.post(
        reverse("governance:term_create", args=[society_a.pk]),
        {
            "number": term_a.number - 1,
            "start_on": start.isoformat(),
            "ended_on": (term_a.start_on + dt.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "重叠" in str(response.context["form"].errors)
    assert Term.objects.filter(society=society_a).count() == 1


def test_editing_a_term_records_its_actual_end(secretary_a_client, society_a, term_a, today):
    response = secretary_a_client.post(
        reverse("governance:term_edit", args=[society_a.pk, term_a.pk]),
        {
            "number": 3,
            "start_on": term_a.start_on.isoformat(),
            "planned_end_on": term_a.planned_end_on.isoformat(),
            "ended_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    term_a.refresh_from_db()
    assert term_a.ended_on == today


# ---------------------------------------------------------------------------------------
# Posts and people


def position_data(**fields) -> dict:
    data = {"office": Office.DIRECTOR, "consecutive_terms": 1}
    return data | fields


def test_a_post_is_added_for_an_existing_person_of_the_society(
    secretary_a_client, society_a, term_a, position_a, person_a
):
    response = secretary_a_client.post(
        reverse("governance:position_create", args=[society_a.pk, term_a.pk]),
        position_data(person=person_a.pk, office=Office.STANDING_DIRECTOR),
    )
    assert response.status_code == 302
    post = Position.objects.get(term=term_a, office=Office.STANDING_DIRECTOR)
    assert post.person == person_a
    assert post.start_on == term_a.start_on
    assert Person.objects.count() == 1


def test_a_new_person_gets_birth_date_and_gender_from_the_id_number(
    secretary_a_client, society_a, term_a
):
    number = factories.make_id_number(dt.date(1980, 2, 29), male=False)
    response = secretary_a_client.post(
        reverse("governance:position_create", args=[society_a.pk, term_a.pk]),
        position_data(
            **{"new-name": "钱女士", "new-id_number": number, "new-is_frontline": "true"}
        ),
    )
    assert response.status_code == 302
    person = Person.objects.get(name="钱女士")
    assert person.birth_date == dt.date(1980, 2, 29)
    assert person.gender == Gender.FEMALE
    assert person.is_frontline
    assert Position.objects.get(person=person).term == term_a


def test_a_new_post_for_an_id_number_the_society_recorded_goes_to_that_record_unchanged(
    secretary_a_client, society_a, term_a, position_a, person_a
):
    response = secretary_a_client.post(
        reverse("governance:position_create", args=[society_a.pk, term_a.pk]),
        position_data(
            office=Office.STANDING_DIRECTOR,
            **{"new-name": "别名", "new-id_number": person_a.id_number, "new-phone": "13900000001"},
        ),
    )
    assert response.status_code == 302
    assert Person.objects.count() == 1
    person_a.refresh_from_db()
    assert (person_a.name, person_a.phone) == ("张三", "13812345678")
    assert Position.objects.get(office=Office.STANDING_DIRECTOR).person == person_a


@pytest.mark.parametrize(
    ("person_fields", "field", "message"),
    [
        ({"new-name": "孙某"}, "birth_date", "请填写出生日期或身份证号码"),
        ({"new-name": "孙某", "new-id_number": "420106198002291235"}, "id_number", "校验位"),
        ({"new-name": "孙某", "new-id_number": "42010619800229"}, "id_number", "应为18位"),
        ({"new-name": "孙某", "new-birth_date": "2999-01-01"}, "birth_date", "不能晚于今天"),
        ({"new-birth_date": "1970-01-01"}, "name", "请填写姓名"),
    ],
)
def test_the_new_person_part_refuses_bad_input_and_saves_nothing(
    secretary_a_client, society_a, term_a, person_fields, field, message
):
    response = secretary_a_client.post(
        reverse("governance:position_create", args=[society_a.pk, term_a.pk]),
        position_data(**person_fields),
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["person_form"].errors[field])
    assert not Person.objects.exists()
    assert not Position.objects.exists()


def test_an_id_number_that_contradicts_the_birth_date_is_refused(
    secretary_a_client, society_a, term_a
):
    number = factories.make_id_number(dt.date(1980, 2, 29))
    response = secretary_a_client.post(
        reverse("governance:position_create", args=[society_a.pk, term_a.pk]),
        position_data(
            **{"new-name": "孙某", "new-id_number": number, "new-birth_date": "1981-05-05"}
        ),
    )
    assert response.status_code == 200
    assert "出生日期与身份证号码不符" in str(response.context["person_form"].errors)
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"office": ""}, "office", "请选择学会职务"),
        (
            {"office": Office.DIRECTOR, "selection": Selection.ELECTED},
            "selection",
            "只有秘书长需要填写产生方式",
        ),
        ({"start_on": "1990-01-01"}, "start_on", "任期内"),
        ({"consecutive_terms": 0}, "consecutive_terms", "连任届数至少为1"),
    ],
)
def test_the_post_form_refuses_bad_input_in_chinese(
    secretary_a_client, society_a, term_a, person_a, position_a, fields, field, message
):
    response = secretary_a_client.post(
        reverse("governance:position_create", args=[society_a.pk, term_a.pk]),
        position_data(person=person_a.pk, **fields),
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Position.objects.count() == 1


def test_the_same_person_cannot_hold_the_same_office_twice_in_a_term(
    secretary_a_client, society_a, term_a, person_a, position_a
):
    response = secretary_a_client.post(
        reverse("governance:position_create", args=[society_a.pk, term_a.pk]),
        position_data(person=person_a.pk, office=Office.VICE_PRESIDENT),
    )
    assert "张三在本届已担任副理事长" in response.context["form"].errors["office"]
    assert Position.objects.count() == 1


def test_a_person_of_another_society_cannot_be_picked(
    secretary_a_client, society_a, term_a, position_b
):
    response = secretary_a_client.post(
        reverse("governance:position_create", args=[society_a.pk, term_a.pk]),
        position_data(person=position_b.person.pk),
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Position.objects.filter(term=term_a).exists()


def test_editing_a_post_saves_through_the_service(secretary_a_client, society_a, position_a):
    response = secretary_a_client.post(
        reverse("governance:position_edit", args=[society_a.pk, position_a.pk]),
        position_data(
            office=Office.VICE_PRESIDENT, consecutive_terms=2, approval_ref="鄂组干〔2023〕5号"
        ),
    )
    assert response.status_code == 302
    position_a.refresh_from_db()
    assert position_a.consecutive_terms == 2
    assert position_a.approval_ref == "鄂组干〔2023〕5号"
    assert AuditEntry.objects.filter(action="position_update").exists()


def test_ending_a_post_keeps_it_and_stops_it_counting(
    secretary_a_client, society_a, position_a, today
):
    response = secretary_a_client.post(
        reverse("governance:position_end", args=[society_a.pk, position_a.pk]),
        {"end_on": today.isoformat()},
    )
    assert response.status_code == 302
    position_a.refresh_from_db()
    assert position_a.end_on == today
    page = secretary_a_client.get(council_url(society_a))
    assert page.context["figures"].council.size == 0


def test_ending_a_post_before_it_began_is_refused(secretary_a_client, society_a, position_a):
    response = secretary_a_client.post(
        reverse("governance:position_end", args=[society_a.pk, position_a.pk]),
        {"end_on": (position_a.start_on - dt.timedelta(days=1)).isoformat()},
    )
    assert "离任日期应晚于任职日期" in response.context["form"].errors["end_on"][0]
    position_a.refresh_from_db()
    assert position_a.end_on is None


def test_deleting_a_post_asks_first_then_removes_it_but_not_the_person(
    secretary_a_client, society_a, position_a, person_a
):
    url = reverse("governance:position_delete", args=[society_a.pk, position_a.pk])
    assert secretary_a_client.get(url).status_code == 200
    assert Position.objects.filter(pk=position_a.pk).exists()
    response = secretary_a_client.post(url)
    assert response.status_code == 302
    assert not Position.objects.filter(pk=position_a.pk).exists()
    assert Person.objects.filter(pk=person_a.pk).exists()


def test_editing_a_person_shows_only_the_masked_id_number_and_saves(
    secretary_a_client, society_a, position_a, person_a
):
    url = reverse("governance:person_edit", args=[society_a.pk, person_a.pk])
    page, stored = secretary_a_client.get(url).content.decode(), person_a.id_number
    assert stored not in page and person_a.phone not in page
    assert f"当前：{person_a.masked_id_number}，留空则不修改" in page
    response = secretary_a_client.post(
        url,
        {
            "name": "张三丰",
            "id_number": "",
            "political_status": PoliticalStatus.PARTY_MEMBER,
            "employer": "武汉大学",
            "is_frontline": "on",
        },
    )
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.name == "张三丰"
    assert person_a.political_status == PoliticalStatus.PARTY_MEMBER
    assert person_a.birth_date == dt.date(1975, 4, 12)
    assert person_a.id_number == stored


def test_a_new_id_number_on_the_person_form_is_validated_and_saved(
    secretary_a_client, society_a, position_a, person_a
):
    url = reverse("governance:person_edit", args=[society_a.pk, person_a.pk])
    refused = secretary_a_client.post(url, {"name": "张三", "id_number": "110101199001011235"})
    assert refused.status_code == 200 and "id_number" in refused.context["form"].errors
    assert person_a.id_number not in refused.content.decode()
    number = factories.make_id_number(dt.date(1980, 2, 3), male=False)
    done = secretary_a_client.post(url, {"name": "张三", "id_number": number})
    assert done.status_code == 302
    person_a.refresh_from_db()
    assert person_a.id_number == number and person_a.birth_date == dt.date(1980, 2, 3)


def test_a_person_cannot_take_anothers_id_number(
    secretary_a_client, society_a, position_a, person_a, term_a
):
    other = factories.make_person(
        name="李四", id_number=factories.make_id_number(dt.date(1970, 5, 1))
    )
    factories.make_position(term_a, Office.DIRECTOR, person=other)
    response = secretary_a_client.post(
        reverse("governance:person_edit", args=[society_a.pk, person_a.pk]),
        {"name": "张三", "id_number": other.id_number},
    )
    assert "该身份证号码已登记为本学会的另一人员" in response.context["form"].errors["id_number"]


def test_an_editor_finds_the_roster_import_template_and_download(
    secretary_a_client, viewer_client, society_a, term_a
):
    editor = secretary_a_client.get(council_url(society_a)).content.decode()
    reader = viewer_client.get(council_url(society_a)).content.decode()
    import_url = reverse("governance:roster_import", args=[society_a.pk])
    download = reverse("governance:roster_export", args=[society_a.pk, term_a.pk])
    assert import_url in editor and reverse("imports:template", args=["roster"]) in editor
    assert import_url not in reader
    assert download in editor and download in reader
