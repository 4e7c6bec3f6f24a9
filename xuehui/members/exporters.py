"""The member registers as spreadsheets, in the columns the import reads back, and the blank
import templates."""

from openpyxl.styles import Font

from xuehui.lib.export import Exporter, new_workbook, save_workbook, styled
from xuehui.lib.parsing import trait_text

from .choices import MemberKind
from .importers import IMPORTERS
from .models import IndividualMember, InstitutionalMember

BOLD = Font(bold=True)


def _date(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


class IndividualMemberExporter(Exporter):
    sheet_title = "个人会员"
    header = tuple(c.name for c in IMPORTERS[MemberKind.INDIVIDUAL].columns)

    def __init__(self, objects, *, masked: bool = True):
        super().__init__(objects)
        self.masked = masked

    def row(self, m: IndividualMember):
        id_number = m.id_number_masked if self.masked else m.id_number
        phone = m.phone_masked if self.masked else m.phone
        return [
            m.member_number,
            m.name,
            m.get_gender_display(),
            _date(m.birth_date),
            id_number,
            m.employer,
            m.title,
            m.education,
            phone,
            trait_text(m.is_frontline),
            _date(m.join_date),
            m.get_status_display(),
            _date(m.left_on),
            _date(m.dues_paid_until),
            m.note,
        ]


class InstitutionalMemberExporter(Exporter):
    sheet_title = "单位会员"
    header = tuple(c.name for c in IMPORTERS[MemberKind.INSTITUTIONAL].columns)

    def __init__(self, objects, *, masked: bool = True):
        super().__init__(objects)
        self.masked = masked

    def row(self, m: InstitutionalMember):
        return [
            m.member_number,
            m.name,
            m.uscc,
            m.contact_name,
            m.contact_phone_masked if self.masked else m.contact_phone,
            _date(m.join_date),
            m.get_status_display(),
            _date(m.left_on),
        ]


def exporter_for(kind: str, society, *, masked: bool) -> Exporter:
    if kind == MemberKind.INDIVIDUAL:
        members = IndividualMember.objects.filter(society=society).order_by("member_number", "id")
        return IndividualMemberExporter(members.iterator(chunk_size=2000), masked=masked)
    members = InstitutionalMember.objects.filter(society=society).order_by("member_number", "id")
    return InstitutionalMemberExporter(members.iterator(chunk_size=2000), masked=masked)


def template_workbook(kind: str) -> bytes:
    """A blank register: the header on the first sheet, what each column takes on the second."""
    columns = IMPORTERS[kind].columns
    exporter = Exporter([])
    exporter.header = tuple(c.name for c in columns)
    exporter.sheet_title = MemberKind(kind).label
    book = new_workbook()
    exporter.fill_sheet(book.create_sheet())
    notes = book.create_sheet("填写说明")
    notes.append(
        [
            styled(notes, name, font=BOLD)
            for name in ("列名", "是否必填", "示例", "可填写的值", "说明")
        ]
    )
    for column in columns:
        notes.append(
            [
                column.name,
                "必填" if column.required else "",
                column.example or "",
                "、".join(column.choices),
                column.note,
            ]
        )
    notes.append([])
    notes.append(["日期可写作2018-05-01、2018.05、2018年5月；是/否可写作是、否、√、×。"])
    return save_workbook(book)
