"""The sign-in and password pages, in Chinese."""

from django.urls import reverse

from xuehui.tests import factories

LOGIN = reverse("accounts:login")


def test_the_login_page_is_in_chinese(anonymous_client):
    html = anonymous_client.get(LOGIN).content.decode()
    assert "学会改革管理平台" in html and "用户名" in html and "密码" in html


def test_a_wrong_password_is_refused_in_chinese(anonymous_client, db):
    factories.make_user("zhang", password="right-密码-123")
    response = anonymous_client.post(LOGIN, {"username": "zhang", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_signing_in_leads_to_the_dashboard_with_name_and_role(anonymous_client, secretary_a):
    response = anonymous_client.post(
        LOGIN, {"username": "sec_a", "password": "pass-测试-123"}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] in (reverse("dashboard:home"), "/")
    assert secretary_a.display_name in html
    assert "学会填报员" in html


def test_a_password_change_is_confirmed(secretary_a_client, secretary_a):
    response = secretary_a_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pass-测试-123",
            "new_password1": "Xin-密码-2024-abc",
            "new_password2": "Xin-密码-2024-abc",
        },
        follow=True,
    )
    secretary_a.refresh_from_db()
    assert secretary_a.check_password("Xin-密码-2024-abc")
    assert "密码已修改" in response.content.decode()


def test_mismatched_new_passwords_are_refused_in_chinese(secretary_a_client):
    response = secretary_a_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pass-测试-123",
            "new_password1": "Aa-123456-xy",
            "new_password2": "Aa-123456-xz",
        },
    )
    assert "两次输入的新密码不一致" in response.content.decode()
