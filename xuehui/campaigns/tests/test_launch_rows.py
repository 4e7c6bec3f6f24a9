"""The launch writes exactly the rows it wrote before it went through `bulk_insert` (COPY):
every field of every entry and item of a small launch over the five real frameworks, compared
with a snapshot the bulk_create path produced (`data/launch_rows.json`: a digest of each item's
fields, and the fields themselves of the items that name people and of a few others).

To record the snapshot again after a deliberate change of the rows: XUEHUI_RECORD_SNAPSHOTS=1.
"""

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest
from django.db import IntegrityError

from xuehui.campaigns import services
from xuehui.campaigns.models import Campaign, CampaignEntry, CampaignItem
from xuehui.governance.choices import Office
from xuehui.rules.tests.factories import load_library_framework
from xuehui.tests.factories import make_person, make_position, make_society, make_term

from .factories import launch

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).parent / "data" / "launch_rows.json"
FRAMEWORKS = (
    "hubei-reform-2017",
    "hubei-2h-2017",
    "fengxian-2019",
    "jiangxi-3h-2022",
    "tianjin-tasks",
)
SKIPPED = {"id", "entry", "requirement", "campaign", "society"}  # keys of this run: compared
# through what they point to (PostgreSQL does not roll its sequences back between tests)


def _societies(federation):
    bare = make_society(name="湖北省测试学会甲", federation=federation)
    staffed = make_society(name="湖北省测试学会乙", federation=federation)
    term = make_term(staffed, start_on=dt.date(2021, 6, 1))
    make_position(term, Office.PRESIDENT, make_person(name="王老", birth_date=dt.date(1950, 3, 1)))
    make_position(
        term, Office.SECRETARY_GENERAL, make_person(name="李中", birth_date=dt.date(1980, 3, 1))
    )
    for n in range(4):
        make_position(term, Office.DIRECTOR, make_person(name=f"理事{n}", is_frontline=n % 2 == 0))
    return [bare, staffed]


def _rows(campaign: Campaign) -> dict:
    def plain(obj, model) -> dict:
        values = {}
        for field in model._meta.concrete_fields:
            if field.name in SKIPPED:
                continue
            value = getattr(obj, field.attname)
            values[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
        return values

    entries = CampaignEntry.objects.filter(campaign=campaign).select_related("society")
    items = CampaignItem.objects.filter(entry__campaign=campaign).select_related(
        "entry__society", "requirement__version__framework"
    )
    return {
        "entries": sorted(
            [
                entry.society.name,
                plain(entry, CampaignEntry) | {"evaluated_at": bool(entry.evaluated_at)},
            ]
            for entry in entries
        ),
        "items": sorted(
            [
                item.entry.society.name,
                item.requirement.version.framework.key,
                item.requirement.key,
                plain(item, CampaignItem),
            ]
            for item in items
        ),
    }


def _launch(federation):
    versions = [load_library_framework(key).current_version for key in FRAMEWORKS]
    return launch(federation, _societies(federation), versions=versions)


def _digest(fields: dict) -> str:
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _snapshot(rows: dict) -> dict:
    items = rows["items"]
    shown = [item for n, item in enumerate(items) if item[3]["auto_people"] or n % 50 == 0]
    return {
        "entries": rows["entries"],
        "items": [[*item[:3], _digest(item[3])] for item in items],
        "shown": shown,
    }


@pytest.mark.parametrize("chunk", [services.EVALUATE_CHUNK, 1])
def test_a_launch_writes_the_same_rows_as_before(federation, monkeypatch, chunk):
    monkeypatch.setattr(services, "EVALUATE_CHUNK", chunk)  # 1: each society judged apart
    rows = json.loads(json.dumps(_rows(_launch(federation)), ensure_ascii=False))
    got = _snapshot(rows)
    if os.environ.get("XUEHUI_RECORD_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n")
    expected = json.loads(SNAPSHOT.read_text())
    assert len(got["items"]) == len(expected["items"]) > 300
    assert expected["shown"] and any(item[3]["auto_people"] for item in expected["shown"])
    for have, want in zip(got["shown"], expected["shown"], strict=True):
        assert have == want  # field by field, readable when it fails
    for have, want in zip(got["items"], expected["items"], strict=True):
        assert have == want
    assert got["entries"] == expected["entries"]


def test_a_launch_that_fails_while_writing_its_items_leaves_nothing(federation, monkeypatch):
    real = services._item_rows

    def broken(*args):
        rows = list(real(*args))
        return rows + rows[-1:]  # the last item twice: the unique constraint refuses it

    monkeypatch.setattr(services, "_item_rows", broken)
    with pytest.raises(IntegrityError):
        _launch(federation)
    assert not Campaign.objects.exists()
    assert not CampaignItem.objects.exists()
