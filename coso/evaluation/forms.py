"""Forms of the evaluation pages. They parse input only; the services judge the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.common.forms import date_field
from coso.common.versions import VersionedFormMixin
from coso.evaluation.models import Grade, OpinionSource, PeriodKind
from coso.meetings.forms import BootstrapMixin

GRADE_CHOICES = [("", "—"), *Grade.choices]


class CampaignForm(BootstrapMixin, forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None, empty_label=None)
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[("", "—"), (1, "I"), (2, "II"), (3, "III"), (4, "IV")], coerce=int,
        required=False, empty_value=None,
    )  # fmt: skip
    end_year = forms.IntegerField(label=_("Last year of the term"), required=False, min_value=1990, max_value=2100)
    opened_on = date_field(_("Opened on"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].label_from_instance = lambda o: o.name


class SelfAssessForm(BootstrapMixin, VersionedFormMixin):
    text = forms.CharField(label=_("Self-assessment"), widget=forms.Textarea(attrs={"rows": 5}))
    grade = forms.ChoiceField(label=_("Self-rating"), choices=GRADE_CHOICES, required=False)
    score = forms.CharField(label=_("Self-assessed score"), required=False, max_length=10)
    on = date_field(_("Date"))


class OpinionForm(BootstrapMixin, forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=OpinionSource.choices)
    source_name = forms.CharField(label=_("Given by"), required=False, max_length=255)
    text = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 3}))
    given_on = date_field(_("Given on"))


class ProposeForm(BootstrapMixin, VersionedFormMixin):
    grade = forms.ChoiceField(label=_("Proposed rating"), choices=GRADE_CHOICES, required=False)
    score = forms.CharField(label=_("Proposed score"), required=False, max_length=10)
    note = forms.CharField(label=_("Proposal note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    on = date_field(_("Date"))


class DecisionMetaForm(BootstrapMixin, forms.Form):
    """The decision a page of ratings is taken by: its date, number and issuing body."""

    decided_on = date_field(_("Decided on"))
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    decision_issuer = forms.CharField(label=_("Issuing body"), required=False, max_length=200)


class DecideForm(DecisionMetaForm, VersionedFormMixin):
    grade = forms.ChoiceField(label=_("Rating"), choices=GRADE_CHOICES, required=False)
    score = forms.CharField(label=_("Score"), required=False, max_length=10)


class NotRateForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why not rated"), max_length=255)
    on = date_field(_("Date"))


class CommendForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Commendation"), required=False, max_length=255)
    on = date_field(_("Date"))


class CloseForm(BootstrapMixin, forms.Form):
    closed_on = date_field(_("Closed on"))


class GoalsForm(BootstrapMixin, VersionedFormMixin):
    """Up to ten goals a page (more rows come back after saving); a target is optional."""

    ROWS = 10
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    on = date_field(_("Registered on"))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        rows = max(self.ROWS, len(items) + 3)
        for i in range(rows):
            text, target = items[i] if i < len(items) else ("", "")
            self.fields[f"text_{i}"] = forms.CharField(
                label=_("Goal %(n)s") % {"n": i + 1}, required=False, initial=text,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )  # fmt: skip
            self.fields[f"target_{i}"] = forms.CharField(
                label=_("Measurable target"), required=False, initial=target, max_length=255,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )  # fmt: skip
        self.rows = rows

    def items(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data.get(f"text_{i}", ""), self.cleaned_data.get(f"target_{i}", "")) for i in range(self.rows)
        ]

    def pairs(self):
        return [(self[f"text_{i}"], self[f"target_{i}"]) for i in range(self.rows)]
