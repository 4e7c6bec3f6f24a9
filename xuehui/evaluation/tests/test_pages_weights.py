"""分值调整: an administrator changes the indicators' points in one table; children must add
up to their parent, and every problem is listed with nothing saved."""

from django.urls import reverse

from xuehui.evaluation.models import EvaluationScheme


def post(client, row, **points):
    data = {f"points_{code}": value for code, value in {"1": 10, "2": 10, "3": 10}.items()}
    data |= {f"points_{k.replace('_', '.')}": v for k, v in points.items()}
    data["weights_note"] = "分值为测试科协的选择"
    return client.post(reverse("evaluation:scheme_weights", args=[row.pk]), data)


def test_points_are_changed_in_one_table(client, scheme_row, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("evaluation:scheme_weights", args=[scheme_row.pk])).content.decode()
    assert "1 个人会员数" in page and 'name="points_3"' in page
    assert post(client, scheme_row, **{"3": 20}).status_code == 302
    row = EvaluationScheme.objects.get(pk=scheme_row.pk)
    assert row.definition["indicators"][2]["points"] == 20
    assert row.definition["weights_note"] == "分值为测试科协的选择"
    # the member bands give up to 10: 8 points cannot hold them
    refused = post(client, scheme_row, **{"1": "8"})
    assert refused.status_code == 200
    assert "应在0到指标分值8之间" in refused.content.decode()
    assert (
        EvaluationScheme.objects.get(pk=scheme_row.pk).definition["indicators"][0]["points"] == 10
    )


def test_children_must_add_up_to_their_parent(client, hubei_reform, federation, admin_user):
    from xuehui.evaluation import selectors, services

    from .conftest import library_scheme

    row = services.scheme_save(federation=federation, data=library_scheme(), actor=admin_user)
    data = {f"points_{n.code}": n.points for n in selectors.scheme_of(row).walk()}
    data |= {"points_1.1": 8, "weights_note": "测试"}
    client.force_login(admin_user)
    refused = client.post(reverse("evaluation:scheme_weights", args=[row.pk]), data)
    assert "分值为30，下级指标分值之和为33" in refused.content.decode()
    data |= {"points_1": 33, "points_5": 7, "points_5.2": 3}
    assert client.post(reverse("evaluation:scheme_weights", args=[row.pk]), data).status_code == 302
    scheme = selectors.scheme_of(EvaluationScheme.objects.get(pk=row.pk))
    assert scheme.find("1").points == 33 and scheme.find("1.1").points == 8
    assert scheme.total_points == 100
