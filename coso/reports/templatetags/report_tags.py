from datetime import date

from django import template
from django.utils.translation import gettext as _

from coso.common.text import format_date, format_int

register = template.Library()


@register.filter
def report_cell(value):
    """A list or export cell as shown on screen: Vietnamese dates and numbers."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int):
        return format_int(value)
    return value
