from django.urls import reverse


def test_a_society_outside_the_scope_answers_a_chinese_404(secretary_a_client, society_b):
    response = secretary_a_client.get(reverse("societies:detail", args=[society_b.pk]))
    assert response.status_code == 404
    assert "未找到" in response.content.decode()
    assert society_b.name not in response.content.decode()
