"""What the API returns of each record: read-only serializers, personal numbers masked as on the
pages (xuehui.lib.identifiers), and the upload of an import."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xuehui.activities.models import Activity
from xuehui.campaigns.models import Campaign, CampaignEntry
from xuehui.evaluation.models import Evaluation, EvaluationResult
from xuehui.finances.models import FinanceYear
from xuehui.governance.models import Position, Term
from xuehui.jobs.choices import JobStatus
from xuehui.meetings.models import Meeting
from xuehui.rules.models import StoredResult
from xuehui.secretariat.models import StaffMember
from xuehui.societies.models import Federation, Society
from xuehui.societies.selectors import contact_phone

from .imports import KINDS, api_job_report


def _label(field: str) -> serializers.CharField:
    """A choice's Chinese label beside its value."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


class FederationSerializer(serializers.ModelSerializer):
    level_label = _label("level")

    class Meta:
        model = Federation
        fields = ["id", "name", "code", "level", "level_label", "parent", "is_active"]


class SocietySerializer(serializers.ModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    category_label = _label("category")
    status_label = _label("status")
    phone = serializers.SerializerMethodField(
        help_text="联系电话：本会和所属科协管理员可见完整号码，其他角色的手机号码已脱敏"
    )

    class Meta:
        model = Society
        fields = [
            "id", "name", "uscc", "category", "category_label", "status", "status_label",
            "federation", "federation_name", "supervising_authority", "host_institution",
            "founded_on", "address", "phone", "legal_representative", "updated_at",
        ]  # fmt: skip

    def get_phone(self, society: Society) -> str:
        return contact_phone(self.context["request"].user, society)


class PositionSerializer(serializers.ModelSerializer):
    """A post and its holder, ID and phone numbers masked as on the council page."""

    office_label = serializers.CharField(read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    gender = serializers.CharField(source="person.get_gender_display", read_only=True)
    id_number = serializers.CharField(
        source="person.masked_id_number", read_only=True, help_text="身份证号码（已脱敏）"
    )
    phone = serializers.CharField(
        source="person.masked_phone", read_only=True, help_text="联系电话（已脱敏）"
    )
    employer = serializers.CharField(source="person.employer", read_only=True)
    title = serializers.CharField(source="person.title", read_only=True)
    political_status = serializers.CharField(
        source="person.get_political_status_display", read_only=True
    )

    class Meta:
        model = Position
        fields = [
            "id", "office", "office_label", "name", "gender", "id_number", "phone", "employer",
            "title", "political_status", "start_on", "end_on", "is_full_time", "is_paid",
            "consecutive_terms",
        ]  # fmt: skip


class TermSerializer(serializers.ModelSerializer):
    end_on = serializers.DateField(read_only=True, help_text="届满或实际结束日期")
    positions = PositionSerializer(many=True, read_only=True)

    class Meta:
        model = Term
        fields = ["id", "number", "start_on", "planned_end_on", "ended_on", "end_on", "positions"]


class StaffSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffMember
        fields = [
            "id", "name", "post", "contract_start", "contract_end", "monthly_pay", "is_full_time",
            "has_social_insurance", "is_party_member", "is_finance_staff",
            "has_finance_certificate",
        ]  # fmt: skip


class MeetingSerializer(serializers.ModelSerializer):
    kind_label = _label("kind")

    class Meta:
        model = Meeting
        fields = [
            "id", "kind", "kind_label", "held_on", "title", "expected_attendance",
            "actual_attendance", "supervisors_attended", "has_minutes", "note",
        ]  # fmt: skip


class ActivitySerializer(serializers.ModelSerializer):
    kind_label = _label("kind")
    level_label = _label("level")
    role_label = _label("role")

    class Meta:
        model = Activity
        fields = [
            "id", "kind", "kind_label", "title", "start_on", "end_on", "level", "level_label",
            "role", "role_label", "participants", "papers", "honoured", "revenue",
            "in_science_week", "note",
        ]  # fmt: skip


class FinanceYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = FinanceYear
        fields = [
            "id", "year", "income_dues", "income_government", "income_technical",
            "income_training", "income_donations", "income_other", "total_expenditure",
            "net_assets", "is_audited", "is_disclosed",
        ]  # fmt: skip


class StoredResultSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="version.framework.key", read_only=True)
    framework_title = serializers.CharField(source="version.framework.title", read_only=True)
    version = serializers.IntegerField(source="version.version", read_only=True)
    summary = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    statuses = serializers.DictField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = StoredResult
        fields = [
            "framework", "framework_title", "version", "on", "computed_at", "stale", "reference",
            "rate", "summary", "fail_count", "evidence_count", "review_count",
            "encouraged_done", "encouraged_total", "statuses",
        ]  # fmt: skip


class CampaignSerializer(serializers.ModelSerializer):
    status_label = _label("status")
    federation_name = serializers.CharField(source="federation.name", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id", "name", "federation", "federation_name", "status", "status_label", "facts_on",
            "assessment_year", "plan_deadline", "self_assessment_deadline", "review_deadline",
            "rectification_deadline", "launched_at", "closed_at",
        ]  # fmt: skip


class CampaignEntrySerializer(serializers.ModelSerializer):
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    society_name = serializers.CharField(source="society.name", read_only=True)
    state_label = _label("state")

    class Meta:
        model = CampaignEntry
        fields = [
            "id", "campaign", "campaign_name", "society", "society_name", "state", "state_label",
            "state_changed_at", "evaluated_at",
        ]  # fmt: skip


class EvaluationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="scheme.name", read_only=True)
    year = serializers.IntegerField(source="scheme.year", read_only=True)
    federation = serializers.IntegerField(source="scheme.federation_id", read_only=True)
    stage_label = _label("stage")

    class Meta:
        model = Evaluation
        fields = [
            "id", "name", "year", "federation", "facts_on", "stage", "stage_label",
            "computed_at", "publicity_starts_on", "publicity_ends_on", "confirmed_at",
        ]  # fmt: skip


class BreakdownLineSerializer(serializers.Serializer):
    code = serializers.CharField(required=False)
    indicator = serializers.CharField(required=False)
    points = serializers.FloatField(required=False, allow_null=True)
    score = serializers.FloatField(required=False, allow_null=True)
    basis = serializers.CharField(required=False, allow_blank=True)


class EvaluationResultSerializer(serializers.ModelSerializer):
    society_name = serializers.CharField(source="society.name", read_only=True)
    tier_label = _label("tier")
    breakdown = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationResult
        fields = [
            "id", "society", "society_name", "score", "rank", "tier", "tier_label", "stars",
            "star_note", "restructure_candidate", "breakdown", "computed_at",
        ]  # fmt: skip

    @extend_schema_field(BreakdownLineSerializer(many=True))
    def get_breakdown(self, result: EvaluationResult) -> list:
        keys = ("code", "indicator", "points", "score", "basis")
        return [
            {key: line[key] for key in keys if key in line}
            for line in result.breakdown
            if isinstance(line, dict)
        ]


# ---- imports ------------------------------------------------------------------------------


class ImportUploadSerializer(serializers.Serializer):
    """An import's file and parameters: `kind` says which import, the others what it needs."""

    kind = serializers.ChoiceField(
        choices=KINDS,
        help_text="导入类型：societies 学会名录，roster 理事会成员名册，members-individual "
        "个人会员名册，members-institutional 单位会员名册",
    )
    file = serializers.FileField(help_text="Excel 文件（.xlsx 或 .xls）")
    federation = serializers.IntegerField(
        required=False, min_value=1, help_text="学会名录：新学会登记到的科协编号"
    )
    society = serializers.IntegerField(required=False, min_value=1, help_text="学会编号")
    term_number = serializers.IntegerField(
        required=False, min_value=1, max_value=99, help_text="理事会名册：届次"
    )
    term_start = serializers.DateField(required=False, help_text="理事会名册：本届开始日期")
    term_end = serializers.DateField(
        required=False, allow_null=True, help_text="理事会名册：本届届满日期（可不填）"
    )


class ImportJobReportSerializer(serializers.Serializer):
    """The report a finished import job kept (the fields of ImportReportSerializer)."""

    ok = serializers.BooleanField(help_text="全部行检查通过")
    written = serializers.BooleanField(help_text="已写入")
    rows = serializers.IntegerField()
    header_row = serializers.IntegerField(allow_null=True)
    columns = serializers.ListField(child=serializers.CharField())
    errors = serializers.ListField(child=serializers.CharField(), help_text="前200处问题")
    error_count = serializers.IntegerField()
    error_rows = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())
    summary = serializers.CharField(allow_blank=True)
    notes = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField())
    created = serializers.IntegerField()
    updated = serializers.IntegerField()


class ImportReportSerializer(ImportJobReportSerializer):
    """What a check or an import found (xuehui.imports.background.run_report)."""

    token = serializers.CharField(help_text="导入编号：确认或取消时使用")
    kind = serializers.CharField()
    filename = serializers.CharField()


class ImportAcceptedSerializer(serializers.Serializer):
    """A large file's check or import, handed to a job (202)."""

    token = serializers.CharField(help_text="导入编号：确认或取消时使用")
    kind = serializers.CharField()
    filename = serializers.CharField()
    job = serializers.URLField(help_text="任务地址：查询进度和结果")
    status = serializers.ChoiceField(choices=JobStatus.choices)
    percent = serializers.IntegerField()


class ImportJobSerializer(serializers.Serializer):
    """A background check or import: where it stands and, once done, its report."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    write = serializers.SerializerMethodField(help_text="true：写入任务；false：检查任务")
    status = serializers.ChoiceField(choices=JobStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    stage = serializers.CharField(allow_blank=True)
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    message = serializers.CharField(allow_blank=True, help_text="失败时的原因（中文）")
    token = serializers.SerializerMethodField(help_text="导入编号（已写入后上传的文件即删除）")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    report = serializers.SerializerMethodField()

    def get_write(self, job) -> bool:
        return job.task.endswith("import_write")

    def get_token(self, job) -> str:
        return job.params.get("token", "")

    @extend_schema_field(ImportJobReportSerializer(allow_null=True))
    def get_report(self, job) -> dict | None:
        return api_job_report(job) if job.status == JobStatus.SUCCEEDED else None


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="原因（中文）")
