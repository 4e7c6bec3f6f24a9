"""No internal key on a user's screen or in a document they download.

Every page the four demo roles reach by following links from their 工作台 (up to a few
instances of each kind of page) and every xlsx/docx those pages offer is read as the user would
read it — text and the attributes a browser shows (title, placeholder, aria-label, alt) — and
must hold no framework key (`fengxian-2019`), no requirement key that is not the document's own
numbering (`annex.4.b`, `4.G1`), no snake_case identifier (`count_at_least`) and no raw `$…$`
formula, and no select offers Django's “---------”."""

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from xuehui.accounts.models import User
from xuehui.rules.models import Framework, Requirement

from .test_demo_loaded import small_demo  # noqa: F401  (the module-scoped demo)

ROLES = ("kx_admin", "kx_leader", "hj_secretary", "zj_expert")
PER_KIND = 2  # instances of one kind of page (one URL name) visited per role
SKIP_PREFIXES = ("/django-admin/", "/static/", "/media/", "/accounts/logout", "/api/")
SNAKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./@-])")
FORMULA = re.compile(r"\$[^$\n]{0,80}\\[a-z]+|\\frac")
DJANGO_PLACEHOLDER = "---------"  # Django's empty choice; ours reads 请选择
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
SAFE_KINDS = {"pdf"}  # read by a PDF viewer; their text comes from the same templates
# An indicator system's definition in its documented format (docs/evaluation-schemes.md),
# which administrators edit as a file: its keys are the format's, not words on a screen.
DEFINITION_VIEWS = {"evaluation:scheme_edit", "evaluation:scheme_yaml", "evaluation:scheme_xlsx"}


class _Text(HTMLParser):
    """Collects what a reader sees: text outside script/style, and the shown attributes."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        self.parts.extend(v for k, v in attrs if k in SHOWN_ATTRIBUTES and v)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _document_text(content: bytes, kind: str) -> str:
    if kind == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        cells = [book.sheetnames and " ".join(book.sheetnames)]
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells.extend(str(v) for v in row if isinstance(v, str))
        return "\n".join(c for c in cells if c)
    from docx import Document

    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(texts)


def _leaks(text: str, keys: re.Pattern, allowed: set[str]) -> list[str]:
    found = [m.group(0) for m in keys.finditer(text)]
    found += [m for m in SNAKE.findall(text) if m not in allowed]
    found += FORMULA.findall(text)
    if DJANGO_PLACEHOLDER in text:
        found.append(DJANGO_PLACEHOLDER)
    return found


def _key_pattern() -> re.Pattern:
    """Framework keys, and requirement keys that are not plain document numbering."""
    keys = set(Framework.objects.values_list("key", flat=True))
    keys |= {
        key
        for key in Requirement.objects.values_list("key", flat=True).distinct()
        if re.search(r"[A-Za-z]", key)
    }
    escaped = sorted((re.escape(k) for k in keys), key=len, reverse=True)
    return re.compile(r"(?<![\w.-])(?:" + "|".join(escaped) + r")(?![\w-]|\.\w)")


def _kind_of(response) -> str:
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        return "xlsx"
    if "wordprocessingml" in content_type:
        return "docx"
    if "pdf" in content_type:
        return "pdf"
    return "html" if "html" in content_type else "other"


def crawl(client: Client, keys: re.Pattern, allowed: set[str]) -> tuple[dict, int]:
    seen_paths: set[str] = set()
    per_kind: Counter = Counter()
    queue = deque(["/"])
    problems: dict[str, list[str]] = {}
    visited = 0
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
            continue
        key = url.split("#")[0]
        if key in seen_paths:
            continue
        seen_paths.add(key)
        try:
            name = resolve(parts.path).view_name
        except Resolver404:
            continue
        if per_kind[name] >= PER_KIND or name in DEFINITION_VIEWS:
            continue
        per_kind[name] += 1
        response = client.get(key)
        visited += 1
        if response.status_code != 200:
            continue
        kind = _kind_of(response)
        if kind in ("xlsx", "docx"):
            text = _document_text(response.content, kind)
        elif kind == "html":
            parser = _Text()
            parser.feed(response.content.decode())
            text = "\n".join(parser.parts)
            queue.extend(parser.links)
        else:
            continue
        leaks = _leaks(text, keys, allowed)
        if leaks:
            problems[key] = sorted(set(leaks))[:8]
    return problems, visited


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_no_internal_key_reaches_a_screen_or_a_document(small_demo, username):  # noqa: F811
    allowed = set(User.objects.values_list("username", flat=True))
    client = Client()
    client.force_login(User.objects.get(username=username))
    problems, visited = crawl(client, _key_pattern(), allowed)
    assert visited > 20, "the crawl reached too few pages to mean anything"
    assert not problems, "\n".join(f"{url}: {', '.join(found)}" for url, found in problems.items())
