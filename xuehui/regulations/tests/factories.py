import datetime as dt

from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument


def make_rule_document(society, *, kind=RuleKind.CHARTER, **fields) -> RuleDocument:
    defaults = {
        "name": f"{society.name}{kind.label}",
        "adopted_on": dt.date(2020, 5, 1),
        "adopted_by": "第五届会员代表大会",
    }
    return RuleDocument.objects.create(society=society, kind=kind, **(defaults | fields))
