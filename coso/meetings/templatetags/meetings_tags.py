from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.meetings import rules

register = template.Library()

STATUS_CLASS = {"planned": "secondary", "notified": "info", "held": "warning", "closed": "success"}
ATTENDANCE_CLASS = {"present": "success", "excused": "warning", "absent": "danger", "": "secondary"}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "secondary")


@register.filter
def attendance_class(status: str) -> str:
    return ATTENDANCE_CLASS.get(status or "", "secondary")


@register.filter
def month_label(month) -> str:
    """(2025, 3) → "03/2025"."""
    return f"{month[1]:02d}/{month[0]}"


@register.filter
def months_label(months) -> str:
    return ", ".join(month_label(m) for m in months)


@register.filter
def quarter_label(quarter) -> str:
    """(2025, 2) → "Quý 2/2025" (through the catalogue)."""
    return _("Q%(q)s/%(year)s") % {"q": quarter[1], "year": quarter[0]}


@register.filter
def quarter_param(quarter) -> str:
    return rules.quarter_label(quarter)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if mapping else 0


@register.filter
def hhmm(value) -> str:
    """A time, or an aware datetime shown in local time, as 19:30."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return value.strftime("%H:%M")
