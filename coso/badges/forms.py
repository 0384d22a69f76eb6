from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.badges.queries import next_occasion_after, occasions_for_year
from coso.common.dates import today
from coso.common.forms import BoundedDateField
from coso.common.pickers import OrganizationPickerField
from coso.common.text import format_date
from coso.organizations.models import Organization
from coso.targets.forms import default_org

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class BadgeListForm(forms.Form):
    org = OrganizationPickerField(
        label=_("Organization"), queryset=Organization.objects.none(), source="report_organizations"
    )
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)
    occasion = forms.TypedChoiceField(label=_("Occasion"), coerce=date.fromisoformat, choices=())

    def __init__(self, *args, user, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].use(user)
        self.fields["occasion"].choices = [(d.isoformat(), format_date(d)) for d in occasions_for_year(year)]
        for name in ("org", "occasion"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["year"].widget.attrs["class"] = "form-control"


def bound_list_form(request, data=None) -> BadgeListForm:
    """The chooser bound to the query string, defaulting to the user's top organization and the next occasion."""
    data = (data if data is not None else request.GET).copy()
    if "org" not in data:
        org = default_org(request.user)
        if org is not None:
            data["org"] = str(org.pk)
    try:
        year = int(data.get("year") or 0)
    except ValueError:
        year = 0
    if not 1930 <= year <= 2100:
        upcoming = next_occasion_after(today())
        year = upcoming.year if upcoming else today().year
        data["year"] = str(year)
    if not data.get("occasion"):
        occasions = occasions_for_year(year)
        upcoming = [d for d in occasions if d >= today()]
        chosen = upcoming[0] if upcoming else (occasions[-1] if occasions else None)
        if chosen:
            data["occasion"] = chosen.isoformat()
    return BadgeListForm(data, user=request.user, year=year)


class AwardForm(forms.Form):
    org = forms.IntegerField()
    occasion = BoundedDateField(input_formats=DATE_FORMATS)
    members = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = BoundedDateField(label=_("Decision date"), input_formats=DATE_FORMATS, required=False)
    decision_issuer = forms.CharField(label=_("Issuing body"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are the members the server finds due; the view intersects them again.
        raw = self.data.getlist("members") if hasattr(self.data, "getlist") else []
        self.fields["members"].choices = [(v, v) for v in raw]


class GravelyIllForm(forms.Form):
    valid_from = BoundedDateField(label=_("From"), input_formats=DATE_FORMATS)
    valid_to = BoundedDateField(label=_("Until"), input_formats=DATE_FORMATS, required=False)
    document = forms.CharField(label=_("Supporting document"), max_length=255)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        self.fields["valid_from"].widget.input_type = "date"
        self.fields["valid_to"].widget.input_type = "date"
