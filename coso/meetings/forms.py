"""Forms of the meeting pages: one column, large inputs, dates typed as boards write them.

They parse input only; the services judge the rules.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coso.common.dates import BadInput, check_period, parse_date
from coso.common.forms import date_field
from coso.common.versions import VersionedFormMixin
from coso.meetings.models import AttendanceStatus, MeetingKind, TaskKind, TaskStatus
from coso.members.models import Member

TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%Hh%M", "%H:%M:%S"]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def time_field(label, required=False):
    return forms.TimeField(label=label, required=required, input_formats=TIME_INPUT_FORMATS, widget=TimeInput())


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return obj.full_name


class BootstrapMixin:
    """Bootstrap classes (large, for thumbs) on every widget, so templates render fields in one loop."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select form-select-lg"
            else:
                css = "form-control form-control-lg"
            widget.attrs.setdefault("class", css)


class MeetingForm(BootstrapMixin, VersionedFormMixin):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    planned_on = date_field(_("Date"))
    planned_time = time_field(_("Time"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=255, required=False)
    preparer = MemberChoiceField(label=_("Prepares the content"), queryset=Member.objects.none(), required=False)
    draft_resolution = forms.CharField(
        label=_("Draft resolution"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["preparer"].queryset = members


class PlanYearForm(forms.Form):
    year = forms.IntegerField(min_value=1990, max_value=2100)
    place = forms.CharField(max_length=255, required=False)


class NotifyForm(BootstrapMixin, forms.Form):
    notified_to = forms.CharField(label=_("Sent to"), max_length=255, required=False)


class DocumentForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name of the document"), max_length=255, required=False)
    file = forms.FileField(label=_("File"))


class MarkForm(forms.Form):
    row = forms.IntegerField()
    status = forms.ChoiceField(choices=AttendanceStatus.choices, required=False)
    reason = forms.CharField(max_length=255, required=False)
    dues = forms.ChoiceField(choices=[("", ""), ("1", "1"), ("0", "0")], required=False)


class MinutesForm(BootstrapMixin, VersionedFormMixin):
    started_at = time_field(_("Started at"), required=True)
    ended_at = time_field(_("Ended at"), required=True)
    chair = MemberChoiceField(label=_("Chair"), queryset=Member.objects.none())
    minute_taker = MemberChoiceField(label=_("Minute-taker"), queryset=Member.objects.none())
    content = forms.CharField(
        label=_("Proceedings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Situation of the month, opinions raised, conclusions of the chair."),
    )
    resolution = forms.CharField(label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    dues_collected = forms.IntegerField(label=_("Dues collected (VND)"), min_value=0, required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["chair"].queryset = members
            self.fields["minute_taker"].queryset = members


class CorrectionForm(MinutesForm):
    topic = forms.CharField(label=_("Topic"), max_length=255, required=False)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))


class GuestForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Guest's name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    is_higher_level = forms.BooleanField(label=_("Official of a higher level"), required=False)


class TaskForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TaskKind.choices, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Task"), max_length=500)
    owner = MemberChoiceField(label=_("Owner"), queryset=Member.objects.none(), required=False)
    due_on = date_field(_("Due date"), required=False)
    status = forms.ChoiceField(label=_("Result"), choices=TaskStatus.choices, required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["owner"].queryset = members


class TaskReviewForm(forms.Form):
    task = forms.IntegerField()
    status = forms.ChoiceField(choices=TaskStatus.choices, required=False)


class VoteForm(BootstrapMixin, forms.Form):
    subject = forms.CharField(label=_("Voted on"), max_length=255)
    in_favour = forms.IntegerField(label=_("In favour"), min_value=0, initial=0)
    against = forms.IntegerField(label=_("Against"), min_value=0, initial=0)
    abstained = forms.IntegerField(label=_("Abstained"), min_value=0, initial=0)


class VisitForm(BootstrapMixin, forms.Form):
    on = date_field(_("Date"))
    cadre = forms.ModelChoiceField(
        label=_("Committee member who attended"),
        queryset=None,
        required=False,
        help_text=_("A member of the visiting committee: the visit counts for their supervision assignment."),
    )
    visitor_name = forms.CharField(label=_("Official who attended"), max_length=150, required=False)
    visitor_position = forms.CharField(label=_("Position"), max_length=255, required=False)
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Quality of the meeting: preparation, content, attendance, what the cell should improve."),
    )

    def __init__(self, *args, committee=None, **kwargs):
        """`committee`: the visiting committee; its committee members are offered (the service checks
        the post on the visit's day)."""
        from coso.cadres.models import Cadre
        from coso.cadres.queries import committee_members

        super().__init__(*args, **kwargs)
        field = self.fields["cadre"]
        field.queryset = committee_members(committee) if committee is not None else Cadre.objects.none()
        field.label_from_instance = lambda c: c.full_name
        if committee is None:
            del self.fields["cadre"]

    def clean(self):
        data = super().clean()
        if not (data.get("visitor_name") or "").strip() and not data.get("cadre"):
            self.add_error("visitor_name", _("Name the official who attended."))
        return data


class VisitCellForm(VisitForm):
    cell = forms.IntegerField(widget=forms.HiddenInput)


class PeriodForm(forms.Form):
    """`?org=<id>&from=dd/mm/yyyy&to=dd/mm/yyyy` for the committee view (defaults: this year to today)."""

    org = forms.IntegerField(required=False, min_value=1)
    start = forms.CharField(required=False, max_length=20)
    end = forms.CharField(required=False, max_length=20)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = {"org": data.get("org"), "start": data.get("from"), "end": data.get("to")}
        super().__init__(data, **kwargs)

    def period(self, today: date) -> tuple[date, date]:
        """The period asked for; an unreadable date falls back to the default, a date or length outside
        the accepted bounds is `BadInput` (a 400, not minutes of CPU over centuries of calendar)."""
        data = self.cleaned_data if self.is_valid() else {}
        end = parse_date(data.get("end")) or today
        start = parse_date(data.get("start")) or date(end.year, 1, 1)
        if start > end:
            start, end = end, start
        try:
            return check_period(start, end, field=str(_("Period")))
        except ValidationError as exc:
            raise BadInput.from_validation_error(exc) from None
