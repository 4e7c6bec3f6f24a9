"""理事会成员名册导出: one term's roster with the columns of the roster import, so the file
imports back unchanged. One row per person; their offices joined by 、."""

from collections.abc import Iterable

from xuehui.lib.export import Exporter
from xuehui.lib.identifiers import mask_id_number, mask_phone
from xuehui.lib.parsing import trait_text

from .choices import Office
from .importers import COLUMNS, OFFICE_ORDER, offices_text
from .models import PERSON_FIELDS, TRAIT_FIELDS, Person, Position, Term


def yes_no(value: bool) -> str:
    return "是" if value else "否"


class RosterExporter(Exporter):
    """The roster of `term`; `masked` hides ID and phone numbers (for read-only users).

    Position fields (专职, 领取薪酬, 任职日期…) are written once per person, from their most
    senior post; the import gives them to every office on the row.
    """

    sheet_title = "理事会成员名册"
    header = tuple(column.name for column in COLUMNS)

    def __init__(self, term: Term, *, masked: bool = False):
        self.term = term
        self.masked = masked
        self.title = f"{term.society.name}第{term.number}届理事会成员名册"
        positions = (
            Position.objects.filter(term=term).select_related("person").order_by("person_id", "id")
        )
        super().__init__(_by_person(positions))

    def row(self, item: tuple[Person, list[Position]]) -> Iterable:
        person, positions = item
        first = positions[0]
        secretary = next((p for p in positions if p.office == Office.SECRETARY_GENERAL), None)
        cells = {name: getattr(person, name) for name in PERSON_FIELDS}
        cells |= {name: trait_text(cells[name]) for name in TRAIT_FIELDS}
        cells |= {
            "gender": person.get_gender_display(),
            "birth": person.birth_date,
            "id_number": mask_id_number(person.id_number) if self.masked else person.id_number,
            "political_status": person.democratic_party or person.get_political_status_display(),
            "phone": mask_phone(person.phone) if self.masked else person.phone,
            "offices": offices_text(
                (p.office for p in positions), (p.office for p in positions if p.is_executive)
            ),
            "selection": secretary.get_selection_display() if secretary else "",
            "is_full_time": yes_no(first.is_full_time),
            "is_paid": yes_no(first.is_paid),
            "approval_ref": first.approval_ref,
            "start_on": first.start_on,
            "end_on": first.end_on,
            "consecutive_terms": first.consecutive_terms,
        }
        return tuple(cells[column.key] for column in COLUMNS)

    def filename(self) -> str:
        return f"{self.title}.xlsx"


def _by_person(positions: Iterable[Position]) -> list[tuple[Person, list[Position]]]:
    """People with their posts, most senior office first, then by start date and name."""
    groups: dict[int, tuple[Person, list[Position]]] = {}
    for position in positions:
        groups.setdefault(position.person_id, (position.person, []))[1].append(position)
    for _person, posts in groups.values():
        posts.sort(key=lambda p: OFFICE_ORDER[Office(p.office)])
    return sorted(
        groups.values(),
        key=lambda g: (OFFICE_ORDER[Office(g[1][0].office)], g[1][0].start_on, g[0].name, g[0].pk),
    )
