"""Factories for tests: plain functions that build valid, saved objects with sensible defaults."""

import datetime as dt
import itertools

from xuehui.accounts.models import RoleAssignment, User
from xuehui.governance.choices import Gender, Office, PoliticalStatus
from xuehui.governance.models import Person, Position, Term
from xuehui.governance.services import identity_for
from xuehui.lib.dates import add_years
from xuehui.lib.identifiers import id_check_char, uscc_check_char
from xuehui.societies.choices import DisciplineCategory, FederationLevel
from xuehui.societies.models import Federation, Society

_seq = itertools.count(1)
# The codes made without a number come from a range no test names (tests name numbers below a
# million): the shared sequence passes every small number in a long run, and a test's own
# make_uscc(700) clashed with the society some earlier test had made seven hundredth.
UNNAMED_CODES = 5_000_000


def make_uscc(n: int | None = None) -> str:
    """A valid code of a social organisation (51…) registered in Hubei (420000)."""
    n = UNNAMED_CODES + next(_seq) if n is None else n
    first17 = f"51420000MJ{n:07d}"
    return first17 + uscc_check_char(first17)


def make_id_number(birth: dt.date, *, male: bool = True, n: int | None = None) -> str:
    n = next(_seq) if n is None else n
    order = (n % 50) * 2 + (1 if male else 0)
    first17 = f"420106{birth:%Y%m%d}{n // 50 % 10}{order:02d}"
    return first17 + id_check_char(first17)


def make_federation(**fields) -> Federation:
    n = next(_seq)
    defaults = {"name": f"测试科协{n}", "code": f"fed-{n}", "level": FederationLevel.PROVINCIAL}
    return Federation.objects.create(**(defaults | fields))


def make_society(**fields) -> Society:
    n = next(_seq)
    if "federation" not in fields:
        fields["federation"] = make_federation()
    defaults = {
        "name": f"测试学会{n}",
        "uscc": make_uscc(UNNAMED_CODES + n),
        "category": DisciplineCategory.ENGINEERING,
    }
    return Society.objects.create(**(defaults | fields))


def make_term(society: Society, *, number: int = 1, start_on=dt.date(2022, 6, 1), **fields) -> Term:
    fields.setdefault("planned_end_on", add_years(start_on, 5))
    return Term.objects.create(society=society, number=number, start_on=start_on, **fields)


def make_person(*, society: Society | None = None, birth_date=dt.date(1970, 5, 1), **fields):
    """A society's record of a person, linked to its identity when an ID number is given.

    Without `society` the record is returned unsaved and is saved by make_position for the
    society of its first post, so that tests need not name the society twice."""
    n = next(_seq)
    defaults = {
        "name": f"人员{n}",
        "gender": Gender.MALE,
        "birth_date": birth_date,
        "political_status": PoliticalStatus.MASSES,
        "is_frontline": True,
    }
    fields = defaults | fields
    if fields.get("id_number") and "identity" not in fields:
        fields["identity"] = identity_for(fields["id_number"])
    person = Person(**fields)
    if society is not None:
        person.society = society
        person.save()
    return person


def make_position(
    term: Term, office: str = Office.DIRECTOR, person: Person | None = None, **fields
) -> Position:
    person = person or make_person(society=term.society)
    if person.pk is None:
        person.society = term.society
        person.save()
    return Position.objects.create(
        person=person,
        society=term.society,
        term=term,
        office=office,
        start_on=fields.pop("start_on", term.start_on),
        **fields,
    )


def make_user(
    username: str,
    *,
    role: str | None = None,
    federation=None,
    society=None,
    password: str = "pass-测试-123",
) -> User:
    user = User.objects.create_user(username=username, password=password, full_name=username)
    if role:
        RoleAssignment.objects.create(user=user, role=role, federation=federation, society=society)
    return user
