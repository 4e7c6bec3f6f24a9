import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from xuehui.files.validation import clean_original_name, validate_upload

from .factories import ooxml_bytes, pdf_bytes, png_bytes, upload

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
SCRIPT = b"#!/bin/sh\nrm -rf /\n"


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.parametrize("content", [ELF, PE, SCRIPT], ids=["elf", "pe", "shell"])
def test_it_refuses_an_executable_renamed_pdf(content):
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("报告.pdf", content))
    assert "可执行程序或脚本" in message(caught.value)


def test_it_refuses_a_pdf_renamed_docx():
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("章程.docx", pdf_bytes()))
    assert "扩展名 .docx 与内容不符" in message(caught.value)
    assert "PDF" in message(caught.value)


def test_it_refuses_a_docx_renamed_pdf():
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("章程.pdf", ooxml_bytes("word")))
    assert "Word 文档" in message(caught.value)


def test_it_refuses_text_it_cannot_recognise():
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("说明.pdf", "这是一段纯文本".encode()))
    assert "无法识别" in message(caught.value)


def test_it_refuses_a_zip_that_is_not_an_office_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    with pytest.raises(ValidationError, match="无法识别"):
        validate_upload(upload("材料.docx", buffer.getvalue()))


def test_it_refuses_an_oversized_file_reading_the_limit_at_call_time(settings):
    settings.XUEHUI_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("大文件.pdf", pdf_bytes() + b"0" * 2000))
    assert "超过上限" in message(caught.value)
    settings.XUEHUI_MAX_UPLOAD_BYTES = 10_000
    assert validate_upload(upload("大文件.pdf", pdf_bytes() + b"0" * 2000)).key == "pdf"


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError, match="空文件"):
        validate_upload(upload("空.pdf", b""))


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "C:\\a\\b.pdf", "/tmp/x.pdf", ".."])
def test_it_refuses_a_path_in_the_file_name(name):
    with pytest.raises(ValidationError) as caught:
        clean_original_name(name)
    assert "文件名" in message(caught.value)


def test_it_strips_control_characters_and_blanks_from_the_name():
    assert clean_original_name(" 章程\x00\u200b（2020）.pdf\r\n") == "章程（2020）.pdf"


def test_it_shortens_a_very_long_name_keeping_the_extension():
    name = clean_original_name("长" * 300 + ".pdf")
    assert len(name) == 200 and name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("章程.pdf", pdf_bytes(), "pdf"),
        ("照片.PNG", png_bytes(), "png"),
        ("照片.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "jpeg"),
        ("动图.gif", b"GIF89a" + b"\x00" * 20, "gif"),
        ("图.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "webp"),
        ("纪要.docx", ooxml_bytes("word"), "docx"),
        ("报表.xlsx", ooxml_bytes("xl"), "xlsx"),
        ("汇报.pptx", ooxml_bytes("ppt"), "pptx"),
        ("旧表.xls", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100, "ole"),
        ("文稿.wps", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100, "ole"),
        ("表格.et", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100, "ole"),
    ],
)
def test_it_accepts_documents_and_images_by_content(name, content, key):
    assert validate_upload(upload(name, content)).key == key


def test_it_recognises_a_bmp_only_when_its_header_is_consistent():
    body = b"\x00" * 40
    header = (
        b"BM" + (54 + len(body)).to_bytes(4, "little") + b"\x00" * 4 + (54).to_bytes(4, "little")
    )
    dib = (40).to_bytes(4, "little") + b"\x00" * 36
    assert validate_upload(upload("图.bmp", header + dib + body)).key == "bmp"
    with pytest.raises(ValidationError):
        validate_upload(upload("图.bmp", b"BM this is just text that starts with BM......"))


def test_it_narrows_types_when_asked():
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("章程.pdf", pdf_bytes()), allowed={"png", "jpeg"})
    assert "此处只接受" in message(caught.value)


def test_it_refuses_a_name_without_extension():
    with pytest.raises(ValidationError, match="无扩展名"):
        validate_upload(upload("章程", pdf_bytes()))


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_pass_as_pdf_unless_they_start_like_one(content):
    try:
        detected = validate_upload(upload("x.pdf", content))
    except ValidationError:
        return
    assert detected.key == "pdf" and content.startswith(b"%PDF-")


def test_sha_is_not_computed_here_but_content_is_left_readable():
    item = upload("章程.pdf", pdf_bytes())
    validate_upload(item)
    assert hashlib.sha256(item.read()).hexdigest() == hashlib.sha256(pdf_bytes()).hexdigest()


def test_csv_is_accepted_only_where_asked_for():
    content = "姓名,会员编号\n张三,A001\n".encode()
    with pytest.raises(ValidationError):
        validate_upload(upload("名册.csv", content))
    assert validate_upload(upload("名册.csv", content), allowed={"xlsx", "csv"}).key == "csv"
    assert validate_upload(upload("名册.csv", "姓名\n张三\n".encode("gbk")), allowed={"csv"})


def test_a_binary_file_renamed_csv_is_refused_even_where_csv_is_allowed():
    with pytest.raises(ValidationError, match="可执行程序"):
        validate_upload(upload("名册.csv", b"\x7fELF\x02\x01" + b"\x00" * 50), allowed={"csv"})


def test_a_file_one_byte_over_the_limit_says_by_how_much(settings):
    settings.XUEHUI_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    data = pdf_bytes()
    big = data + b"0" * (20 * 1024 * 1024 + 1 - len(data))
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("证明材料.pdf", big))
    assert "大小为 20,971,521 字节，超过上限 20,971,520 字节" in message(caught.value)
