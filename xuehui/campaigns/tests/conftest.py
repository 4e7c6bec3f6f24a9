import pytest

from xuehui.campaigns import services
from xuehui.campaigns.choices import SelfAssessment, VerdictKind
from xuehui.campaigns.models import CampaignItem

from .factories import launch, load_version


@pytest.fixture
def version(db):
    return load_version()


@pytest.fixture
def campaign(federation, society_a, admin_user, version):
    return launch(federation, [society_a], versions=[version], actor=admin_user)


@pytest.fixture
def entry(campaign, society_a):
    return campaign.entries.select_related("campaign", "society").get(society=society_a)


@pytest.fixture
def assignment(campaign, expert_user, admin_user):
    return services.expert_assign(campaign=campaign, expert=expert_user, actor=admin_user)


def item(entry, key: str) -> CampaignItem:
    return CampaignItem.objects.select_related(
        "entry__campaign", "entry__society", "requirement"
    ).get(entry=entry, requirement__key=key)


def assess_all(entry, user) -> None:
    """Self-assess every item so that the society may submit (no evidence needed)."""
    services.self_assessment_accept_automatic(entry=entry, actor=user)
    for key, verdict in (
        ("2", SelfAssessment.NOT_MET),
        ("3.1", SelfAssessment.NOT_MET),
        ("3.3", SelfAssessment.NOT_MET),
    ):
        services.self_assessment_save(
            item=item(entry, key), actor=user, assessment=verdict, statement="正在建立"
        )
    services.self_assessment_save(
        item=item(entry, "3.2"), actor=user, assessment=SelfAssessment.MET
    )


def submitted(entry, secretary):
    assess_all(entry, secretary)
    services.entry_submit(entry=entry, actor=secretary)
    entry.refresh_from_db()
    return entry


def in_review(entry, secretary, expert):
    submitted(entry, secretary)
    services.review_start(entry=entry, actor=expert)
    entry.refresh_from_db()
    return entry


REVIEWED = ("2", "3.1", "3.2", "3.3")


def judge(entry, expert, verdicts: dict | None = None) -> None:
    """The expert's verdicts on the items the data does not decide (default: all 通过)."""
    for key in REVIEWED:
        verdict = (verdicts or {}).get(key, VerdictKind.PASS)
        comment = "" if verdict == VerdictKind.PASS else "请补充材料"
        services.verdict_record(
            item=item(entry, key), expert=expert, verdict=verdict, comment=comment
        )


def rectifying(entry, secretary, expert):
    in_review(entry, secretary, expert)
    judge(entry, expert, {"3.1": VerdictKind.RECTIFY})
    services.rectification_request(entry=entry, actor=expert)
    entry.refresh_from_db()
    return entry
