"""考核年度: the year a campaign's 每年 requirements judge (issue 10, item 3)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
from xuehui.activities.models import Activity
from xuehui.campaigns.forms import CampaignLaunchForm
from xuehui.campaigns.models import default_assessment_year
from xuehui.rules.choices import Status
from xuehui.rules.tests.factories import load_library_framework
from xuehui.tests import factories as f

from .conftest import item
from .factories import launch


@pytest.mark.parametrize(
    ("facts_on", "year"),
    [
        (dt.date(2025, 1, 1), 2024),
        (dt.date(2025, 6, 30), 2024),  # the year just ended, with its 年终总结
        (dt.date(2025, 7, 1), 2025),  # 年中进度检查 of the current year
        (dt.date(2025, 12, 31), 2025),
    ],
)
def test_the_default_assessment_year_turns_on_1_july(facts_on, year):
    assert default_assessment_year(facts_on) == year


@pytest.fixture
def tianjin(db):
    return load_library_framework("tianjin-tasks").current_version


@pytest.fixture
def hosted_twice_in_2024(society_a):
    f.make_term(society_a, number=5, start_on=dt.date(2021, 6, 30))
    for day in (dt.date(2024, 3, 1), dt.date(2024, 11, 1)):
        Activity.objects.create(
            society=society_a,
            kind=ActivityKind.ACADEMIC_EXCHANGE,
            title=f"学术年会{day}",
            start_on=day,
            end_on=day,
            level=ActivityLevel.PROVINCIAL,
            role=ActivityRole.HOST,
        )
    return society_a


def launched(federation, society, tianjin, **fields):
    campaign = launch(federation, [society], versions=[tianjin], **fields)
    return campaign, item(campaign.entries.get(), "T12.1")


def test_a_campaign_in_march_judges_the_year_before_whole(
    federation, hosted_twice_in_2024, tianjin
):
    campaign, t12 = launched(
        federation,
        hosted_twice_in_2024,
        tianjin,
        facts_on=dt.date(2025, 3, 1),
        assessment_year=None,  # left to the default
    )
    assert campaign.assessment_year == 2024
    assert campaign.year_complete
    assert t12.auto_status == Status.PASS
    assert "2024年度：" in t12.auto_explanation


def test_a_campaign_naming_the_current_year_finds_it_not_yet_over(
    federation, hosted_twice_in_2024, tianjin
):
    campaign, t12 = launched(
        federation,
        hosted_twice_in_2024,
        tianjin,
        facts_on=dt.date(2025, 3, 1),
        assessment_year=2025,
    )
    assert not campaign.year_complete
    assert t12.auto_status == Status.PENDING
    assert t12.auto_explanation.startswith("年度未结束：本年度已0次，年底前还需2次")


def test_an_assessment_year_after_the_facts_date_is_refused(federation, society_a, tianjin):
    with pytest.raises(ValidationError) as error:
        launch(
            federation,
            [society_a],
            versions=[tianjin],
            facts_on=dt.date(2025, 3, 1),
            assessment_year=2026,
        )
    assert "考核年度不能晚于" in str(error.value)


def test_the_launch_form_passes_the_year_or_leaves_it_to_the_default(admin_user, tianjin):
    data = {
        "federation": admin_user.role_assignments.first().federation_id,
        "name": "2024年度评估",
        "frameworks": [tianjin.pk],
        "scope": "all",
        "facts_on": "2025-03-01",
        "plan_deadline": "2025-04-01",
        "self_assessment_deadline": "2025-05-01",
        "review_deadline": "2025-06-01",
        "rectification_deadline": "2025-07-01",
    }
    form = CampaignLaunchForm(data | {"assessment_year": "2026"}, user=admin_user)
    assert not form.is_valid()
    assert "考核年度不能晚于" in form.errors["assessment_year"][0]
    form = CampaignLaunchForm(data, user=admin_user)
    form.is_valid()
    assert form.cleaned_data["assessment_year"] is None  # the service takes the default
