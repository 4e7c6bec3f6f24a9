"""The header variants of every import, as one table per import, for docs/imports.md.

`python manage.py shell -c "from xuehui.workbook.header_docs import render; print(render())"`
writes the tables; a test keeps the document in step with the importers' Column tables."""

from xuehui.lib.importing import COMPOUND_HEADERS, Column


def imports() -> list[tuple[str, tuple[Column, ...]]]:
    from xuehui.accounts.importers import COLUMNS as USERS
    from xuehui.governance.importers import COLUMNS as ROSTER
    from xuehui.members.importers import IndividualMemberImporter, InstitutionalMemberImporter
    from xuehui.societies.importers import COLUMNS as REGISTRY
    from xuehui.workbook.sheets import ALL_SHEETS

    found = [
        ("学会名录（登记信息）", REGISTRY),
        ("理事会成员名册", ROSTER),
        ("个人会员名册", IndividualMemberImporter.columns),
        ("单位会员名册", InstitutionalMemberImporter.columns),
        ("用户账号", USERS),
    ]
    for sheet in ALL_SHEETS:
        found.append((f"年度数据工作簿「{sheet.title}」", tuple(sheet.columns)))
    return found


def _cell(texts) -> str:
    return "、".join(texts) or "—"


def render() -> str:
    lines = []
    for title, columns in imports():
        lines += [f"### {title}", "", "| 列 | 也认作 | 仅在没有更合适的列时认作 |", "|---|---|---|"]
        for column in columns:
            star = "（必填）" if column.required else ""
            lines.append(
                f"| {column.name}{star} | {_cell(column.aliases)} | {_cell(column.fallback_aliases)} |"
            )
        lines.append("")
    lines += ["### 合并表头（所有导入通用）", "", "| 表头 | 拆分为 |", "|---|---|"]
    for names, targets, _ in COMPOUND_HEADERS:
        lines.append(f"| {_cell(names)} | {' 和 '.join(t[0] for t in targets)} |")
    return "\n".join(lines) + "\n"
