"""The REST API's views: each object reached through xuehui.access as the pages reach it (404
outside the user's scope, 403 for a read-only role's write), lists paginated."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import (
    action,
    api_view,
    authentication_classes,
    permission_classes,
    schema,
)
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from xuehui.access import (
    campaign_for,
    campaigns_visible,
    evaluation_for,
    evaluations_visible,
    federations_visible,
    results_visible,
    sees_as_own_or_federation,
    societies_visible,
    society_for,
)
from xuehui.activities.selectors import activities_of
from xuehui.campaigns.models import CampaignEntry
from xuehui.finances.selectors import finance_years_of
from xuehui.governance.models import Position, Term
from xuehui.imports.background import in_background
from xuehui.imports.claims import ImportClaimed
from xuehui.imports.pending import pending_delete, pending_get
from xuehui.jobs.models import Job
from xuehui.lib.excel import SpreadsheetError
from xuehui.meetings.selectors import meetings_of
from xuehui.rules.models import StoredResult
from xuehui.secretariat.selectors import staff_list
from xuehui.societies import selectors as society_selectors
from xuehui.societies.choices import DisciplineCategory, SocietyStatus

from . import serializers as s
from .imports import UploadRefused, api_job, api_pending, api_run, api_upload
from .selectors import import_job_for

ERRORS = {
    401: s.ErrorSerializer,
    403: s.ErrorSerializer,
    404: s.ErrorSerializer,
    429: s.ErrorSerializer,  # over the rate (Retry-After says when to try again)
}
FEDERATION = OpenApiParameter(
    "federation", OpenApiTypes.INT, description="只列出该科协（编号）的", required=False
)


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([AllowAny])
@schema(None)
def not_found(request):
    return Response({"detail": "没有这个接口，请查看 /api/docs/"}, status=status.HTTP_404_NOT_FOUND)


def _federation_id(request) -> int | None:
    """The `federation` filter, as the lists' pages take it; 400 for a value not a number."""
    value = request.query_params.get("federation", "")
    if value == "":
        return None
    if not value.isdigit() or len(value) > 12:
        raise ParseError("federation 应为科协编号（正整数）")
    return int(value)


@extend_schema_view(
    list=extend_schema(summary="科协列表", responses={200: s.FederationSerializer, **ERRORS}),
    retrieve=extend_schema(summary="科协", responses={200: s.FederationSerializer, **ERRORS}),
)
class FederationViewSet(viewsets.ReadOnlyModelViewSet):
    """The 科协 the user sees as staff or leader (for the `federation` filter of the lists)."""

    serializer_class = s.FederationSerializer
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet:
        return federations_visible(self.request.user).order_by("pk")

    def get_object(self):
        federation = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if federation is None:
            raise Http404("未找到该科协")
        return federation


SOCIETY_FILTERS = [
    FEDERATION,
    OpenApiParameter("q", str, description="名称、拼音或统一社会信用代码", required=False),
    OpenApiParameter("category", str, enum=DisciplineCategory.values, required=False),
    OpenApiParameter("status", str, enum=SocietyStatus.values, required=False),
]


def _sub(summary: str, serializer, *, many: bool = True, params=()):
    return extend_schema(
        summary=summary,
        parameters=list(params),
        responses={200: serializer(many=many), **ERRORS},
    )


@extend_schema_view(
    list=extend_schema(
        summary="学会列表",
        parameters=SOCIETY_FILTERS,
        responses={200: s.SocietySerializer, **ERRORS},
    ),
    retrieve=extend_schema(summary="学会", responses={200: s.SocietySerializer, **ERRORS}),
)
class SocietyViewSet(viewsets.ReadOnlyModelViewSet):
    """The societies the user sees, by the same id as the pages (/societies/<id>/), and their
    records. A society outside the user's scope answers 404 for itself and for its records."""

    serializer_class = s.SocietySerializer
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet:
        params = self.request.query_params
        federation = None
        federation_id = _federation_id(self.request)
        if federation_id is not None:
            federation = federations_visible(self.request.user).filter(pk=federation_id).first()
            if federation is None:
                return societies_visible(self.request.user).none()
        filters = society_selectors.SocietyFilters(
            q=params.get("q", "")[:100],
            category=params.get("category", "")
            if params.get("category") in DisciplineCategory.values
            else "",
            federation=federation,
            status=params.get("status", "") if params.get("status") in SocietyStatus.values else "",
        )
        return society_selectors.society_list(self.request.user, filters)

    def get_object(self):
        return society_for(self.request.user, self.kwargs["pk"])

    def _page(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @_sub("学会的届次与理事会成员（身份证号码、电话已脱敏）", s.TermSerializer)
    @action(detail=True, pagination_class=None)
    def terms(self, request, pk=None):
        society = self.get_object()
        positions = Position.objects.select_related("person").order_by(
            "office", "person__name_pinyin", "pk"
        )
        terms = (
            Term.objects.filter(society=society)
            .prefetch_related(Prefetch("positions", queryset=positions))
            .order_by("-start_on", "-number")
        )
        return Response(s.TermSerializer(terms, many=True).data)

    @_sub("学会秘书处工作人员", s.StaffSerializer)
    @action(detail=True, pagination_class=None)
    def staff(self, request, pk=None):
        return Response(s.StaffSerializer(staff_list(self.get_object()), many=True).data)

    @_sub("学会的会议", s.MeetingSerializer)
    @action(detail=True)
    def meetings(self, request, pk=None):
        return self._page(meetings_of(self.get_object()), s.MeetingSerializer)

    @_sub("学会的活动", s.ActivitySerializer)
    @action(detail=True)
    def activities(self, request, pk=None):
        return self._page(activities_of(self.get_object()), s.ActivitySerializer)

    @_sub("学会的年度财务", s.FinanceYearSerializer)
    @action(detail=True, pagination_class=None)
    def finances(self, request, pk=None):
        years = finance_years_of(self.get_object())
        return Response(s.FinanceYearSerializer(years, many=True).data)

    @_sub("学会的合规核验结果（存储的结果，不含说明）", s.StoredResultSerializer)
    @action(detail=True, pagination_class=None)
    def results(self, request, pk=None):
        rows = (
            StoredResult.objects.filter(society=self.get_object())
            .select_related("version__framework")
            .order_by("version__framework__key", "-version__version")
        )
        return Response(s.StoredResultSerializer(rows, many=True).data)

    @_sub("学会参加的评估检查工作", s.CampaignEntrySerializer)
    @action(detail=True, url_path="campaign-entries", pagination_class=None)
    def campaign_entries(self, request, pk=None):
        society = self.get_object()
        entries = CampaignEntry.objects.none()
        # Experts see a society's campaign work only through their assignments (the pages).
        if sees_as_own_or_federation(request.user, society):
            entries = CampaignEntry.objects.filter(society=society).select_related(
                "campaign", "society"
            )
        return Response(s.CampaignEntrySerializer(entries.order_by("-campaign_id"), many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="评估检查工作列表",
        parameters=[FEDERATION],
        responses={200: s.CampaignSerializer, **ERRORS},
    ),
    retrieve=extend_schema(summary="评估检查工作", responses={200: s.CampaignSerializer, **ERRORS}),
)
class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """Campaigns of the 科协 the user administers or leads."""

    serializer_class = s.CampaignSerializer
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet:
        campaigns = campaigns_visible(self.request.user)
        federation_id = _federation_id(self.request)
        if federation_id is not None:
            campaigns = campaigns.filter(federation_id=federation_id)
        return campaigns.order_by("-created_at", "-pk")

    def get_object(self):
        return campaign_for(self.request.user, self.kwargs["pk"])

    @_sub("参评学会及其状态", s.CampaignEntrySerializer)
    @action(detail=True)
    def entries(self, request, pk=None):
        entries = self.get_object().entries.select_related("campaign", "society")
        page = self.paginate_queryset(entries.order_by("society__name_pinyin", "pk"))
        return self.get_paginated_response(s.CampaignEntrySerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="年度考评列表",
        parameters=[FEDERATION],
        responses={200: s.EvaluationSerializer, **ERRORS},
    ),
    retrieve=extend_schema(summary="年度考评", responses={200: s.EvaluationSerializer, **ERRORS}),
)
class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    """A year's evaluations the user may see, and the results they may see of each."""

    serializer_class = s.EvaluationSerializer
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet:
        evaluations = evaluations_visible(self.request.user).select_related("scheme")
        federation_id = _federation_id(self.request)
        if federation_id is not None:
            evaluations = evaluations.filter(scheme__federation_id=federation_id)
        return evaluations.order_by("-scheme__year", "-pk")

    def get_object(self):
        return evaluation_for(self.request.user, self.kwargs["pk"])

    @_sub("考评结果（按名次）", s.EvaluationResultSerializer)
    @action(detail=True)
    def results(self, request, pk=None):
        evaluation = self.get_object()
        results = results_visible(request.user, evaluation).select_related("society")
        page = self.paginate_queryset(results.order_by("rank", "pk"))
        return self.get_paginated_response(s.EvaluationResultSerializer(page, many=True).data)


class ConfirmSerializer(serializers.Serializer):
    confirm_removals = serializers.BooleanField(
        required=False, default=False, help_text="理事会名册：确认删除文件中已没有的职务"
    )


IMPORT_ERRORS = {
    400: OpenApiTypes.OBJECT,
    409: s.ErrorSerializer,
    422: s.ImportReportSerializer,
    **ERRORS,
}


ACCEPTED = {202: s.ImportAcceptedSerializer}


class ImportViewSet(mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Imports in two phases, as on the pages: upload (every row checked, nothing written) →
    look at the report → confirm (all rows written in one transaction, or none) or cancel.
    A file over the pages' threshold (XUEHUI_IMPORT_INLINE_BYTES) is checked, and written, by
    a job: 202 with the job's address, which reports its progress and then the report."""

    lookup_field = "token"
    lookup_value_converter = "slug"
    serializer_class = s.ImportReportSerializer
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="上传并检查导入文件（不写入）",
        request={"multipart/form-data": s.ImportUploadSerializer},
        responses={201: s.ImportReportSerializer, **ACCEPTED, **IMPORT_ERRORS},
    )
    def create(self, request):
        kind = request.data.get("kind", "")
        try:
            pending, report = api_upload(request, kind=kind)
        except UploadRefused as refused:
            raise ValidationError(refused.errors) from None
        if report is None:
            return _accepted(request, pending, api_job(pending, write=False))
        return Response(report, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="再次检查已上传的文件（不写入）",
        responses={200: s.ImportReportSerializer, **ACCEPTED, **IMPORT_ERRORS},
    )
    def retrieve(self, request, token=None):
        return self._run(request, token, write=False)

    @extend_schema(
        summary="确认导入：全部写入或全部不写入",
        request={
            "multipart/form-data": ConfirmSerializer,
            "application/x-www-form-urlencoded": ConfirmSerializer,
        },
        responses={200: s.ImportReportSerializer, **ACCEPTED, **IMPORT_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, token=None):
        confirm = ConfirmSerializer(data=request.data)
        confirm.is_valid(raise_exception=True)
        removals = confirm.validated_data["confirm_removals"]
        return self._run(request, token, write=True, removals_confirmed=removals)

    @extend_schema(summary="取消导入并删除上传的文件", responses={204: None, **ERRORS})
    def destroy(self, request, token=None):
        pending_delete(pending_get(request, token))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _run(self, request, token, *, write: bool, removals_confirmed: bool = False):
        try:
            pending = api_pending(request, token)
            if in_background(pending):
                job = api_job(pending, write=write, removals_confirmed=removals_confirmed)
                return _accepted(request, pending, job)
            report = api_run(
                request.user, pending, write=write, removals_confirmed=removals_confirmed
            )
        except ImportClaimed as claimed:
            return Response({"detail": str(claimed)}, status=status.HTTP_409_CONFLICT)
        except SpreadsheetError as error:
            pending_delete(pending)
            raise ValidationError({"file": [str(error)]}) from None
        failed = write and not report["ok"]
        return Response(report, status=422 if failed else 200)


def _accepted(request, pending, job):
    """202: the upload is checked (or written) by `job`, at the address given."""
    url = request.build_absolute_uri(reverse("api:job-detail", args=[job.pk]))
    body = {
        "token": pending.token,
        "kind": pending.kind,
        "filename": pending.filename,
        "job": url,
        "status": job.status,
        "percent": job.percent,
    }
    return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


@extend_schema_view(
    retrieve=extend_schema(
        summary="导入任务的进度与结果（大文件的检查或写入）",
        responses={200: s.ImportJobSerializer, **ERRORS},
    ),
)
class JobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A large upload's check or import job, seen by the account that started it only."""

    serializer_class = s.ImportJobSerializer
    queryset = Job.objects.none()  # the schema's id type; get_object scopes the real lookup
    lookup_value_converter = "int"

    def get_object(self):
        return import_job_for(self.request.user, self.kwargs["pk"])
