"""The demo's portal, crawled anonymously: every public page answers, none shows a person's
ID number, mobile number or birth date among the thousands the demo holds, nor a result the
科协 has not published."""

import pytest
from django.test import Client

from xuehui.demo.tests.test_demo_loaded import small_demo  # noqa: F401  (module-scoped demo)
from xuehui.evaluation.choices import Stage
from xuehui.evaluation.models import EvaluationResult
from xuehui.governance.models import Person
from xuehui.portal.models import Feedback

from .test_crawl import PHONE, _birth_like, _id_like, crawl


@pytest.mark.django_db
def test_the_demo_portal_shows_no_personal_data(small_demo):  # noqa: F811
    pages = crawl(Client(), limit=400)
    assert len(pages) > 20
    everything = "\n".join(pages.values())
    assert "湖北省环境科学学会" in everything and "个人会员的入会条件" in everything
    assert not _id_like(everything) and not PHONE.findall(everything)
    assert not _birth_like(everything)
    people = Person.objects.exclude(id_number="").values_list("id_number", "phone")[:2000]
    for id_number, phone in people:
        assert id_number not in everything
        assert not phone or phone not in everything
    hidden = EvaluationResult.objects.exclude(
        evaluation__stage__in=[Stage.PUBLICITY, Stage.CONFIRMED]
    )
    for result in hidden.select_related("evaluation__scheme"):
        assert f"{result.evaluation.scheme.year}年度学会考评" not in everything
    for feedback in Feedback.objects.exclude(replies__is_public=True):
        assert feedback.text not in everything
