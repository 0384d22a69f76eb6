"""The actions of the product and the reach a competence has, as enums (like Saleor's permissions).

Every write, and every sensitive read (exporting a list), is one `Action`. Which role at which
level of the tree may take it is data: `accounts.models.Competence` rows, dated, each citing its
regulation, checked by the one door (`accounts.scoping.get_for_user(..., action=)`, `may`,
`scope(..., action=)`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    # The tree (Party Statute art. 11 and 21: an organization is established, merged, split or
    # dissolved by the committee above it).
    ORG_ESTABLISH = "org_establish", _("Establish an organization under this one")
    ORG_RENAME = "org_rename", _("Rename an organization")
    ORG_MOVE = "org_move", _("Move an organization")
    ORG_MERGE = "org_merge", _("Merge organizations")
    ORG_SPLIT = "org_split", _("Split an organization")
    ORG_DISSOLVE = "org_dissolve", _("Dissolve an organization")
    UNIT_EDIT = "unit_edit", _("Edit residential units")
    # The register.
    MEMBER_REGISTER = "member_register", _("Add a member to the register")
    PROFILE_EDIT = "profile_edit", _("Edit a member's profile")
    FACT_RECORD = "fact_record", _("Record a member's history fact")
    FACT_EXEMPTION = "fact_exemption", _("Record an exemption from party work")
    FACT_DISCIPLINE = "fact_discipline", _("Record a discipline")
    FACT_REMOVAL = "fact_removal", _("Record a removal, expulsion or leaving")
    # Admission (Party Statute art. 4 and 5).
    CANDIDATE_MANAGE = "candidate_manage", _("Manage candidates and their dossier")
    CELL_VOTE_RECORD = "cell_vote_record", _("Record the cell's admission resolution")
    ADMISSION_EXCEPTION = "admission_exception", _("Record an approved exception to an admission rule")
    ADMISSION_DECIDE = "admission_decide", _("Decide an admission")
    MEMBER_RECOGNIZE = "member_recognize", _("Recognize an official member")
    CLASS_MANAGE = "class_manage", _("Manage classes and certificates")
    # Targets, badges, transfers.
    TARGET_SET = "target_set", _("Set an admission target")
    BADGE_AWARD = "badge_award", _("Award party badges")
    TRANSFER_ISSUE = "transfer_issue", _("Issue and record transfer papers")
    # Cell meetings and visits.
    MEETING_PLAN = "meeting_plan", _("Plan and announce a cell meeting")
    MEETING_ROLL = "meeting_roll", _("Take a cell meeting's roll")
    MEETING_MINUTES = "meeting_minutes", _("Write a cell meeting's minutes")
    MEETING_CLOSE = "meeting_close", _("Close or correct a cell meeting's minutes")
    VISIT_RECORD = "visit_record", _("Record a visit to a cell meeting")
    VISIT_PLAN = "visit_plan", _("Plan visits to cell meetings")
    # Goals and quality evaluation (QĐ 124-QĐ/TW 2023; QĐ 366-QĐ/TW 2025, HD 43-HD/BTCTW).
    GOAL_REGISTER = "goal_register", _("Register goals for members or an organization")
    EVALUATION_CAMPAIGN = "evaluation_campaign", _("Open and close an evaluation campaign")
    EVALUATION_REVIEW = "evaluation_review", _("Record self-assessments and opinions")
    EVALUATION_PROPOSE = "evaluation_propose", _("Propose members' and organizations' ratings")
    EVALUATION_DECIDE_MEMBER = "evaluation_decide_member", _("Decide members' quality ratings")
    EVALUATION_DECIDE_ORG = "evaluation_decide_org", _("Decide organizations' quality ratings")
    EVALUATION_COMMEND = "evaluation_commend", _("Propose commendations from the ratings")
    # Cadre work (QĐ 80-QĐ/TW 2022 on the management of cadres; QĐ 50-QĐ/TW 2021 on planning;
    # QĐ 65-QĐ/TW 2022 on rotation; the committee's working regulation on supervision assignments).
    CADRE_MANAGE = "cadre_manage", _("Manage cadres and the posts they hold")
    CADRE_PLAN = "cadre_plan", _("Keep the cadre planning lists")
    CADRE_ROTATE = "cadre_rotate", _("Rotate and transfer cadres")
    SUPERVISION_ASSIGN = "supervision_assign", _("Assign committee members to follow organizations")
    # Data in and out, and accounts.
    IMPORT = "import", _("Import workbooks into the register")
    EXPORT_LISTS = "export_lists", _("Export lists of records")
    USERS_MANAGE = "users_manage", _("Manage users and grant roles")


class Reach(models.TextChoices):
    """Where the organization an action is taken on sits, relative to the node the role is held on."""

    OWN = "own", _("the role's own organization")
    BELOW = "below", _("organizations strictly below the role's organization")
    SUBTREE = "subtree", _("the role's own organization and those below it")


# Facts of a member's history, by the action whose competence records them (the kinds not listed
# here are FACT_RECORD). Admission and recognition are the competent committee's decisions (Statute
# art. 4.3 and 5); removal, expulsion and voluntary leaving are decided above the cell (art. 8, 36).
FACT_ACTIONS = {
    "admitted": Action.ADMISSION_DECIDE,
    "readmitted": Action.ADMISSION_DECIDE,
    "recognized": Action.MEMBER_RECOGNIZE,
    "not_recognized": Action.MEMBER_RECOGNIZE,
    "exempted": Action.FACT_EXEMPTION,
    "temp_exempted": Action.FACT_EXEMPTION,
    "exemption_ended": Action.FACT_EXEMPTION,
    "disciplined": Action.FACT_DISCIPLINE,
    "removed": Action.FACT_REMOVAL,
    "expelled": Action.FACT_REMOVAL,
    "left": Action.FACT_REMOVAL,
    "badge_awarded": Action.BADGE_AWARD,
}


def fact_action(kind: str) -> Action:
    """The action that records a history fact of this kind."""
    return FACT_ACTIONS.get(kind, Action.FACT_RECORD)
