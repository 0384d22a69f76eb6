"""Administrators add a rule set when a regulation changes, and keep the holiday calendar each year."""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from coso.audit.admin import AuditedAdmin
from coso.rulesets.models import Holiday, RuleSet
from coso.rulesets.schemas import validate_values


class RuleSetForm(forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = ["topic", "effective_from", "regulation", "values", "note"]

    def clean(self):
        cleaned = super().clean()
        values = cleaned.get("values")
        if isinstance(values, str):
            values = json.loads(values)
        errors = validate_values(cleaned.get("topic", ""), values or {})
        if errors:
            raise ValidationError([f"{k}: {v}" for k, v in errors.items()])
        return cleaned


@admin.register(RuleSet)
class RuleSetAdmin(AuditedAdmin):
    form = RuleSetForm
    list_display = ["topic", "effective_from", "regulation"]
    list_filter = ["topic"]


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    list_display = ["date", "name", "is_working_day"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
