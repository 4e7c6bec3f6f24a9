"""Exports of the registry: the society list as the user filtered it."""

from xuehui.lib.export import Exporter

from .importers import founding_text
from .models import Society
from .selectors import contact_phone


class SocietyListExporter(Exporter):
    """学会名录: the columns of the society import first, so the file imports back."""

    sheet_title = "学会名录"
    header = (
        "学会名称",
        "统一社会信用代码",
        "学科类别",
        "业务主管单位",
        "挂靠单位",
        "成立日期",
        "所属科协",
        "办公地址",
        "联系电话",
        "法定代表人",
        "状态",
        "当前届次",
        "届满日期",
    )

    def __init__(self, societies, *, user):
        super().__init__(societies)
        self.user = user  # the contact numbers as this user may read them

    def row(self, society: Society):
        """`society` comes from selectors.society_list (federation and current term loaded)."""
        number = getattr(society, "current_term_number", None)
        end = getattr(society, "current_term_end", None)
        return (
            society.name,
            society.uscc,
            society.get_category_display(),
            society.supervising_authority,
            society.host_institution,  # blank = 无挂靠, as the import reads it
            founding_text(society),
            society.federation.name,
            society.address,
            contact_phone(self.user, society),
            society.legal_representative,
            society.get_status_display(),
            f"第{number}届" if number else "",
            end,
        )
