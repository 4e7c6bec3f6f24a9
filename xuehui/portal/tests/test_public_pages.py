"""The public pages: cacheable (no session, no user, no cookie), a bare 404 for what is not
published, the directory's search and filters, and a bounded number of queries."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.functional import empty

from xuehui.evaluation.choices import Tier
from xuehui.portal.choices import DisclosureItem
from xuehui.tests import factories as f

from .factories import open_portal, seeded_world


def _public_urls(world) -> list[str]:
    code, pk = world.federation.code, world.society.pk
    return [
        reverse("public:directory", args=[code]),
        reverse("public:directory", args=[code]) + "?q=hbhj&category=engineering",
        reverse("public:society", args=[code, pk]),
        reverse("public:notices", args=[code]),
        reverse("public:results", args=[code]),
        reverse("public:cases", args=[code]),
        reverse("public:feedback_thanks", args=[code, pk]),
        reverse("public:report", args=[code, pk, 2024]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_public_pages_are_cacheable_and_touch_no_session(federation, admin_user, signed_in):
    world = seeded_world(federation)
    client = Client()
    if signed_in:
        client.force_login(admin_user)  # a signed-in visitor gets the same public page
    for url in _public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", ""), url
        assert not response.cookies, url
        assert not response.wsgi_request.session.accessed, url
        assert response.wsgi_request.user._wrapped is empty, url
        assert "<script" not in response.content.decode(), url
        assert "退出" not in response.content.decode()


@pytest.mark.django_db
def test_the_index_redirects_to_the_only_open_federation_and_lists_several(federation):
    open_portal(federation)
    response = Client().get("/public/")
    assert response.status_code == 302
    assert response["Location"] == f"/public/{federation.code}/"
    other = f.make_federation(name="武汉市科学技术协会", code="wuhan")
    open_portal(other)
    page = Client().get("/public/").content.decode()
    assert "武汉市科学技术协会" in page and "湖北省科学技术协会" in page


@pytest.mark.django_db
def test_unknown_and_unpublished_ids_answer_a_bare_404(federation, society_b):
    from xuehui.access import SYSTEM
    from xuehui.portal.services import policy_save

    open_portal(federation)
    policy_save(federation=society_b.federation, is_open=False, public_items=[], actor=SYSTEM)
    client = Client()
    for url in [
        "/public/nowhere/",
        f"/public/{federation.code}/societies/999999/",
        f"/public/{federation.code}/societies/{society_b.pk}/",  # another 科协's society
        f"/public/{federation.code}/societies/{society_b.pk}/feedback/",
        f"/public/{society_b.federation.code}/",  # a 科协 whose portal is closed
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert society_b.name not in response.content.decode()


@pytest.mark.django_db
def test_the_directory_finds_by_pinyin_initials_and_filters_by_category_and_class(federation):
    world = seeded_world(federation)
    url = reverse("public:directory", args=[federation.code])
    client = Client()

    def names(query: str) -> set[str]:
        page = client.get(url + query).content.decode()
        return {s.name for s in (world.society, world.other) if s.name in page}

    assert names("?q=hbshj") == {world.society.name}
    assert names("?q=qixiang") == {world.other.name}
    assert names("?q=环境") == {world.society.name}
    assert names(f"?tier={Tier.CULTIVATE}") == {world.other.name}
    assert names("?category=science") == set()
    assert names("?tier=draft&page=x") == {world.society.name, world.other.name}


@pytest.mark.django_db
def test_the_directory_and_profile_do_not_grow_queries_with_societies(
    federation, django_assert_max_num_queries
):
    world = seeded_world(federation)
    for n in range(25):
        f.make_society(name=f"湖北省测试学会{n}", federation=federation)
    client = Client()
    with django_assert_max_num_queries(4):
        client.get(reverse("public:directory", args=[federation.code]))
    with django_assert_max_num_queries(16):
        client.get(reverse("public:society", args=[federation.code, world.society.pk]))


@pytest.mark.django_db
def test_items_the_policy_keeps_private_are_not_shown(federation):
    world = seeded_world(federation)
    open_portal(federation, items=[DisclosureItem.REGISTRY])
    client = Client()
    page = client.get(reverse("public:society", args=[federation.code, world.society.pk]))
    text = page.content.decode()
    assert world.society.uscc in text
    assert "李一" not in text and "88.50" not in text and "027-87654321" not in text
    assert "秘书处实体化运行" not in text
    directory = client.get(reverse("public:directory", args=[federation.code])).content.decode()
    assert "重点支持" not in directory
    for name in ("notices", "results", "cases"):
        body = client.get(reverse(f"public:{name}", args=[federation.code])).content.decode()
        assert "88.50" not in body and "92.50" not in body and "秘书处实体化运行" not in body


@pytest.mark.django_db
def test_an_evaluation_in_publicity_is_a_notice_with_its_period_not_a_class(federation):
    from decimal import Decimal

    from django.utils import timezone

    from xuehui.evaluation.choices import Stage

    from .factories import make_evaluation, make_result

    world = seeded_world(federation)
    today = timezone.localdate()
    year = make_evaluation(
        federation, 2026, Stage.PUBLICITY, publicity_starts_on=today,
        publicity_ends_on=today.replace(day=1) if today.day > 1 else today,
    )  # fmt: skip
    make_result(year, world.other, Decimal("66.66"), tier=Tier.KEY_SUPPORT)
    client = Client()
    notices = client.get(reverse("public:notices", args=[federation.code])).content.decode()
    assert "2026年度学会考评结果公示" in notices and "66.66" in notices and "公示期" in notices
    profile = client.get(reverse("public:society", args=[federation.code, world.other.pk]))
    text = profile.content.decode()
    assert "公示中" in text and "2024年度考评分类：<strong>培育扶持" in text
    results = client.get(reverse("public:results", args=[federation.code])).content.decode()
    assert "66.66" not in results and "88.50" in results


@pytest.mark.django_db
def test_only_an_accepted_report_is_published_and_only_while_the_policy_says(federation):
    world = seeded_world(federation)
    code, pk = world.federation.code, world.society.pk
    page = Client().get(reverse("public:report", args=[code, pk, 2024])).content.decode()
    assert "一、基本信息" in page and "全年开展学术活动十二次" in page
    assert world.id_numbers[0] not in page
    for year in (2025, 2023):  # waiting for the 初审; never filed
        assert Client().get(reverse("public:report", args=[code, pk, year])).status_code == 404
    items = [i for i in DisclosureItem.values if i not in ("annual_reports", "credit")]
    open_portal(federation, items)
    assert Client().get(reverse("public:report", args=[code, pk, 2024])).status_code == 404
    profile = Client().get(reverse("public:society", args=[code, pk])).content.decode()
    assert "年度工作报告" not in profile and "活动异常名录" not in profile
