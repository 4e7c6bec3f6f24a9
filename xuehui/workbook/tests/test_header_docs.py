from pathlib import Path

from django.conf import settings

from xuehui.workbook.header_docs import render


def test_the_documented_header_variants_are_those_the_importers_know():
    document = (Path(settings.BASE_DIR) / "docs" / "imports.md").read_text(encoding="utf-8")
    assert render() in document, "docs/imports.md is out of date: regenerate its tables"
