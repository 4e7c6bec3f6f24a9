"""utf16_encoding: UTF-16 text is recognised with or without its mark; UTF-8 and GBK never."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xuehui.lib.text import utf16_encoding

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
CELL = st.text(alphabet=st.one_of(CJK, st.sampled_from("0123456789ABC")), min_size=1, max_size=8)
ROW = st.lists(CELL, min_size=2, max_size=6).map(",".join)
TABLE = st.lists(ROW, min_size=2, max_size=20).map(lambda rows: "\r\n".join(rows) + "\r\n")


@given(TABLE)
def test_a_utf16_table_is_recognised_without_its_mark(text):
    assert utf16_encoding(text.encode("utf-16-le")) == "utf-16-le"
    assert utf16_encoding(text.encode("utf-16-be")) == "utf-16-be"
    assert text.encode(utf16_encoding(text.encode("utf-16-le"))).decode("utf-16-le") == text


@given(TABLE)
def test_a_utf16_table_with_its_mark_is_recognised(text):
    data = text.encode("utf-16")
    assert utf16_encoding(data) == "utf-16" and data.decode("utf-16") == text


@given(st.text(alphabet=st.one_of(CJK, st.sampled_from("0123456789,\r\nABC 一")), max_size=300))
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_utf8_and_gbk_text_is_never_taken_for_utf16(encoding, text):
    assert utf16_encoding(text.encode(encoding)) is None
