"""Parsing the as-of parameters shared by every report page: `?org=<id>&on=dd/mm/yyyy`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.common.dates import check_date, parse_date

PARTY_FOUNDED_YEAR = 1930


class AsOfForm(forms.Form):
    org = forms.IntegerField(required=False, min_value=1)
    on = forms.CharField(label=_("As of"), required=False, max_length=20)

    def clean_on(self):
        raw = (self.cleaned_data.get("on") or "").strip()
        if not raw:
            return None
        value = parse_date(raw)
        if value is None:
            raise forms.ValidationError(
                _("The date “%(value)s” is not valid: enter it as dd/mm/yyyy, e.g. 31/12/2024."),
                params={"value": raw},
            )
        if value.year < PARTY_FOUNDED_YEAR:
            raise forms.ValidationError(
                _("The date %(value)s is before the founding of the Party (03/02/1930)."), params={"value": raw}
            )
        return check_date(value, field=str(self.fields["on"].label))
