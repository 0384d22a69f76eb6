from django import template
from django.http import QueryDict

from coso.common.text import format_date, format_int, format_percent

register = template.Library()


@register.filter
def vn_int(value):
    return format_int(value)


@register.filter
def vn_date(value):
    return format_date(value)


@register.simple_tag
def vn_percent(numerator, denominator, digits=1):
    return format_percent(numerator, denominator, digits)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for paging and filter links)."""
    params: QueryDict = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
