"""The register import writes exactly the rows it wrote before its write phase went through
`bulk_insert` (COPY / executemany): every field of every member and of every audit entry,
compared with a snapshot the bulk_create path produced (`data/import_rows.json`).

To record the snapshot again after a deliberate change of the rows: XUEHUI_RECORD_SNAPSHOTS=1.
"""

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from django.db import IntegrityError

from xuehui.access import SYSTEM
from xuehui.audit.chain import verify_table
from xuehui.audit.models import AuditEntry
from xuehui.lib import bulk
from xuehui.members.importers import IndividualMemberImporter, InstitutionalMemberImporter
from xuehui.members.models import IndividualMember, InstitutionalMember
from xuehui.tests.factories import make_id_number, make_uscc

from .factories import make_individual_member
from .test_importers import xlsx

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).parent / "data" / "import_rows.json"
SKIPPED = {"id", "society", "created_at", "updated_at"}

PEOPLE = [
    ["湖北省测试学会个人会员名册"],
    [
        "会员编号",
        "姓名",
        "性别",
        "出生日期",
        "身份证号码",
        "工作单位",
        "职务职称",
        "联系电话",
        "一线",
        "入会日期",
        "状态",
        "离会日期",
        "会费缴至",
        "备注",
    ],
    [
        "A1",
        "张三",
        "男",
        "1975.08",
        make_id_number(dt.date(1975, 8, 9), n=1),
        "武汉大学",
        "教授",
        "13812345678",
        "是（高校教师）",
        "2018.05",
        "正常",
        None,
        dt.date(2025, 12, 31),
        "理事",
    ],
    [
        "A2",
        "李四",
        None,
        None,
        make_id_number(dt.date(1980, 2, 3), male=False, n=2),
        "湖北工业大学",
        None,
        None,
        "否",
        "2019年3月1日",
        "退会",
        "2021-06-30",
        None,
        None,
    ],
    [
        "A3",
        "曾单",
        "女",
        dt.date(1990, 1, 1),
        None,
        None,
        None,
        "027-87654321",
        None,
        dt.date(2020, 1, 1),
        None,
        None,
        None,
        None,
    ],
    [
        None,
        "王五",
        "男",
        "1965-03",
        None,
        "长江水利委员会",
        "高级工程师",
        None,
        "是",
        None,
        "除名",
        dt.date(2022, 1, 1),
        None,
        None,
    ],
    [
        "A5",
        "赵六",
        "男",
        "1988.10",
        make_id_number(dt.date(1988, 10, 1), n=7),
        None,
        None,
        None,
        "√",
        "2017.1",
        "正常",
        None,
        None,
        None,
    ],
    ["A6", "孙七", "女", None, None, "三峡大学", "讲师", None, None, None, None, None, None, None],
]
UNITS = [
    [
        "会员编号",
        "单位名称",
        "统一社会信用代码",
        "联系人",
        "联系电话",
        "入会日期",
        "状态",
        "离会日期",
    ],
    ["D1", "某某环保科技有限公司", make_uscc(11), "李四", "13812345678", "2019.03", "正常", None],
    ["D2", "重庆某研究院", None, None, None, None, "退会", "2020-01-01"],
    [None, "湖北省环境科学研究院", make_uscc(12), "王五", None, "2015年6月", None, None],
]


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _snapshot(society) -> dict:
    members = {}
    for model in (IndividualMember, InstitutionalMember):
        for member in model.objects.filter(society=society):
            fields = {
                f.name: _plain(getattr(member, f.attname))
                for f in model._meta.concrete_fields
                if f.name not in SKIPPED
            }
            assert member.created_at and member.updated_at
            members[f"{model._meta.model_name}:{member.pk}"] = fields
    names = {key: f"{fields['member_number']}/{fields['name']}" for key, fields in members.items()}
    entries = []
    for entry in AuditEntry.objects.filter(society=society).order_by("pk"):
        key = f"{entry.target_type.split('.')[-1]}:{entry.target_id}"
        target = names.get(key, "（其他记录）")  # the key of another record is this run's
        if "society" in entry.detail.get("changes", {}):  # a key of this run
            entry.detail["changes"]["society"] = "本学会"
        entries.append([entry.action, entry.target_type, target, entry.summary, entry.detail])
    return {
        "members": sorted(members.values(), key=lambda f: (f["member_number"], f["name"])),
        "audit": sorted(entries, key=lambda e: json.dumps(e, ensure_ascii=False)),
    }


def _import(society):
    make_individual_member(society, member_number="A6", name="孙七", employer="旧单位")
    for importer, rows in (
        (IndividualMemberImporter, PEOPLE),
        (InstitutionalMemberImporter, UNITS),
    ):
        run = importer(society=society, actor=SYSTEM).run(xlsx(rows), filename="名册.xlsx")
        assert run.ok, [str(e) for e in run.errors]


def test_an_import_writes_the_same_members_and_audit_entries_as_before(society_a):
    _import(society_a)
    got = json.loads(json.dumps(_snapshot(society_a), ensure_ascii=False))
    if os.environ.get("XUEHUI_RECORD_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n")
    expected = json.loads(SNAPSHOT.read_text())
    assert len(got["members"]) == 9
    for have, want in zip(got["members"], expected["members"], strict=True):
        assert have == want
    for have, want in zip(got["audit"], expected["audit"], strict=True):
        assert have == want
    # The entries streamed into the insert are links of the audit chain like any other.
    verification = verify_table()
    assert verification.broken is None and verification.count >= len(got["audit"])


def test_a_constraint_broken_in_the_last_batch_writes_no_member(society_a, monkeypatch):
    """A member number taken meanwhile (between the check and the write) is only found by
    the database, in the last batch: the import then writes nothing and says why."""
    monkeypatch.setattr(bulk, "SQLITE_BATCH", 2)
    importer = IndividualMemberImporter(society=society_a, actor=SYSTEM)
    result = importer.parse_file(xlsx(PEOPLE), filename="名册.xlsx")
    assert result.ok
    make_individual_member(society_a, member_number="A5", name="抢先")
    before = AuditEntry.objects.count()
    run_errors = []
    try:
        importer.commit(result)
    except Exception as refused:  # ImportRefused, naming the reason
        run_errors = [str(e) for e in refused.errors]
        assert isinstance(refused.__cause__, IntegrityError)
    assert run_errors and "未写入任何数据" in run_errors[0]
    assert list(
        IndividualMember.objects.filter(society=society_a).values_list("name", flat=True)
    ) == ["抢先"]
    assert AuditEntry.objects.count() == before
