"""Factories for the rules app's tests: framework data built in code, loaded frameworks."""

import copy

from xuehui.rules.services import framework_load
from xuehui.rules.sources import LIBRARY_DIR, read_framework_file


def library_data(key: str) -> dict:
    """The data of one framework of the library, as loaded (a fresh copy each time)."""
    return copy.deepcopy(read_framework_file(LIBRARY_DIR / f"{key}.yaml"))


def load_library_framework(key: str):
    framework_load(data=library_data(key))
    from xuehui.rules.models import Framework

    return Framework.objects.get(key=key)


def tiny_framework(**overrides) -> dict:
    """A two-requirement framework for tests of the loader and the engine."""
    data = {
        "key": "tiny",
        "title": "测试框架",
        "issuer": "测试科协",
        "document_number": "",
        "source": "001_fe763b36492a114c.txt",
        "jurisdiction_level": "provincial",
        "effective_on": "2017-10-10",
        "version": 1,
        "requirements": [
            {
                "key": "1",
                "title": "理事会3/4以上为一线",
                "clause": "附件第5项",
                "excerpt": "确保学会理事会成员",
                "obligation": "mandatory",
                "decide": {
                    "by": "automatic",
                    "fact": "council",
                    "check": "ratio_at_least",
                    "params": {"part": "frontline", "ratio": "3/4"},
                },
            },
            {
                "key": "2",
                "title": "会议制度",
                "clause": "附件第6项",
                "excerpt": "建立学会会议制度",
                "obligation": "mandatory",
                "decide": {"by": "document", "kinds": ["会议制度"]},
            },
        ],
    }
    return data | overrides


# ---- society records for engine tests --------------------------------------------------------

import datetime as dt  # noqa: E402

from xuehui.governance.choices import Office  # noqa: E402
from xuehui.tests import factories as f  # noqa: E402


def make_council(term, *, size: int, frontline: int, birth_date=dt.date(1960, 1, 1)) -> list:
    """`size` directors of whom `frontline` are frontline (all born on `birth_date`)."""
    return [
        f.make_position(
            term,
            Office.DIRECTOR,
            person=f.make_person(
                is_frontline=i < frontline, member_unit_head=False, birth_date=birth_date
            ),
        )
        for i in range(size)
    ]


def make_standing(term, *, size: int, frontline: int) -> list:
    return [
        f.make_position(
            term,
            Office.STANDING_DIRECTOR,
            person=f.make_person(is_frontline=i < frontline, member_unit_head=False),
        )
        for i in range(size)
    ]


def make_member_stat(society, *, year: int, individual: int, institutional: int = 0):
    from xuehui.members.models import MemberYearStat

    return MemberYearStat.objects.create(
        society=society, year=year, individual_count=individual, institutional_count=institutional
    )


def make_congress(society, *, form: str, representatives: int | None = None):
    from xuehui.members.models import MembershipProfile

    return MembershipProfile.objects.create(
        society=society, congress_form=form, representative_count=representatives
    )


def join_pilot(society, key: str, *, since=dt.date(2017, 10, 1)):
    from xuehui.pilots.models import PilotMembership, PilotProgramme
    from xuehui.rules.models import Framework

    framework_key = {"hubei-2h": "hubei-2h-2017", "jiangxi-3h": "jiangxi-3h-2022"}[key]
    if not Framework.objects.filter(key=framework_key).exists():
        load_library_framework(framework_key)
    programme, _ = PilotProgramme.objects.get_or_create(
        key=key,
        defaults={
            "name": key,
            "federation": society.federation,
            "framework": Framework.objects.get(key=framework_key),
        },
    )
    return PilotMembership.objects.create(programme=programme, society=society, since=since)
