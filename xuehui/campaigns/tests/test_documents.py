import io
import shutil
import subprocess

import pytest
from docx import Document

from xuehui.campaigns import documents, selectors

from .conftest import rectifying


@pytest.fixture
def rectifying_entry(entry, secretary_a, expert_user):
    return rectifying(entry, secretary_a, expert_user)


def test_the_word_result_has_the_summary_a_row_per_requirement_and_the_rectification(
    rectifying_entry,
):
    entry = rectifying_entry
    document = Document(io.BytesIO(documents.entry_docx(entry, selectors.item_rows(entry))))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == f"{entry.society.name}\n{entry.campaign.name}结果"
    assert "共6项要求：已通过5项、需整改1项。" in texts
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "编号",
        "要求",
        "自动核验",
        "自评",
        "专家意见",
        "状态",
    ]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert list(rows) == ["1", "2", "3.1", "3.2", "3.3", "5"]
    assert rows["3.1"][4] == "expert：需整改（请补充材料）"
    assert rows["3.1"][5] == "需整改"
    assert "整改要求：expert：请补充材料" in "\n".join(texts)


def test_the_word_result_sets_chinese_in_a_cjk_font(rectifying_entry):
    entry = rectifying_entry
    document = Document(io.BytesIO(documents.entry_docx(entry, selectors.item_rows(entry))))
    xml = document.paragraphs[0].runs[0]._element.xml
    assert 'w:eastAsia="Noto Sans CJK SC"' in xml


def test_the_pdf_result_is_a_pdf(rectifying_entry):
    entry = rectifying_entry
    assert documents.entry_pdf(entry, selectors.item_rows(entry)).startswith(b"%PDF-")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext（poppler-utils）未安装")
def test_the_pdf_result_renders_the_chinese_text_in_noto_cjk(rectifying_entry, tmp_path):
    entry = rectifying_entry
    path = tmp_path / "result.pdf"
    path.write_bytes(documents.entry_pdf(entry, selectors.item_rows(entry)))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert entry.society.name in text
    assert "现有0次，要求不少于1次" in text
    assert "整改要求：expert：请补充材料" in text
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Noto-Sans-CJK-SC" in fonts and "Noto-Serif-CJK-SC" in fonts
