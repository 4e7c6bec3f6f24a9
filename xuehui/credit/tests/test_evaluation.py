"""The credit record feeds the year's evaluation: a scheme scores by its facts."""

import datetime as dt

from xuehui.access import SYSTEM
from xuehui.credit.choices import SanctionKind
from xuehui.evaluation import selectors, services
from xuehui.evaluation.tests.conftest import make_evaluated_society

from .factories import make_commendation, make_listing, make_sanction

D = dt.date


def _scheme() -> dict:
    return {
        "key": "credit", "name": "信誉考评（2025年度）", "year": 2025,
        "indicators": [
            {"code": "1", "name": "社会信誉好", "points": 10, "children": [
                {"code": "1.1", "name": "无处罚、警告", "points": 4, "fact": "credit.sanctions",
                 "bands": [{"min": 0, "max": 0, "score": 4}]},
                {"code": "1.2", "name": "获得表彰", "points": 6, "fact": "credit.commendations",
                 "steps": {"from": 1, "base": 3, "each": 3, "max": 6}},
            ]},
        ],
        "classification": {"key_support": {"min_score": 8}, "cultivate": {"min_score": 4}},
    }  # fmt: skip


def test_a_scheme_scores_commendations_and_sanctions_of_the_year(federation, admin_user):
    good = make_evaluated_society(federation, members=400, name="甲学会")
    warned = make_evaluated_society(federation, members=400, name="乙学会")
    make_commendation(good, on=D(2025, 3, 1))
    make_commendation(good, on=D(2025, 9, 1))
    make_commendation(warned, on=D(2024, 9, 1))  # the year before: does not count
    make_sanction(warned, on=D(2025, 4, 1), kind=SanctionKind.WARNING)
    make_sanction(good, on=D(2025, 4, 1), kind=SanctionKind.TALK)  # 约谈 is not a sanction here
    make_listing(warned, on=D(2025, 7, 1))
    row = services.scheme_save(federation=federation, data=_scheme(), actor=SYSTEM)
    evaluation = services.evaluation_open(scheme=row, facts_on=D(2025, 12, 31), actor=admin_user)
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    found = {r.society.name: r for r in selectors.results_of(evaluation)}
    assert (found["甲学会"].score, found["甲学会"].tier) == (10, "key_support")
    assert (found["乙学会"].score, found["乙学会"].tier) == (0, "")
