"""The access layer: every rule about who may see or change what, one module per area.

- `scope`: who a user is (`scope_for`), `administers(user, federation_id)`, the `SYSTEM` actor;
- `societies`: societies, federations and any record that belongs to a society;
- `users`: accounts and roles; `audit`: audit entries;
- `experts`, `campaigns`: assignments, campaigns, the societies in them, items, evidence;
- `workplans`: reform work plans; `files`: stored files under their owner's rule;
- `subsidies`: subsidy programmes and applications (a secretary sees its own only);
- `consortia`: 学会联合体 (seen across the 科协, managed by its administrators);
- `credit`: 信用档案 (read by the society and its 科协, entries recorded by the 科协);
- `reports`: 学会年报 (a secretary its own, the 科协's staff all, its administrators review);
- `portal`: the 留言 / 投诉举报 inbox (the 科协's staff and leaders read, administrators handle);
- `statistics`: 科协统计 (the 科协's staff and leaders, a secretary its own society's figures).

Object getters answer 404 for what is outside the user's scope (it does not exist for them)
and 403 for what they may read but not change; queryset functions scope lists. Views,
services and commands import from here (`from xuehui.access import society_for`); no other
module reads a `Scope`'s sets of ids.
"""

from .audit import audit_entries_visible
from .campaigns import (
    campaign_for,
    campaigns_visible,
    entry_for,
    entry_for_expert,
    entry_queryset,
    evidence_for,
    evidence_visible_to_expert,
    item_for,
    item_for_expert,
)
from .consortia import (
    consortia_visible,
    consortium_for,
    consortium_member_for,
    joint_activity_for,
    may_manage_consortium,
    may_record_joint_activities,
    require_manage_consortium,
    require_record_joint_activities,
)
from .credit import (
    credit_entry_for,
    credit_society_for,
    may_manage_credit,
    require_manage_credit,
)
from .evaluation import (
    evaluation_for,
    evaluations_visible,
    peers_may_object,
    result_for,
    results_visible,
    scheme_for,
    schemes_visible,
    sees_all_results,
    sees_scheme,
)
from .experts import expert_assignments, expert_covers, expert_prefixes, expert_society_ids
from .files import file_for
from .pilots import batch_for, inspection_for, panel_seat_for, programmes_visible
from .portal import (
    feedback_for,
    feedback_visible,
    may_handle_feedback,
    require_handle_feedback,
    sees_feedback,
)
from .reports import (
    may_review_report,
    may_write_report,
    report_federation_for,
    report_societies_visible,
    report_society_for,
)
from .scope import (
    SYSTEM,
    Scope,
    SystemActor,
    administers,
    federation_subtrees,
    forget_scope,
    require_administers,
    scope_for,
    scope_key,
)
from .societies import (
    can_edit_society,
    can_see_society,
    federation_for,
    federation_ids_administered,
    federations_administered,
    federations_visible,
    may_change_registration,
    may_manage_federation,
    require_edit,
    sees_as_own_or_federation,
    societies_administered,
    societies_editable,
    societies_filled_in,
    societies_visible,
    society_for,
    society_object_for,
)
from .statistics import (
    statistics_federation_for,
    statistics_federations,
    statistics_society_for,
)
from .subsidies import (
    sees_all_applications,
    subsidies_society_for,
    subsidy_application_for,
    subsidy_applications_visible,
    subsidy_category_for,
    subsidy_programme_for,
    subsidy_programmes_visible,
)
from .users import (
    assignment_for,
    assignment_in_subtree_q,
    can_grant,
    user_for,
    users_manageable,
    users_visible,
)
from .workplans import plan_entry_for, plan_for, plan_for_review, plan_part_for, plans_campaign_for

__all__ = [
    "statistics_federation_for",
    "statistics_federations",
    "statistics_society_for",
    "subsidies_society_for",
    "may_review_report",
    "may_write_report",
    "report_federation_for",
    "report_societies_visible",
    "report_society_for",
    "feedback_for",
    "feedback_visible",
    "may_handle_feedback",
    "require_handle_feedback",
    "sees_feedback",
    "consortia_visible",
    "consortium_for",
    "consortium_member_for",
    "joint_activity_for",
    "may_manage_consortium",
    "may_record_joint_activities",
    "require_manage_consortium",
    "require_record_joint_activities",
    "credit_entry_for",
    "credit_society_for",
    "may_manage_credit",
    "require_manage_credit",
    "SYSTEM",
    "evaluation_for",
    "evaluations_visible",
    "peers_may_object",
    "result_for",
    "results_visible",
    "scheme_for",
    "schemes_visible",
    "sees_scheme",
    "sees_all_results",
    "batch_for",
    "inspection_for",
    "panel_seat_for",
    "programmes_visible",
    "Scope",
    "SystemActor",
    "administers",
    "assignment_for",
    "assignment_in_subtree_q",
    "audit_entries_visible",
    "campaign_for",
    "campaigns_visible",
    "can_edit_society",
    "can_grant",
    "can_see_society",
    "entry_for",
    "entry_for_expert",
    "entry_queryset",
    "evidence_for",
    "evidence_visible_to_expert",
    "expert_assignments",
    "expert_covers",
    "expert_prefixes",
    "expert_society_ids",
    "federation_for",
    "federation_ids_administered",
    "federation_subtrees",
    "federations_administered",
    "federations_visible",
    "file_for",
    "forget_scope",
    "item_for",
    "item_for_expert",
    "may_change_registration",
    "may_manage_federation",
    "plan_entry_for",
    "plan_for",
    "plan_for_review",
    "plan_part_for",
    "plans_campaign_for",
    "require_administers",
    "require_edit",
    "scope_for",
    "scope_key",
    "sees_as_own_or_federation",
    "societies_administered",
    "societies_editable",
    "societies_filled_in",
    "societies_visible",
    "society_for",
    "society_object_for",
    "sees_all_applications",
    "subsidy_application_for",
    "subsidy_applications_visible",
    "subsidy_category_for",
    "subsidy_programme_for",
    "subsidy_programmes_visible",
    "user_for",
    "users_manageable",
    "users_visible",
]
