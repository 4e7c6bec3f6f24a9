import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from xuehui.access import SYSTEM
from xuehui.evaluation import services
from xuehui.party.choices import PartyOrganisationForm
from xuehui.party.models import PartyOrganisation
from xuehui.rules.tests.factories import load_library_framework, make_member_stat
from xuehui.tests import factories as f

LIBRARY = Path(__file__).resolve().parents[1] / "library"


def library_scheme() -> dict:
    return copy.deepcopy(yaml.safe_load((LIBRARY / "hubei-evaluation.yaml").read_text("utf-8")))


def small_scheme(**overrides) -> dict:
    """Members by bands (10), a party organisation by the Hubei rule (10), experts (10)."""
    data = {
        "key": "small",
        "name": "小型考评指标体系（2025年度）",
        "year": 2025,
        "indicators": [
            {
                "code": "1",
                "name": "个人会员数",
                "points": 10,
                "clause": "001 四（一）3",
                "fact": "members.individual",
                "bands": [{"min": 1000, "score": 10}, {"min": 300, "max": 999, "score": 5}],
            },
            {"code": "2", "name": "党组织", "points": 10, "rule": "hubei-reform-2017:4.11"},
            {"code": "3", "name": "学术水平", "points": 10, "expert": True},
        ],
        "classification": {
            "key_support": {"min_score": 20, "quota": 1},
            "cultivate": {"min_score": 10},
            "restructure": {"below_score": 5},
        },
        "stars": {"levels": [{"stars": 3, "min_score": 25}, {"stars": 1, "min_score": 15}]},
        "publicity": {"days": 7, "answer_days": 15, "peer_objections": False},
    }
    return data | overrides


def make_evaluated_society(federation, *, members: int, party: bool = True, year: int = 2025, **kw):
    society = f.make_society(federation=federation, **kw)
    f.make_term(society, start_on=dt.date(2023, 6, 1))
    make_member_stat(society, year=year, individual=members)
    if party:
        PartyOrganisation.objects.create(
            society=society, form=PartyOrganisationForm.BRANCH, established_on=dt.date(2019, 1, 1)
        )
    return society


@pytest.fixture
def hubei_reform(db):
    return load_library_framework("hubei-reform-2017")


@pytest.fixture
def scheme_row(hubei_reform, federation):
    return services.scheme_save(federation=federation, data=small_scheme(), actor=SYSTEM)


@pytest.fixture
def three(federation):
    """Three societies: 1200 members, 500 members, 100 members without a party organisation."""
    return [
        make_evaluated_society(federation, members=1200, name="甲学会"),
        make_evaluated_society(federation, members=500, name="乙学会"),
        make_evaluated_society(federation, members=100, party=False, name="丙学会"),
    ]
