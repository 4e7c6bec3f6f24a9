import datetime as dt
import itertools

from xuehui.members.models import IndividualMember, InstitutionalMember, MemberYearStat
from xuehui.tests.factories import make_id_number, make_uscc

_seq = itertools.count(1)


def make_individual_member(society, **fields) -> IndividualMember:
    n = next(_seq)
    defaults = {
        "name": f"会员{n}",
        "member_number": f"M{n:06d}",
        "join_date": dt.date(2018, 1, 1),
        "is_frontline": True,
    }
    return IndividualMember.objects.create(society=society, **(defaults | fields))


def make_institutional_member(society, **fields) -> InstitutionalMember:
    n = next(_seq)
    defaults = {
        "name": f"会员单位{n}",
        "member_number": f"D{n:05d}",
        "uscc": make_uscc(900000 + n),
        "join_date": dt.date(2018, 1, 1),
    }
    return InstitutionalMember.objects.create(society=society, **(defaults | fields))


def make_year_stat(society, year: int, individual: int, institutional: int = 0) -> MemberYearStat:
    return MemberYearStat.objects.create(
        society=society, year=year, individual_count=individual, institutional_count=institutional
    )


def id_number(birth=dt.date(1980, 5, 1), *, male: bool = True) -> str:
    return make_id_number(birth, male=male)
