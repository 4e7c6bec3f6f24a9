"""The compliance overview: filtered by 科协, 学科 and pilot, coloured by pass rate, exported."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from xuehui.pilots.models import PilotMembership, PilotProgramme
from xuehui.rules.models import Framework
from xuehui.rules.selectors import RATE_BANDS, rate_band
from xuehui.rules.services import frameworks_load_library
from xuehui.societies.choices import DisciplineCategory
from xuehui.tests import factories as f

from .factories import make_council

URL = reverse("rules:overview")


@pytest.fixture(autouse=True)
def library(db):
    frameworks_load_library()


def names(response) -> list[str]:
    return [row.society.name for row in response.context["rows"]]


def test_rates_fall_into_bands_at_their_floors():
    assert rate_band(None) is None
    assert rate_band(1.0).name == rate_band(0.9).name == "high"
    assert rate_band(0.8999).name == "good"
    assert rate_band(0.75).name == "good"
    assert rate_band(0.6).name == "fair"
    assert rate_band(0.0).name == "low"
    assert [b.floor for b in RATE_BANDS] == sorted((b.floor for b in RATE_BANDS), reverse=True)


def test_the_overview_filters_by_federation_and_category(admin_client, federation):
    city = f.make_federation(name="武汉市科学技术协会", parent=federation, level="municipal")
    science = f.make_society(
        federation=federation, name="湖北省物理学会", category=DisciplineCategory.SCIENCE
    )
    medicine = f.make_society(
        federation=city, name="武汉市医学会", category=DisciplineCategory.MEDICINE
    )
    assert set(names(admin_client.get(URL))) >= {science.name, medicine.name}
    assert names(admin_client.get(URL, {"federation": city.pk})) == [medicine.name]
    assert names(admin_client.get(URL, {"category": DisciplineCategory.SCIENCE})) == [science.name]


def test_the_overview_filters_by_pilot_members_on_the_date(admin_client, federation):
    pilot = f.make_society(federation=federation, name="湖北省试点学会")
    left = f.make_society(federation=federation, name="湖北省已退出学会")
    f.make_society(federation=federation, name="湖北省其他学会")
    programme = PilotProgramme.objects.create(
        key="hubei-2h-test",
        name="两化试点",
        federation=federation,
        framework=Framework.objects.get(key="hubei-2h-2017"),
    )
    PilotMembership.objects.create(programme=programme, society=pilot, since=dt.date(2017, 10, 1))
    PilotMembership.objects.create(
        programme=programme, society=left, since=dt.date(2017, 10, 1), until=dt.date(2020, 1, 1)
    )
    response = admin_client.get(URL, {"programme": programme.pk, "on": "2024-06-30"})
    assert names(response) == [pilot.name]
    response = admin_client.get(URL, {"programme": programme.pk, "on": "2019-06-30"})
    assert sorted(names(response)) == sorted([pilot.name, left.name])


def test_a_filter_outside_the_users_scope_is_refused(admin_client, other_federation):
    assert admin_client.get(URL, {"federation": other_federation.pk}).status_code == 400
    assert admin_client.get(URL, {"category": "no-such"}).status_code == 400


def test_cells_are_coloured_with_a_legend_and_the_export_matches(admin_client, federation):
    good = f.make_society(federation=federation, name="湖北省甲学会")
    poor = f.make_society(federation=federation, name="湖北省乙学会")
    make_council(f.make_term(good), size=4, frontline=4)
    make_council(f.make_term(poor), size=4, frontline=0)
    response = admin_client.get(URL)
    html = response.content.decode()
    assert 'id="rate-legend"' in html and "60%以下" in html
    rows = {row.society.name: row for row in response.context["rows"]}
    bands = {c.band.name for c in rows[poor.name].cells if c.band}
    assert bands and all(f'data-band="{b}"' in html for b in bands)

    export = admin_client.get(URL, {"format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert "达标率分档" in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    assert header[:2] == ["学会", "所属科协"] and "湖北实施意见" in header
    assert all("-" not in str(h) for h in header)  # short names, never keys
    by_name = {r[0].value: r for r in sheet.iter_rows(min_row=3)}
    column = header.index("湖北实施意见")
    cell = by_name[poor.name][column]
    overview_cell = rows[poor.name].cells[column - 2]
    assert cell.value == pytest.approx(overview_cell.rate, abs=1e-4)
    assert cell.number_format == "0%"
    assert cell.fill.fgColor.rgb.endswith(overview_cell.band.fill)
    assert sheet.freeze_panes == "A3"


@pytest.mark.parametrize("on", [None, dt.date(2024, 6, 30)], ids=["today", "another-day"])
def test_each_rate_links_to_the_societys_results_under_its_framework_on_the_date(
    admin_client, federation, on
):
    society = f.make_society(federation=federation, name="湖北省甲学会")
    make_council(f.make_term(society), size=4, frontline=4)
    response = admin_client.get(URL, {"on": on.isoformat()} if on else {})
    day = (on or response.context["on"]).isoformat()
    (row,) = response.context["rows"]
    html = response.content.decode()
    assert row.url == reverse("rules:society", args=[society.pk]) + f"?on={day}"
    linked = [cell for cell in row.cells if cell.rate is not None]
    assert linked
    for cell in linked:
        url = reverse("rules:society_framework", args=[society.pk, cell.key]) + f"?on={day}"
        assert cell.url == url and f'href="{url}"' in html.replace("&amp;", "&")
