"""The sheets of the yearly data workbook, in the order they are written, read and applied."""

from .basic import BasicSheet
from .organisation import BranchSheet, MemberStatSheet, OfficeSheet, PartySheet, StaffSheet
from .records import ActivitySheet, FinanceSheet, MeetingSheet, RuleDocumentSheet
from .terms import RosterSheet, TermSheet

RECORD_SHEETS = (
    MemberStatSheet,
    StaffSheet,
    OfficeSheet,
    PartySheet,
    BranchSheet,
    MeetingSheet,
    ActivitySheet,
    RuleDocumentSheet,
    FinanceSheet,
)
ALL_SHEETS = (BasicSheet, TermSheet, RosterSheet, *RECORD_SHEETS)
# Sheets a workbook may carry that the import reads past without a word.
IGNORED_SHEETS = frozenset({"填表说明", "说明", "填写说明", "选项", "下拉选项"})

__all__ = [
    "ALL_SHEETS",
    "IGNORED_SHEETS",
    "RECORD_SHEETS",
    "BasicSheet",
    "RosterSheet",
    "TermSheet",
]
