from pathlib import Path

from xuehui.stats.tables import TABLES, TABLES_BY_CODE

DOC = Path(__file__).resolve().parents[3] / "docs" / "statistics.md"


def test_the_doc_lists_every_table_and_figure_with_its_records():
    text = DOC.read_text(encoding="utf-8")
    for table in TABLES:
        assert f"### {table.title} (`{table.code}`)" in text
        for f in table.figures:
            assert f"| `{table.code}.{f.key}` | {f.label} | {f.unit} | {f.source} |" in text


def test_tables_are_numbered_and_keyed_once():
    assert [t.number for t in TABLES] == list(range(1, len(TABLES) + 1))
    assert set(TABLES_BY_CODE) == {t.code for t in TABLES}
    for table in TABLES:
        keys = [f.key for f in table.figures]
        assert len(keys) == len(set(keys))
        assert table.figure(keys[0]) is table.figures[0]
