"""What the 学会考评 pages share."""

from pathlib import Path

from ..choices import Stage

LIBRARY = Path(__file__).resolve().parents[1] / "library"
OBJECTION_PURPOSE = "evaluation_objection"
PUBLISHED = (Stage.PUBLICITY, Stage.CONFIRMED)
