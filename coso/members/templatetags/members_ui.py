"""Small presentation helpers of the register pages (badge colours, fact icons, form fields)."""

from django import template

from coso.members.choices import EventKind, MemberStatus

register = template.Library()

_STATUS_CLASS = {
    MemberStatus.PROBATIONARY: "text-bg-warning",
    MemberStatus.OFFICIAL: "text-bg-success",
    MemberStatus.DIED: "text-bg-dark",
    MemberStatus.TRANSFERRED_OUT: "text-bg-info",
}
_EVENT_ICON = {
    EventKind.ADMITTED: "bi-flag",
    EventKind.READMITTED: "bi-flag",
    EventKind.RECOGNIZED: "bi-patch-check",
    EventKind.NOT_RECOGNIZED: "bi-x-octagon",
    EventKind.TRANSFERRED: "bi-arrow-left-right",
    EventKind.TRANSFERRED_IN: "bi-box-arrow-in-right",
    EventKind.TRANSFERRED_OUT: "bi-box-arrow-right",
    EventKind.REORGANIZED: "bi-diagram-3",
    EventKind.ATTACHED: "bi-pin-angle",
    EventKind.ATTACHMENT_ENDED: "bi-pin",
    EventKind.EXEMPTED: "bi-pause-circle",
    EventKind.TEMP_EXEMPTED: "bi-pause-circle",
    EventKind.EXEMPTION_ENDED: "bi-play-circle",
    EventKind.DISCIPLINED: "bi-exclamation-triangle",
    EventKind.REMOVED: "bi-person-x",
    EventKind.EXPELLED: "bi-person-x",
    EventKind.LEFT: "bi-door-open",
    EventKind.DIED: "bi-flower1",
    EventKind.BADGE_AWARDED: "bi-award",
}


@register.filter
def status_class(status: str) -> str:
    """Bootstrap badge class for a member status (former members in grey)."""
    return _STATUS_CLASS.get(status, "text-bg-secondary")


@register.filter
def event_icon(kind: str) -> str:
    return _EVENT_ICON.get(kind, "bi-dot")


@register.inclusion_tag("members/_field.html")
def form_field(field, col="col-md-6"):
    """A Bootstrap form group: label, widget (marked invalid when it has errors), help and errors."""
    if field.errors:
        css = field.field.widget.attrs.get("class", "")
        if "is-invalid" not in css:
            field.field.widget.attrs["class"] = f"{css} is-invalid".strip()
    return {"field": field, "col": col}
