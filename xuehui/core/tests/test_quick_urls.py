"""`{% plain_url %}` and `{% row_url %}` give the address `{% url %}` gives, without walking
the resolver on every call."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from xuehui.core.templatetags.quick_urls import plain_url, row_url


@pytest.mark.parametrize("name", ["campaigns:entry", "societies:detail", "governance:council"])
@pytest.mark.parametrize("pk", [0, 1, 7, 10, 321, 987654321, 123456789012])
def test_it_gives_the_address_url_gives(name, pk):
    assert row_url(name, pk) == reverse(name, args=[pk])


def test_it_renders_as_the_url_tag_in_a_template():
    rows = [{"pk": pk} for pk in (3, 40, 500)]
    both = Template(
        "{% load quick_urls %}{% for row in rows %}"
        "{% row_url 'societies:detail' row.pk %}={% url 'societies:detail' row.pk %};"
        "{% endfor %}"
    ).render(Context({"rows": rows}))
    pairs = [pair.split("=") for pair in both.rstrip(";").split(";")]
    assert len(pairs) == 3 and all(mine == django for mine, django in pairs)


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/xuehui/")
        assert row_url("societies:detail", 5) == reverse("societies:detail", args=[5])
        assert row_url("societies:detail", 5).startswith("/xuehui/")
    finally:
        set_script_prefix("/")
    assert row_url("societies:detail", 5) == reverse("societies:detail", args=[5])


@pytest.mark.parametrize("pk", [None, "", -1, "x"])
def test_a_key_url_would_refuse_is_refused_the_same_way(pk):
    with pytest.raises(NoReverseMatch):
        reverse("societies:detail", args=[pk])
    with pytest.raises(NoReverseMatch):
        row_url("societies:detail", pk)


def test_a_route_without_one_integer_key_is_refused():
    with pytest.raises(NoReverseMatch):
        row_url("societies:list", 1)  # takes no argument


@pytest.mark.parametrize(
    "name", ["dashboard:home", "todos:list", "societies:list", "rules:overview"]
)
def test_a_page_without_arguments_has_the_address_url_gives(name):
    assert plain_url(name) == reverse(name)
    assert Template("{% load quick_urls %}{% plain_url '" + name + "' %}").render(
        Context()
    ) == Template("{% url '" + name + "' %}").render(Context())


def test_plain_url_follows_the_script_prefix():
    try:
        set_script_prefix("/xuehui/")
        assert plain_url("todos:list") == "/xuehui/todos/" == reverse("todos:list")
    finally:
        set_script_prefix("/")
    assert plain_url("todos:list") == "/todos/"


def test_plain_url_refuses_what_url_refuses():
    with pytest.raises(NoReverseMatch):
        plain_url("societies:detail")  # needs a key
    with pytest.raises(NoReverseMatch):
        plain_url("no:such_page")
