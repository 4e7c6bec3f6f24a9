"""Where frameworks and the five source documents are read from: the YAML library beside this
module with the documents' full text (`library/sources/`, shown on the framework pages), and
the seed documents (shared/seeds) the framework tests cite."""

import os
from pathlib import Path

import yaml
from django.conf import settings

from .spec import FrameworkError, json_safe

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
# The five documents' full text, shipped with their frameworks so a user can read the original.
SOURCES_DIR = LIBRARY_DIR / "sources"


def source_text(name: str) -> str | None:
    """The full text of a framework's source document (its `source`), or None."""
    path = SOURCES_DIR / Path(name).name  # a bare file name: nothing outside the folder
    if not name or not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def seeds_dir() -> Path | None:
    """Where the five source documents are kept, or None when no such folder is found.

    In order: the XUEHUI_SEEDS_DIR setting, the XUEHUI_SEEDS_DIR environment variable, then the
    first `shared/seeds` folder found walking up from BASE_DIR (CI keeps `../shared` beside the
    checkout; a worktree may sit deeper)."""
    configured = getattr(settings, "XUEHUI_SEEDS_DIR", None) or os.environ.get("XUEHUI_SEEDS_DIR")
    if configured:
        return Path(configured)
    base = Path(settings.BASE_DIR).resolve()
    for folder in (base, *base.parents):
        candidate = folder / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def read_framework_file(path: Path) -> dict:
    """The data of one YAML framework file, dates as ISO strings; FrameworkError if unreadable."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise FrameworkError([f"无法读取框架文件 {Path(path).name}：{error}"]) from None
    return json_safe(data)


def library_files(path: Path | None = None) -> list[Path]:
    path = Path(path) if path else LIBRARY_DIR
    return sorted(path.glob("*.yaml")) if path.is_dir() else [path]
