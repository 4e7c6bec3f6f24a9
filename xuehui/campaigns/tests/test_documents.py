import io
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

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
    # Named by the document's own numbering, not the library's keys.
    assert list(rows) == [
        "第一条",
        "第二条",
        "第三条（一）",
        "第三条（二）",
        "第三条（三）",
        "第五条",
    ]
    assert rows["第三条（一）"][4] == "expert：需整改（请补充材料）"
    assert rows["第三条（一）"][5] == "需整改"
    assert "整改要求：expert：请补充材料" in "\n".join(texts)


def test_the_word_result_is_an_a4_gongwen_with_the_chinese_fonts_named(rectifying_entry):
    entry = rectifying_entry
    document = Document(io.BytesIO(documents.entry_docx(entry, selectors.item_rows(entry))))
    assert 'w:eastAsia="宋体"' in document.paragraphs[0].runs[0]._element.xml  # the title
    header = document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]._element.xml
    assert 'w:eastAsia="黑体"' in header
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    section = document.sections[0]
    # A4 landscape (29.7 × 21 cm), not US Letter.
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)
    assert "PAGE" in section.footer._element.xml


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
