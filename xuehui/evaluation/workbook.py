"""An indicator system as a workbook, for the offices that keep theirs in Excel: sheet 指标 (one
row per indicator: 编号, 上级编号, 名称, 分值, 计分方式, the rule, fact and bands, 必达, 依据条款,
说明) and sheet 设置 (the rest: key, name, year, the weights note, and classification, stars,
公示 and shares as YAML). `scheme_from_xlsx(scheme_to_xlsx(row))` gives the definition back."""

import io
import re
from decimal import Decimal, InvalidOperation

import yaml
from openpyxl.styles import Alignment, Font

from xuehui.lib.bounds import SpreadsheetError
from xuehui.lib.excel import read_workbook
from xuehui.lib.export import new_workbook, save_workbook, styled

from .choices import Method
from .models import EvaluationScheme
from .scheme import SECTIONS, SchemeError, _num

INDICATOR_SHEET, SETTINGS_SHEET = "指标", "设置"
COLUMNS = ("编号", "上级编号", "指标名称", "分值", "计分方式", "要求或数据项", "分档", "递增",
           "必达", "依据条款", "说明")  # fmt: skip
METHOD_BY_LABEL = {label: value for value, label in Method.choices}
PLAIN_SETTINGS = (("key", "指标体系代码"), ("name", "名称"), ("year", "考核年度"),
                  ("source", "依据文件"), ("weights_note", "分值说明"))  # fmt: skip
YAML_SETTINGS = SECTIONS
YAML_LABEL = "其他设置（YAML）"
BAND = re.compile(
    r"^\s*(?P<low>[0-9.]*)\s*[-~～—]\s*(?P<high>[0-9.]*)\s*[:：]\s*(?P<score>[0-9.]+)\s*$"
)
STEPS = re.compile(
    r"^\s*从(?P<start>[0-9.]+)起(?P<base>[0-9.]+)分[，,]\s*每增1加(?P<each>[0-9.]+)分[，,]\s*"
    r"最多(?P<max>[0-9.]+)分\s*$"
)


def _band_text(band: dict) -> str:
    low = "" if band.get("min") is None else _num(Decimal(str(band["min"])))
    high = "" if band.get("max") is None else _num(Decimal(str(band["max"])))
    return f"{low}-{high}:{_num(Decimal(str(band['score'])))}"


def _steps_text(steps: dict) -> str:
    n = {k: _num(Decimal(str(steps[k]))) for k in ("from", "base", "each", "max")}
    return f"从{n['from']}起{n['base']}分，每增1加{n['each']}分，最多{n['max']}分"


def _rows(nodes, parent: str = ""):
    for node in nodes or ():
        method = next((m for m in ("rule", "fact", "verdict", "expert") if node.get(m)), "")
        target = node.get(method) if method in ("rule", "fact", "verdict") else ""
        yield (
            str(node.get("code", "")),
            parent,
            node.get("name", ""),
            float(Decimal(str(node.get("points", 0)))),
            Method(method).label if method else "",
            target,
            "; ".join(_band_text(b) for b in node.get("bands") or ()),
            _steps_text(node["steps"]) if node.get("steps") else "",
            "是" if node.get("mandatory") else "",
            node.get("clause", ""),
            node.get("note", ""),
        )
        yield from _rows(node.get("children"), str(node.get("code", "")))


def scheme_to_xlsx(row: EvaluationScheme) -> bytes:
    definition = row.definition
    book = new_workbook()
    sheet = book.create_sheet(INDICATOR_SHEET)
    for letter, width in zip("ABCDEFGHIJK", (8, 8, 36, 8, 14, 30, 30, 30, 6, 24, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([styled(sheet, name, font=Font(bold=True)) for name in COLUMNS])
    for cells in _rows(definition.get("indicators")):
        sheet.append(cells)
    settings = book.create_sheet(SETTINGS_SHEET)
    settings.column_dimensions["A"].width = 18
    settings.column_dimensions["B"].width = 100
    values = {**definition, "year": row.year, "key": row.key, "name": row.name}
    rest = {k: definition[k] for k in YAML_SETTINGS if k in definition}
    lines = [
        ("项目", "值"),
        *((label, values.get(key, "")) for key, label in PLAIN_SETTINGS),
        (YAML_LABEL, yaml.safe_dump(rest, allow_unicode=True, sort_keys=False)),
    ]
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, value in lines:
        settings.append([label, styled(settings, value, alignment=wrap)])
    return save_workbook(book)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value, where: str, problems: list[str]):
    text = _text(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        problems.append(f"{where}应为数字，不是“{text}”")
        return 0
    return int(number) if number == number.to_integral_value() else float(number)


def scheme_from_xlsx(data: bytes, filename: str = "scheme.xlsx") -> dict:
    """The definition a workbook holds; every problem of its layout raised at once (the
    definition's own rules are checked afterwards by `scheme.parse`)."""
    try:
        sheets = {s.name: s for s in read_workbook(io.BytesIO(data), filename=filename)}
    except SpreadsheetError as error:
        raise SchemeError([str(error)]) from error
    problems: list[str] = []
    missing = [name for name in (INDICATOR_SHEET, SETTINGS_SHEET) if name not in sheets]
    if missing:
        raise SchemeError([f"工作簿缺少工作表“{'”“'.join(missing)}”（可先导出一份作为模板）"])
    definition: dict = {}
    labels = {label: key for key, label in PLAIN_SETTINGS}
    for row in sheets[SETTINGS_SHEET].rows[1:]:
        label, value = (_text(row[0]) if row else ""), (row[1] if len(row) > 1 else None)
        if label in labels and _text(value):
            key = labels[label]
            definition[key] = _number(value, label, problems) if key == "year" else _text(value)
        elif label == YAML_LABEL and _text(value):
            try:
                extra = yaml.safe_load(str(value))
            except yaml.YAMLError as error:
                problems.append(f"“{YAML_LABEL}”不是有效的 YAML：{error}")
                continue
            if not isinstance(extra, dict):
                problems.append(f"“{YAML_LABEL}”应为键值表")
                continue
            definition.update(extra)
    definition["indicators"] = _tree(sheets[INDICATOR_SHEET].rows, problems)
    if problems:
        raise SchemeError(problems)
    return definition


def _tree(rows: list[list], problems: list[str]) -> list[dict]:
    header = [_text(c) for c in (rows[0] if rows else [])]
    if header[: len(COLUMNS)] != list(COLUMNS):
        problems.append(f"工作表“{INDICATOR_SHEET}”的表头应为：{'、'.join(COLUMNS)}")
        return []
    nodes: dict[str, dict] = {}
    top: list[dict] = []
    for n, row in enumerate(rows[1:], start=2):
        cells = [_text(c) for c in row] + [""] * len(COLUMNS)
        code, parent, name, points, method_label, target, bands, steps, mandatory, clause, note = (
            cells[: len(COLUMNS)]
        )
        if not any(cells[: len(COLUMNS)]):
            continue
        where = f"第{n}行"
        node: dict = {
            "code": code,
            "name": name,
            "points": _number(points, f"{where}分值", problems),
        }
        if clause:
            node["clause"] = clause
        if note:
            node["note"] = note
        if method_label:
            method = METHOD_BY_LABEL.get(method_label)
            if method is None:
                problems.append(
                    f"{where}的计分方式“{method_label}”应为：{'、'.join(METHOD_BY_LABEL)}"
                )
            elif method == Method.EXPERT:
                node["expert"] = True
            else:
                node[method] = target
        if mandatory in ("是", "必达", "true", "1"):
            node["mandatory"] = True
        if bands:
            node["bands"] = [
                _band(part, where, problems) for part in re.split(r"[;；\n]", bands) if part.strip()
            ]
        if steps:
            match = STEPS.match(steps)
            if match is None:
                problems.append(f"{where}的递增应写作“从1起3分，每增1加1分，最多5分”")
            else:
                node["steps"] = {
                    k: _number(match[k], where, problems) for k in ("start", "base", "each", "max")
                }
                node["steps"]["from"] = node["steps"].pop("start")
        if code in nodes:
            problems.append(f"{where}的编号“{code}”重复")
            continue
        nodes[code] = node
        if parent:
            if parent not in nodes:
                problems.append(f"{where}的上级编号“{parent}”不在它之前的行中")
                continue
            nodes[parent].setdefault("children", []).append(node)
        else:
            top.append(node)
    return top


def _band(part: str, where: str, problems: list[str]) -> dict:
    match = BAND.match(part)
    if match is None:
        problems.append(
            f"{where}的分档“{part.strip()}”应写作“下限-上限:得分”，如“500-999:7”“1000-:10”"
        )
        return {}
    band: dict = {"score": _number(match["score"], where, problems)}
    if match["low"]:
        band["min"] = _number(match["low"], where, problems)
    if match["high"]:
        band["max"] = _number(match["high"], where, problems)
    return band
