"""The name of every service that writes audit rows, in the user's language.

An audit row stores the service's code (`organization_establish`): stable, searchable, the same in
every language. A person reads the label ("Thành lập tổ chức"). Every code written anywhere in the
code base must be here: `coso/audit/tests/test_labels.py` reads the sources for the codes the
services pass and fails on one without a label, so a new service cannot show its code to a user.
"""

from django.apps import apps
from django.utils.translation import gettext, pgettext_lazy

CONTEXT = "audit service"

SERVICE_LABELS = {
    # Organizations and the tree (organizations.services; the reorganization kinds)
    "organization_establish": pgettext_lazy(CONTEXT, "Organization established"),
    "organization_rename": pgettext_lazy(CONTEXT, "Organization renamed"),
    "organization_move": pgettext_lazy(CONTEXT, "Organization moved under another"),
    "organization_merge": pgettext_lazy(CONTEXT, "Organizations merged"),
    "organization_split": pgettext_lazy(CONTEXT, "Organization split"),
    "organization_dissolve": pgettext_lazy(CONTEXT, "Organization dissolved"),
    "residential_unit_create": pgettext_lazy(CONTEXT, "Residential unit created"),
    # Members
    "member_register": pgettext_lazy(CONTEXT, "Member entered in the register"),
    "member_update_profile": pgettext_lazy(CONTEXT, "Member's profile updated"),
    "member_record_event": pgettext_lazy(CONTEXT, "Fact recorded in a member's history"),
    "member_delete_event": pgettext_lazy(CONTEXT, "Fact removed from a member's history"),
    "gravely_ill_flag_create": pgettext_lazy(CONTEXT, "Member recorded as gravely ill"),
    "gravely_ill_flag_end": pgettext_lazy(CONTEXT, "Gravely ill record ended"),
    "import_members": pgettext_lazy(CONTEXT, "Members imported from a spreadsheet"),
    "import_history": pgettext_lazy(CONTEXT, "Member histories imported from a spreadsheet"),
    "import_classes": pgettext_lazy(CONTEXT, "Classes and their students imported from a spreadsheet"),
    "import_meetings": pgettext_lazy(CONTEXT, "Cell meetings and attendance imported from a spreadsheet"),
    "import_visits": pgettext_lazy(CONTEXT, "Visits to cell meetings imported from a spreadsheet"),
    "import_posts": pgettext_lazy(CONTEXT, "Post holders imported from a spreadsheet"),
    # Admission
    "candidate_register": pgettext_lazy(CONTEXT, "Candidate for admission entered"),
    "candidate_update": pgettext_lazy(CONTEXT, "Candidate's record updated"),
    "candidate_withdraw": pgettext_lazy(CONTEXT, "Candidate withdrawn"),
    "candidate_record_cell_vote": pgettext_lazy(CONTEXT, "Cell vote on an admission recorded"),
    "candidate_decide": pgettext_lazy(CONTEXT, "Admission decided"),
    "candidate_record_ceremony": pgettext_lazy(CONTEXT, "Admission ceremony recorded"),
    "candidate_recognize": pgettext_lazy(CONTEXT, "Recognized as an official member"),
    "candidate_not_recognize": pgettext_lazy(CONTEXT, "Not recognized as an official member"),
    "introducer_add": pgettext_lazy(CONTEXT, "Introducer added"),
    "document_add": pgettext_lazy(CONTEXT, "Document added to the dossier"),
    "rule_exception_record": pgettext_lazy(CONTEXT, "Exception to a rule recorded"),
    "class_create": pgettext_lazy(CONTEXT, "Class opened"),
    "class_enrol": pgettext_lazy(CONTEXT, "Students enrolled in a class"),
    "class_record_result": pgettext_lazy(CONTEXT, "Class result recorded"),
    "admission_target_set": pgettext_lazy(CONTEXT, "Admission target set"),
    "admission_target_clear": pgettext_lazy(CONTEXT, "Admission target removed"),
    # Transfers
    "transfer_issue": pgettext_lazy(CONTEXT, "Transfer paper issued"),
    "transfer_present": pgettext_lazy(CONTEXT, "Transfer paper presented"),
    "transfer_record_incoming": pgettext_lazy(CONTEXT, "Incoming member received"),
    "transfer_end_temporary": pgettext_lazy(CONTEXT, "Temporary transfer ended"),
    "transfer_cancel": pgettext_lazy(CONTEXT, "Transfer paper cancelled"),
    "transfers_mark_overdue": pgettext_lazy(CONTEXT, "Transfer papers marked overdue"),
    # Cell meetings
    "meetings_plan_year": pgettext_lazy(CONTEXT, "Year of meetings planned"),
    "meeting_plan": pgettext_lazy(CONTEXT, "Meeting planned"),
    "meeting_update": pgettext_lazy(CONTEXT, "Meeting updated"),
    "meeting_notify": pgettext_lazy(CONTEXT, "Meeting notice sent"),
    "meeting_open_roll": pgettext_lazy(CONTEXT, "Roll call opened"),
    "attendance_mark": pgettext_lazy(CONTEXT, "Attendance marked"),
    "guest_add": pgettext_lazy(CONTEXT, "Meeting guest added"),
    "guest_remove": pgettext_lazy(CONTEXT, "Meeting guest removed"),
    "meeting_record_minutes": pgettext_lazy(CONTEXT, "Minutes recorded"),
    "meeting_close": pgettext_lazy(CONTEXT, "Minutes closed"),
    "meeting_correct": pgettext_lazy(CONTEXT, "Closed minutes corrected"),
    "meeting_cancel": pgettext_lazy(CONTEXT, "Meeting cancelled"),
    "meeting_document_add": pgettext_lazy(CONTEXT, "Meeting document added"),
    "vote_record": pgettext_lazy(CONTEXT, "Vote recorded"),
    "task_add": pgettext_lazy(CONTEXT, "Task added"),
    "task_review": pgettext_lazy(CONTEXT, "Task reviewed"),
    "task_remove": pgettext_lazy(CONTEXT, "Task removed"),
    "visit_plan_create": pgettext_lazy(CONTEXT, "Visit plan drawn up"),
    "visit_plan_item_update": pgettext_lazy(CONTEXT, "Visit plan entry updated"),
    "visit_record": pgettext_lazy(CONTEXT, "Visit by a higher level recorded"),
    # Rules and calendar
    "ruleset_create": pgettext_lazy(CONTEXT, "Rule set created"),
    "holiday_create": pgettext_lazy(CONTEXT, "Day off added to the calendar"),
    # Users and access
    "user_create": pgettext_lazy(CONTEXT, "User created"),
    "user_deactivate": pgettext_lazy(CONTEXT, "User deactivated"),
    "user_set_password": pgettext_lazy(CONTEXT, "User's password reset"),
    "own_password_change": pgettext_lazy(CONTEXT, "Own password changed"),
    "role_grant": pgettext_lazy(CONTEXT, "Role granted"),
    "role_revoke": pgettext_lazy(CONTEXT, "Role revoked"),
    "api_token_create": pgettext_lazy(CONTEXT, "API token created"),
    "api_token_revoke": pgettext_lazy(CONTEXT, "API token revoked"),
    "ensure_admin": pgettext_lazy(CONTEXT, "Administrator account created"),
    # Goals and quality evaluation
    "goals_register": pgettext_lazy(CONTEXT, "Goals registered"),
    "evaluation_campaign_open": pgettext_lazy(CONTEXT, "Evaluation campaign opened"),
    "evaluation_campaign_close": pgettext_lazy(CONTEXT, "Evaluation campaign closed"),
    "evaluation_self_assess": pgettext_lazy(CONTEXT, "Self-assessment recorded"),
    "evaluation_opinion_add": pgettext_lazy(CONTEXT, "Opinion on an evaluation recorded"),
    "evaluation_propose": pgettext_lazy(CONTEXT, "Rating proposed"),
    "evaluation_decide": pgettext_lazy(CONTEXT, "Rating decided"),
    "evaluation_not_rate": pgettext_lazy(CONTEXT, "Marked not rated"),
    "evaluation_commend": pgettext_lazy(CONTEXT, "Proposed for commendation"),
    # Cadre work
    "cadre_create": pgettext_lazy(CONTEXT, "Cadre added"),
    "post_assign": pgettext_lazy(CONTEXT, "Post assigned"),
    "post_end": pgettext_lazy(CONTEXT, "Post ended"),
    "cadre_rotate": pgettext_lazy(CONTEXT, "Cadre rotated or transferred"),
    "qualification_record": pgettext_lazy(CONTEXT, "Qualification recorded"),
    "qualification_withdraw": pgettext_lazy(CONTEXT, "Qualification withdrawn with its certificate"),
    "planning_add": pgettext_lazy(CONTEXT, "Cadre added to a planning list"),
    "planning_remove": pgettext_lazy(CONTEXT, "Cadre removed from a planning list"),
    "supervision_assign": pgettext_lazy(CONTEXT, "Committee member assigned to follow an organization"),
    "supervision_end": pgettext_lazy(CONTEXT, "Supervision assignment ended"),
    "cadre_update": pgettext_lazy(CONTEXT, "Cadre corrected"),
    # Demo data
    "seed_demo": pgettext_lazy(CONTEXT, "Demo data loaded"),
    "seed_evaluation_demo": pgettext_lazy(CONTEXT, "Demo goals loaded"),
    "seed_meetings_demo": pgettext_lazy(CONTEXT, "Demo meetings loaded"),
}

#: Codes built from a prefix and a model name: the admin's writes (coso.audit.admin.AuditedAdminMixin).
ADMIN_PREFIX = "admin_"
ADMIN_LABEL = pgettext_lazy(CONTEXT, "Changed in the administration: %(model)s")


def _model_name(model_label: str, model_name: str) -> str:
    """The model's verbose name, from the entry's "app_label.model_name" when it names a model."""
    app_label, _dot, name = model_label.partition(".")
    try:
        return str(apps.get_model(app_label, name or model_name)._meta.verbose_name)
    except (LookupError, ValueError):
        return model_name


def service_label(service: str, model: str = "") -> str:
    """The label of a service code; an unknown code (an old row of a removed service) shows as is."""
    label = SERVICE_LABELS.get(service)
    if label is not None:
        return str(label)
    if service.startswith(ADMIN_PREFIX):
        model_name = service.removeprefix(ADMIN_PREFIX)
        return str(ADMIN_LABEL) % {"model": _model_name(model, model_name)}
    return gettext(service)


def is_labelled(service: str) -> bool:
    return service in SERVICE_LABELS or service.startswith(ADMIN_PREFIX)
