"""The figures of a 社会团体年度工作报告, computed from the society's records for one year.

The year runs from 1 January to 31 December. A count over the year takes the records dated in
it (a meeting by the day it was held, an activity by the day it started, a post that began or
ended, a rule adopted or repealed); a figure "at the year's end" is the state on 31 December
(staff under contract, members on the register, posts held, party organisations, rules in
force). Each figure carries the records it was computed from (`records`: what each is, and the
page that lists them), so a reader can check it. docs/annual-reports.md lists every figure.

The result is plain JSON (numbers, text, ISO dates, amounts as text) so that it can be frozen
as it stands when the 科协 accepts the report.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from xuehui.activities.choices import ActivityKind, ActivityLevel
from xuehui.activities.models import Activity
from xuehui.activities.selectors import OWN_ROLES
from xuehui.branches.choices import BranchKind, BranchStatus
from xuehui.branches.models import Branch, BranchReport
from xuehui.consortia.models import JointActivity
from xuehui.finances.choices import IncomeSource
from xuehui.finances.models import FinanceYear
from xuehui.governance.choices import Office
from xuehui.governance.models import Position, Term
from xuehui.governance.selectors import current_posts_q
from xuehui.lib.dates import age_on
from xuehui.meetings.choices import MeetingKind
from xuehui.meetings.models import Meeting
from xuehui.members.choices import CongressForm
from xuehui.members.models import MembershipProfile
from xuehui.members.selectors import member_counts
from xuehui.party.models import PartyOrganisation
from xuehui.party.selectors import active_on_q
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument
from xuehui.secretariat.selectors import staff_under_contract
from xuehui.societies.models import Society

FORMAT_VERSION = 1
OVER_AGE = 70  # 中组发〔2014〕11号: 兼职不超过70周岁; "超过" excludes 70 itself
# The offices whose change the report lists as a change of 负责人.
OFFICER_OFFICES = (
    Office.PRESIDENT,
    Office.VICE_PRESIDENT,
    Office.SECRETARY_GENERAL,
    Office.CHIEF_SUPERVISOR,
)
# 承接政府转移职能: the kinds the rules count as government functions taken on.
GOVERNMENT_FUNCTION_KINDS = (
    ActivityKind.TRANSFERRED_FUNCTION,
    ActivityKind.GROUP_STANDARD,
    ActivityKind.SCIENCE_EVALUATION,
)
# Registration details whose change in the year the report lists (登记事项变更).
REGISTRATION_FIELDS = {
    "name": "学会名称",
    "legal_representative": "法定代表人",
    "address": "办公地址",
    "supervising_authority": "业务主管单位",
    "host_institution": "挂靠单位",
}


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def posts_held_q(on: dt.date) -> Q:
    """Posts held on `on` (governance's rule, Position.is_current_on), of the term running that
    day only: a term is over once a later term has begun, even without a recorded end."""
    later_term = Term.objects.filter(
        society_id=OuterRef("term__society_id"),
        start_on__gt=OuterRef("term__start_on"),
        start_on__lte=on,
    )
    return current_posts_q(on) & ~Exists(later_term)


def _figure(key, label, value, *, unit="", records=None, url="", note="") -> dict:
    return {
        "key": key,
        "label": label,
        "value": value,
        "unit": unit,
        "records": records or [],
        "url": url,
        "note": note,
    }


def _record(obj, text: str) -> dict:
    return {"model": obj._meta.label, "id": obj.pk, "text": text}


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


class _Builder:
    """Computes one society's report for one year; each section is a method."""

    def __init__(self, society: Society, year: int, settings):
        self.society, self.year, self.settings = society, year, settings
        self.first, self.last = year_bounds(year)
        self.in_year = {"start_on__gte": self.first, "start_on__lte": self.last}

    def url(self, name: str, query: str = "") -> str:
        path = reverse(name, args=[self.society.pk])
        return f"{path}?{query}" if query else path

    # ---------------------------------------------------------------- 基本信息

    def basic(self) -> list[dict]:
        s, url = self.society, self.url("societies:detail")
        figures = [
            _figure("registration.name", "学会名称", s.name, url=url),
            _figure("registration.uscc", "统一社会信用代码", s.uscc, url=url),
            _figure(
                "registration.founded_on",
                "成立日期",
                s.founded_on.isoformat() if s.founded_on else None,
                url=url,
            ),
            _figure("registration.federation", "所属科协", s.federation.name, url=url),
            _figure(
                "registration.supervising_authority",
                "业务主管单位",
                s.supervising_authority,
                url=url,
            ),
            _figure("registration.host_institution", "挂靠单位", s.host_display, url=url),
            _figure("registration.address", "办公地址", s.address, url=url),
            _figure("registration.status", "登记状态", s.get_status_display(), url=url),
            _figure("legal_representative", "法定代表人", s.legal_representative, url=url),
        ]
        return figures + self._secretary_general() + self._staff() + self._members()

    def _posts_held(self):
        return (
            Position.objects.filter(society=self.society)
            .filter(posts_held_q(self.last))
            .select_related("person", "term")
            .order_by("office", "person__name_pinyin", "pk")
        )

    def _secretary_general(self) -> list[dict]:
        held = [p for p in self.posts if p.office == Office.SECRETARY_GENERAL]
        records = [
            _record(p, f"{p.person.name}，{'专职' if p.is_full_time else '兼职'}"
                    + (f"，{p.get_selection_display()}" if p.selection else "")
                    + f"，{p.start_on:%Y-%m-%d}任职")
            for p in held
        ]  # fmt: skip
        url = self.url("governance:council")
        name = "、".join(p.person.name for p in held) or None
        kind = "、".join("专职" if p.is_full_time else "兼职" for p in held) or None
        return [
            _figure("secretary_general.name", "秘书长（年末在任）", name, records=records, url=url),
            _figure("secretary_general.full_time", "秘书长专兼职", kind, records=records, url=url),
        ]

    def _staff(self) -> list[dict]:
        staff = list(staff_under_contract(self.last, society=self.society))
        url = self.url("secretariat:society")

        def rows(people) -> list[dict]:
            return [_record(p, f"{p.name}（{p.post or '未填岗位'}）") for p in people]

        full = [p for p in staff if p.is_full_time]
        part = [p for p in staff if not p.is_full_time]
        insured = [p for p in staff if p.has_social_insurance]
        party = [p for p in staff if p.is_party_member]
        return [
            _figure("staff.total", "工作人员（年末在聘）", len(staff), unit="人", records=rows(staff), url=url),
            _figure("staff.full_time", "其中专职", len(full), unit="人", records=rows(full), url=url),
            _figure("staff.part_time", "其中兼职", len(part), unit="人", records=rows(part), url=url),
            _figure("staff.insured", "缴纳五险一金", len(insured), unit="人", records=rows(insured), url=url),
            _figure("staff.party_members", "中共党员", len(party), unit="人", records=rows(party), url=url),
        ]  # fmt: skip

    def _members(self) -> list[dict]:
        count = member_counts(self.society, self.year)
        url = self.url("members:overview")
        note = f"来源：{count.source_label}" + (
            "（年末在册：入会日期不晚于12月31日且未离会）" if count.source == "register" else ""
        )
        total = None if count.individual is None else count.individual + (count.institutional or 0)
        profile = MembershipProfile.objects.filter(society=self.society).first()
        form = (
            CongressForm(profile.congress_form).label if profile and profile.congress_form else None
        )
        return [
            _figure("members.individual", "个人会员（年末）", count.individual, unit="人", url=url, note=note),
            _figure("members.institutional", "单位会员（年末）", count.institutional, unit="个", url=url, note=note),
            _figure("members.total", "会员合计（年末）", total, unit="个", url=url, note=note),
            _figure("members.congress_form", "会员大会形式", form, url=url),
        ]  # fmt: skip

    def officials(self) -> list[dict]:
        """现职、退（离）休领导干部在本会任职 (a person once, whatever their posts), and of
        them those over 70 on 31 December."""
        people: dict[int, list] = {}
        for post in self.posts:
            person = post.person
            if person.is_serving_official or person.is_retired_official:
                people.setdefault(person.pk, []).append(post)

        def record(posts) -> dict:
            person = posts[0].person
            kinds = "现职领导干部" if person.is_serving_official else "退（离）休领导干部"
            offices = "、".join(p.office_label for p in posts)
            age = age_on(person.birth_date, self.last)
            return _record(person, f"{person.name}，{kinds}，任{offices}，年末{age}周岁")

        serving = [p for p in people.values() if p[0].person.is_serving_official]
        retired = [
            p
            for p in people.values()
            if p[0].person.is_retired_official and not p[0].person.is_serving_official
        ]
        over = [p for p in people.values() if age_on(p[0].person.birth_date, self.last) > OVER_AGE]
        url = self.url("governance:council")
        return [
            _figure("officials.serving", "现职领导干部在本会任职", len(serving), unit="人",
                    records=[record(p) for p in serving], url=url),
            _figure("officials.retired", "退（离）休领导干部在本会任职", len(retired), unit="人",
                    records=[record(p) for p in retired], url=url),
            _figure("officials.over_70", "其中超过70周岁", len(over), unit="人",
                    records=[record(p) for p in over], url=url,
                    note="按12月31日的周岁计算，“超过”不含70周岁"),
        ]  # fmt: skip

    # ---------------------------------------------------------------- 内部治理

    def meetings(self) -> list[dict]:
        held = list(
            Meeting.objects.filter(
                society=self.society, held_on__gte=self.first, held_on__lte=self.last
            ).order_by("held_on", "pk")
        )
        required = self._required_meetings()
        figures = []
        for kind in MeetingKind:
            mine = [m for m in held if m.kind == kind]
            need = required.get(kind)
            note = ""
            if need is not None:
                note = f"章程要求{need[0]}次（{need[1]}）" + (
                    f"，少{need[0] - len(mine)}次" if len(mine) < need[0] else "，已达到"
                )
            figures.append(
                _figure(
                    f"meetings.{kind.value}",
                    f"{kind.label}召开",
                    len(mine),
                    unit="次",
                    records=[_record(m, f"{m.held_on:%Y-%m-%d} {m}") for m in mine],
                    url=self.url("meetings:list", f"year={self.year}&kind={kind.value}"),
                    note=note,
                )
            )
        short = [
            f"{kind.label}召开{len([m for m in held if m.kind == kind])}次，章程要求至少{n}次"
            for kind, (n, _) in required.items()
            if len([m for m in held if m.kind == kind]) < n
        ]
        figures.append(
            _figure(
                "meetings.shortfall", "未达到章程要求的会议", short, note="原因见“内部治理情况说明”"
            )
        )
        return figures

    def _required_meetings(self) -> dict:
        """What the 章程 asks of the year: the council and standing council's yearly meetings
        (the 科协's settings, the model charter's by default; a standing council only where one
        is in office at the year's end), a congress in a year the term ends or begins."""
        required = {
            MeetingKind.COUNCIL: (self.settings.council_meetings, "理事会每年至少召开"),
        }
        if any(p.office == Office.STANDING_DIRECTOR for p in self.posts):
            required[MeetingKind.STANDING_COUNCIL] = (
                self.settings.standing_council_meetings,
                "常务理事会每年至少召开",
            )
        due = Term.objects.filter(society=self.society).filter(
            Q(start_on__gte=self.first, start_on__lte=self.last)
            | Q(
                ended_on__isnull=True, planned_end_on__gte=self.first, planned_end_on__lte=self.last
            )
            | Q(ended_on__gte=self.first, ended_on__lte=self.last)
        )
        if due.exists():
            required[MeetingKind.MEMBER_CONGRESS] = (1, "届满之年召开换届大会")
        return {kind: need for kind, need in required.items() if need[0] > 0}

    def changes(self) -> list[dict]:
        council = self.url("governance:council")
        began = (
            Position.objects.filter(
                society=self.society, office__in=OFFICER_OFFICES, **self.in_year
            )
            .select_related("person", "term")
            .order_by("start_on", "pk")
        )
        ended = (
            Position.objects.filter(society=self.society, office__in=OFFICER_OFFICES)
            .filter(
                Q(end_on__gte=self.first, end_on__lte=self.last)
                | Q(
                    end_on__isnull=True,
                    term__ended_on__gte=self.first,
                    term__ended_on__lte=self.last,
                )
            )
            .select_related("person", "term")
            .order_by("end_on", "pk")
        )
        records = [
            _record(p, f"{p.start_on:%Y-%m-%d} {p.person.name}任{p.office_label}（第{p.term.number}届）")
            for p in began
        ] + [
            _record(p, f"{(p.end_on or p.term.ended_on):%Y-%m-%d} {p.person.name}卸任{p.office_label}")
            for p in ended
        ]  # fmt: skip
        terms = Term.objects.filter(society=self.society, **self.in_year).order_by("start_on")
        registration = self._registration_changes()
        return [
            _figure("changes.officers", "负责人变动", len(records), unit="人次", records=records,
                    url=council, note="理事长、副理事长、秘书长、监事长的任职与卸任"),
            _figure("changes.reelection", "换届", len(terms), unit="次",
                    records=[_record(t, f"{t.start_on:%Y-%m-%d} 第{t.number}届开始") for t in terms],
                    url=self.url("governance:council")),
            _figure("changes.registration", "登记事项变更", len(registration), unit="项",
                    records=registration, url=self.url("societies:history")),
        ]  # fmt: skip

    def _registration_changes(self) -> list[dict]:
        rows = list(
            self.society.history.filter(history_date__date__lte=self.last).order_by(
                "history_date", "history_id"
            )
        )
        changes = []
        for before, after in zip(rows, rows[1:], strict=False):
            day = after.history_date.date()
            if day < self.first:
                continue
            for field, label in REGISTRATION_FIELDS.items():
                old, new = getattr(before, field), getattr(after, field)
                if old != new:
                    changes.append(
                        {"model": "societies.Society", "id": self.society.pk,
                         "text": f"{day:%Y-%m-%d} {label}：{old or '（空）'} → {new or '（空）'}"}
                    )  # fmt: skip
        return changes

    def rules(self) -> list[dict]:
        url = self.url("regulations:list")
        documents = list(RuleDocument.objects.filter(society=self.society).order_by("kind", "pk"))
        adopted = [d for d in documents if self.first <= d.adopted_on <= self.last]
        repealed = [
            d for d in documents if d.repealed_on and self.first <= d.repealed_on <= self.last
        ]
        charter = [d for d in adopted if d.kind == RuleKind.CHARTER]
        in_force = [d for d in documents if d.is_in_force_on(self.last)]

        def rows(docs, day) -> list[dict]:
            return [
                _record(d, f"{getattr(d, day):%Y-%m-%d} {d.get_kind_display()}：{d.name}")
                for d in docs
            ]

        return [
            _figure("rules.adopted", "新制定或修订的制度", len(adopted), unit="项", records=rows(adopted, "adopted_on"), url=url),
            _figure("rules.repealed", "废止的制度", len(repealed), unit="项", records=rows(repealed, "repealed_on"), url=url),
            _figure("rules.charter_revised", "章程修改", len(charter), unit="次", records=rows(charter, "adopted_on"), url=url),
            _figure("rules.in_force", "年末现行制度", len(in_force), unit="项", records=rows(in_force, "adopted_on"), url=url),
        ]  # fmt: skip

    def party(self) -> list[dict]:
        url = self.url("party:society")
        organisations = list(
            PartyOrganisation.objects.filter(society=self.society)
            .filter(active_on_q(self.last))
            .order_by("-established_on", "-pk")
        )
        records = [
            _record(o, f"{o.get_form_display()}，{o.established_on:%Y-%m-%d}成立"
                    + (f"，党员{o.party_member_count}人" if o.party_member_count is not None else ""))
            for o in organisations
        ]  # fmt: skip
        members = [o.party_member_count for o in organisations if o.party_member_count is not None]
        activities = list(
            Activity.objects.filter(
                society=self.society, kind=ActivityKind.PARTY_BUILDING, **self.in_year
            ).order_by("start_on", "pk")
        )
        main = organisations[0].get_form_display() if organisations else "未建立"
        return [
            _figure("party.organisation", "党组织（年末）", main, records=records, url=url),
            _figure("party.members", "党员人数", sum(members) if members else None, unit="人", records=records, url=url),
            _figure("party.activities", "党建活动", len(activities), unit="次",
                    records=[_record(a, f"{a.start_on:%Y-%m-%d} {a.title}") for a in activities],
                    url=self.url("activities:list", f"year={self.year}&kind={ActivityKind.PARTY_BUILDING.value}")),
        ]  # fmt: skip

    def branches(self) -> list[dict]:
        url = self.url("branches:society")
        branches = list(Branch.objects.filter(society=self.society).order_by("name", "pk"))
        reported = set(
            BranchReport.objects.filter(branch__society=self.society, year=self.year).values_list(
                "branch_id", flat=True
            )
        )
        standing = [b for b in branches if b.status != BranchStatus.REVOKED]
        revoked = [b for b in branches if b.status == BranchStatus.REVOKED]
        filed = [b for b in standing if b.filed_on and b.filed_on <= self.last]
        dormant = [b for b in standing if b.status == BranchStatus.DORMANT]
        with_report = [b for b in standing if b.pk in reported]

        def rows(items) -> list[dict]:
            return [_record(b, f"{b.name}（{b.get_kind_display()}）") for b in items]

        figures = [
            _figure("branches.total", "分支机构（未撤销）", len(standing), unit="个", records=rows(standing), url=url),
            _figure("branches.filed", "其中已备案", len(filed), unit="个", records=rows(filed), url=url,
                    note="备案日期不晚于12月31日"),
            _figure("branches.dormant", "其中长期未开展活动", len(dormant), unit="个", records=rows(dormant), url=url),
            _figure("branches.reported", "负责人已述职", len(with_report), unit="个", records=rows(with_report), url=url),
            _figure("branches.revoked", "已撤销（不计入）", len(revoked), unit="个", records=rows(revoked), url=url),
        ]  # fmt: skip
        kinds = Counter(b.kind for b in standing)
        for kind in BranchKind:
            figures.append(
                _figure(f"branches.kind.{kind.value}", f"{kind.label}", kinds[kind], unit="个",
                        records=rows([b for b in standing if b.kind == kind]), url=url)
            )  # fmt: skip
        return figures

    # ---------------------------------------------------------------- 业务活动

    def activities(self) -> list[dict]:
        activities = list(
            Activity.objects.filter(society=self.society, **self.in_year).order_by("start_on", "pk")
        )

        def rows(items) -> list[dict]:
            return [
                _record(a, f"{a.start_on:%Y-%m-%d} {a.title}（{a.get_role_display()}）")
                for a in items
            ]

        def url(kind: str = "") -> str:
            query = f"year={self.year}" + (f"&kind={kind}" if kind else "")
            return self.url("activities:list", query)

        figures = [
            _figure("activities.total", "开展活动合计", len(activities), unit="次", records=rows(activities), url=url()),
            _figure("activities.own", "其中主办或承办", len([a for a in activities if a.role in OWN_ROLES]),
                    unit="次", records=rows([a for a in activities if a.role in OWN_ROLES]), url=url()),
            _figure("activities.participants", "参加人数合计", sum(a.participants or 0 for a in activities),
                    unit="人次", url=url(), note="未填参加人数的活动按0计"),
        ]  # fmt: skip
        for kind in ActivityKind:
            mine = [a for a in activities if a.kind == kind]
            figures.append(
                _figure(f"activities.kind.{kind.value}", kind.label, len(mine), unit="次",
                        records=rows(mine), url=url(kind.value))
            )  # fmt: skip
        week = [a for a in activities if a.in_science_week]
        government = [a for a in activities if a.kind in GOVERNMENT_FUNCTION_KINDS]
        international = [
            a
            for a in activities
            if a.kind == ActivityKind.INTERNATIONAL or a.level == ActivityLevel.INTERNATIONAL
        ]
        four = [a for a in activities if a.four_into]
        figures += [
            _figure("activities.science_week", "科技周、科普日活动", len(week), unit="次", records=rows(week), url=url()),
            _figure("activities.government_functions", "承接政府转移职能", len(government), unit="项",
                    records=rows(government), url=url(), note="承接政府转移职能、团体标准、科技评估"),
            _figure("activities.international", "国际交流", len(international), unit="次",
                    records=rows(international), url=url(), note="国际交流类活动及国际级活动"),
            _figure("activities.four_into", "科普“四进”活动", len(four), unit="次", records=rows(four), url=url()),
        ]  # fmt: skip
        return figures + [self._co_organised()]

    def _co_organised(self) -> dict:
        """学会联合体 joint activities recorded under another (lead) society that this society
        organised with it: listed apart, not added to the activities above (its own records)."""
        joints = (
            JointActivity.objects.filter(co_organisers=self.society)
            .filter(**{f"activity__{k}": v for k, v in self.in_year.items()})
            .select_related("activity__society", "consortium")
            .order_by("activity__start_on", "pk")
        )
        records = [
            _record(j.activity, f"{j.activity.start_on:%Y-%m-%d} {j.activity.title}"
                    f"（{j.consortium.name}，{j.activity.society.name}主办）")
            for j in joints
        ]  # fmt: skip
        return _figure(
            "activities.consortium_co_organised", "联合主办的学会联合体活动", len(records),
            unit="次", records=records, url=self.url("consortia:society"),
            note="记在牵头学会名下，不计入本会活动合计",
        )  # fmt: skip

    # ---------------------------------------------------------------- 财务

    def finances(self) -> list[dict]:
        url = self.url("finances:list")
        row = FinanceYear.objects.filter(society=self.society, year=self.year).first()
        if row is None:
            note = f"尚未填报{self.year}年度财务"
            keys = [("finance.income_total", "收入合计"), ("finance.expenditure", "支出合计"),
                    ("finance.net_assets", "净资产")]  # fmt: skip
            return [_figure(k, label, None, unit="元", url=url, note=note) for k, label in keys]
        records = [_record(row, f"{row.year}年度财务")]
        figures = [
            _figure(f"finance.{source.value}", f"{source.label}收入", _amount(getattr(row, source.value)),
                    unit="元", records=records, url=url)
            for source in IncomeSource
        ]  # fmt: skip
        balance = (
            None if row.total_expenditure is None else row.total_income - row.total_expenditure
        )
        figures += [
            _figure("finance.income_total", "收入合计", _amount(row.total_income), unit="元", records=records, url=url),
            _figure("finance.expenditure", "支出合计", _amount(row.total_expenditure), unit="元", records=records, url=url),
            _figure("finance.balance", "收支结余", _amount(balance), unit="元", records=records, url=url),
            _figure("finance.net_assets", "净资产（年末）", _amount(row.net_assets), unit="元", records=records, url=url),
            _figure("finance.audited", "年度财务已审计", "是" if row.is_audited else "否", records=records, url=url),
            _figure("finance.disclosed", "年度财务已公开", "是" if row.is_disclosed else "否", records=records, url=url),
        ]  # fmt: skip
        return figures

    def build(self) -> dict[str, Any]:
        self.posts = list(self._posts_held())
        return {
            "version": FORMAT_VERSION,
            "society": {"id": self.society.pk, "name": self.society.name, "uscc": self.society.uscc},
            "year": self.year,
            "period": {"first": self.first.isoformat(), "last": self.last.isoformat()},
            "sections": [
                {"key": "basic", "title": "一、基本信息", "figures": self.basic() + self.officials()},
                {"key": "governance", "title": "二、内部治理",
                 "figures": self.meetings() + self.changes() + self.rules() + self.party() + self.branches()},
                {"key": "activities", "title": "三、业务活动", "figures": self.activities()},
                {"key": "finances", "title": "四、财务状况", "figures": self.finances()},
            ],
        }  # fmt: skip


def compute(society: Society, year: int, settings) -> dict[str, Any]:
    """The report's figures for `society` and `year`, from its records as they are now;
    `settings` is the 科协's ReportSetting (the meetings' requirements)."""
    return _Builder(society, year, settings).build()


def flat(figures: dict[str, Any]) -> dict[str, Any]:
    """Figure key → value, for the command line and the tests."""
    return {f["key"]: f["value"] for s in figures["sections"] for f in s["figures"]}
