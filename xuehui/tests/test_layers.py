"""The apps form layers (docs/architecture.md, "Layers"): code imports only downward, the
data layer (each app's models and choices) imports only data, and nothing forms a cycle. The
imports are read from the source with `ast`, those inside functions included, so a lazy import
cannot hide a dependency. Only `xuehui.access` reads a `Scope`'s sets of ids.
"""

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]

# Bottom to top. A module may import its own app, and any app of a lower layer.
LAYERS: list[set[str]] = [
    {"lib"},
    {"audit", "notifications", "submissions", "ops"},
    {"access", "jobs", "todos"},
    {"files"},
    {"core", "imports"},
    {"accounts", "governance"},
    {
        "societies",
        "members",
        "secretariat",
        "party",
        "branches",
        "regulations",
        "meetings",
        "activities",
        "finances",
    },
    {"reports"},
    {"rules", "workbook", "consortia"},
    {"stats"},
    {"campaigns"},
    {"workplans"},
    {"pilots", "evaluation"},
    {"subsidies", "credit"},
    {"dashboard", "guide", "portal", "api"},
    {"demo"},
]
LAYER = {app: n for n, apps in enumerate(LAYERS) for app in apps}
# The data layer: what a model needs to exist. Models and choices import only lib and other
# apps' data (a module of its own app that a data module imports is data too).
DATA_MODULES = {"models", "choices"}
# `access` holds the rules about every area, so it reads every area's models; it imports no
# other code (the areas' code calls it).
READS_ONLY_DATA = {"access"}
SCOPE_INTERNALS = re.compile(
    r"\b(admin_federation_ids|viewer_federation_ids|editor_society_ids|expert_society_ids"
    r"|visible_federation_ids|visible_society_ids)\b"
)


def _apps() -> set[str]:
    return {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and p.name != "tests"}


def _source_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or {"tests", "migrations"} & set(parts) or parts[-1] == "conftest.py":
            continue
        yield path, parts


def _imported(path: Path, parts: tuple[str, ...]) -> set[tuple[str, str, bool]]:
    """(app, first module name inside it, at module level) for every xuehui module `path`
    imports."""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name.split(".") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ["xuehui", *parts[: len(parts) - node.level]]
            else:
                base = []
            module = base + (node.module.split(".") if node.module else [])
            names = [module + [alias.name] for alias in node.names]
        else:
            continue
        for name in names:
            if len(name) >= 3 and name[0] == "xuehui":
                found.add((name[1], name[2], id(node) in top))
    return found


@cache
def _graph() -> dict[str, dict[str, set[str]]]:
    """node → imported node → the files that import it. A node is an app ("rules") or its data
    layer ("rules:data")."""
    apps = _apps()
    modules: dict = {}  # (app, module) → {(app, module): at module level}
    for path, parts in _source_files():
        imports = modules.setdefault((parts[0], parts[1].removesuffix(".py")), {})
        for app, name, top in _imported(path, parts):
            if app in apps:
                imports[(app, name)] = imports.get((app, name), False) or top
    data = {key for key in modules if key[1] in DATA_MODULES}
    grown = True
    while grown:  # a module of its own app that a data module needs to load is data too
        more = {
            t
            for key in data
            for t, top in modules[key].items()
            if top and t[0] == key[0] and t in modules
        }
        grown = not more <= data
        data |= more
    node = lambda key: f"{key[0]}:data" if key in data else key[0]  # noqa: E731
    graph: dict = defaultdict(lambda: defaultdict(set))
    for key, targets in modules.items():
        for target in targets:
            if target[0] == key[0]:
                continue  # within an app (a model's method may call its app's code)
            if node(target) != node(key):
                graph[node(key)][node(target)].add("/".join(key))
    for app in apps:
        graph[app][f"{app}:data"].add("(its own models)")
    return graph


def test_every_app_has_a_layer():
    assert _apps() == set(LAYER), "add the app to LAYERS (and to docs/architecture.md)"


def test_code_imports_only_downward():
    wrong = [
        f"{source} → {target}（{', '.join(sorted(files))}）"
        for source, targets in _graph().items()
        if not source.endswith(":data")
        for target, files in targets.items()
        if not target.endswith(":data") and LAYER[target] >= LAYER[source]
    ]
    assert not wrong, "上层被下层引用：\n" + "\n".join(wrong)


def test_the_data_layer_imports_only_data_and_lib():
    wrong = [
        f"{source} → {target}（{', '.join(sorted(files))}）"
        for source, targets in _graph().items()
        if source.endswith(":data")
        for target, files in targets.items()
        if not target.endswith(":data") and target != "lib"
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("package", sorted(READS_ONLY_DATA))
def test_the_access_layer_reads_models_and_no_other_code(package):
    code = {
        target for target in _graph()[package] if not target.endswith(":data") and target != "lib"
    }
    assert not code


def _cycle(graph) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node):
        state[node] = 1
        path.append(node)
        for target in graph.get(node, {}):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in list(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_there_is_no_import_cycle_between_apps():
    cycle = _cycle(_graph())
    assert cycle is None, "循环依赖：" + " → ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b": set()}, "b": {"c": set()}, "c": {"a": set()}}) == [
        "a",
        "b",
        "c",
        "a",
    ]
    assert _cycle({"a": {"b": set()}, "b": {}}) is None


def test_only_the_access_layer_reads_the_sets_of_a_scope():
    readers = []
    for path in sorted(PACKAGE.rglob("*")):
        parts = path.relative_to(PACKAGE).parts
        if path.suffix not in {".py", ".html"} or parts[0] in {"access", "tests"}:
            continue
        if "tests" in parts or "migrations" in parts:
            continue
        if SCOPE_INTERNALS.search(path.read_text(encoding="utf-8")):
            readers.append(str(path.relative_to(PACKAGE)))
    templates = PACKAGE.parent / "templates"
    readers += [
        str(p.relative_to(templates.parent))
        for p in sorted(templates.rglob("*.html"))
        if SCOPE_INTERNALS.search(p.read_text(encoding="utf-8"))
    ]
    assert not readers, (
        "用 xuehui.access 的函数或 Scope 的判断（is_federation_staff 等）代替："
        + "、".join(readers)
    )
