"""/api/docs/ is Swagger UI from the installed package: no CDN, no inline script (the CSP
allows scripts from the platform only), its set-up script a file of its own."""

import re

from django.test import override_settings


@override_settings(DEBUG=False)
def test_the_documentation_page_loads_nothing_from_elsewhere_and_no_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    sources = re.findall(r"<(?:script|link)[^>]*(?:src|href)=\"([^\"]+)\"", html)
    assert sources and all(src.startswith("/") for src in sources), sources
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # every script is a file
    setup = next(src for src in sources if "script=" in src or src.startswith("/api/docs/"))
    script = client.get(setup)
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_the_schema_names_the_token_scheme(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    assert "/api/societies/{id}/terms/" in schema["paths"]


def test_every_group_of_the_documentation_is_described_in_chinese(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    described = {tag["name"]: tag["description"] for tag in schema["tags"]}
    used = {tag for path in schema["paths"].values() for op in path.values() for tag in op["tags"]}
    assert used <= described.keys(), used - described.keys()
    assert all(re.search(r"[\u4e00-\u9fff]", text) for text in described.values())
