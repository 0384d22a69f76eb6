from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "coso.meetings"
    label = "meetings"
    verbose_name = _("Cell meetings")

    def ready(self):
        from coso.accounts.scoping import register
        from coso.meetings.models import (
            Attendance,
            Guest,
            Meeting,
            MeetingDocument,
            MinutesRevision,
            TaskItem,
            Visit,
            VisitPlan,
            VisitPlanItem,
            Vote,
        )

        # A member sees the meetings of the cell they belong to (and their documents), not others'.
        register(Meeting, path="cell__path", member="cell__members")
        register(MeetingDocument, path="meeting__cell__path", member="meeting__cell__members")
        register(Attendance, path="meeting__cell__path", member="member_id")
        register(Guest, path="meeting__cell__path")
        register(TaskItem, path="meeting__cell__path")
        register(Vote, path="meeting__cell__path")
        register(MinutesRevision, path="meeting__cell__path")
        register(Visit, path="cell__path")
        register(VisitPlan, path="committee__path")
        register(VisitPlanItem, path="plan__committee__path")
