"""The API's input, bounded in one place: dates, search text, paging, and the 400 that refuses them.

Every date parameter is an `ApiDate` (bounded by `coso.common.dates.check_date`, as every form and
page is), every search text a `SearchText` (no NUL character — PostgreSQL refuses it in a query — and
at most 200 characters), and every list pages with `BoundedPagination` (offset and limit bounded by
`COSO_API_MAX_OFFSET` / `COSO_API_MAX_LIMIT`). Security review, issue 7: `?on=0041-03-07`,
`?on=9999-12-31`, `?offset=99999999999999999999` and a NUL in `q` answered 500.

Refused input is a 400 whose body keeps the `detail` sentence and lists each error as
`{field, code, message}` (DESIGN.md), messages in the request's language.
"""

from datetime import date
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from coso.common.dates import check_date
from coso.common.text import format_int

SEARCH_MAX_LENGTH = 200
MAX_LIMIT = getattr(settings, "COSO_API_MAX_LIMIT", 500)
MAX_OFFSET = getattr(settings, "COSO_API_MAX_OFFSET", 10_000_000)


def _bounded_date(value: date | None) -> date | None:
    try:
        return check_date(value)
    except ValidationError as exc:
        raise PydanticCustomError("date_out_of_range", " ".join(exc.messages)) from None


def _search_text(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("null_character", _("The text must not contain a NUL character."))
    return value


#: A date of the API (YYYY-MM-DD) within the dates the system accepts.
ApiDate = Annotated[date, AfterValidator(_bounded_date)]
#: Words to search for: no NUL character, at most SEARCH_MAX_LENGTH characters.
SearchText = Annotated[str, Field(max_length=SEARCH_MAX_LENGTH), AfterValidator(_search_text)]


class BoundedPagination(LimitOffsetPagination):
    """Ninja's limit/offset paging with both bounded: a page holds at most MAX_LIMIT rows (larger limits
    are cut to it, as before) and the offset is at most MAX_OFFSET (a larger one is a 400, not an
    integer overflow in the database)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, description=f"Rows per page (at most {MAX_LIMIT}).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")

    def __init__(self, max_limit: int = MAX_LIMIT, **kwargs: Any) -> None:
        super().__init__(max_limit=min(max_limit, MAX_LIMIT), **kwargs)


def _message(error: dict) -> str:
    """A Vietnamese (request language) sentence for one of pydantic's error types; its own text otherwise."""
    kind = error.get("type", "")
    ctx = {
        k: format_int(v) if isinstance(v, int) and not isinstance(v, bool) else v
        for k, v in (error.get("ctx") or {}).items()
    }
    if kind in {"date_out_of_range", "null_character"}:
        return error.get("msg", "")
    messages = {
        "missing": _("This value is required."),
        "int_parsing": _("Must be a whole number."),
        "int_from_float": _("Must be a whole number."),
        "int_type": _("Must be a whole number."),
        "bool_parsing": _("Must be true or false."),
        "date_parsing": _("Must be a date written YYYY-MM-DD, e.g. 2024-12-31."),
        "date_from_datetime_parsing": _("Must be a date written YYYY-MM-DD, e.g. 2024-12-31."),
        "date_from_datetime_inexact": _("Must be a date written YYYY-MM-DD, e.g. 2024-12-31."),
        "date_type": _("Must be a date written YYYY-MM-DD, e.g. 2024-12-31."),
        "greater_than_equal": _("Must be at least %(limit)s.") % {"limit": ctx.get("ge")},
        "greater_than": _("Must be more than %(limit)s.") % {"limit": ctx.get("gt")},
        "less_than_equal": _("Must be at most %(limit)s.") % {"limit": ctx.get("le")},
        "less_than": _("Must be less than %(limit)s.") % {"limit": ctx.get("lt")},
        "string_too_long": _("At most %(limit)s characters.") % {"limit": ctx.get("max_length")},
        "enum": _("Must be one of: %(values)s.") % {"values": ctx.get("expected", "")},
        "literal_error": _("Must be one of: %(values)s.") % {"values": ctx.get("expected", "")},
    }
    return str(messages.get(kind) or error.get("msg", ""))


def schema_errors(errors: list[dict]) -> list[dict]:
    """Ninja's validation errors as `{field, code, message}`, the field being the parameter's name."""
    out = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in {"query", "path", "body", "filters"}]
        field = loc[-1] if loc else ""
        message = _message(error)
        out.append(
            {
                "field": field,
                "code": error.get("type", "invalid"),
                "message": f"“{field}”: {message}" if field else message,
            }
        )
    return out


def service_errors(exc: ValidationError) -> list[dict]:
    """A Django ValidationError (a filter value the register does not know) as `{field, code, message}`."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "code": error.code or "invalid", "message": " ".join(error.messages)}
            for field, errors in exc.error_dict.items()
            for error in errors
        ]
    return [
        {"field": "", "code": error.code or "invalid", "message": " ".join(error.messages)} for error in exc.error_list
    ]


def error_body(errors: list[dict]) -> dict:
    """The body of a 400: one sentence (`detail`, what older clients read) and the list of errors."""
    return {"detail": " ".join(e["message"] for e in errors), "errors": errors}
