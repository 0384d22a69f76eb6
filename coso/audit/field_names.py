"""Field and model names that reach the admin and the audit trail without a translation of their own.

A model field without a verbose_name gets one Django derives from its attribute ("established on"):
plain English, outside every catalogue, shown as is by the admin and the trail. Giving each field a
verbose_name in its model would change every model's migration state; instead `translate_derived_names`
(run by AuditConfig.ready) swaps each derived name for the same words under gettext, with a context
so that a bare "kind" here overrides no other app's "kind". Migrations are unaffected: they read the
name the field was declared with (`Field._verbose_name`), which stays empty.

The names of the packages' models we register in the admin (django-axes, django-tasks-db), which come
without Vietnamese, are listed so that this app's catalogue carries their translation.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy, gettext_noop, pgettext_lazy

FIELD_CONTEXT = "audit field name"

#: Every derived name of our models' fields (coso/audit/tests/test_field_names.py finds any missing).
DERIVED_FIELD_NAMES = (
    pgettext_lazy(FIELD_CONTEXT, "ID"),
    pgettext_lazy(FIELD_CONTEXT, "id"),
    pgettext_lazy(FIELD_CONTEXT, "code"),
    pgettext_lazy(FIELD_CONTEXT, "name"),
    pgettext_lazy(FIELD_CONTEXT, "kind"),
    pgettext_lazy(FIELD_CONTEXT, "org type"),
    pgettext_lazy(FIELD_CONTEXT, "established on"),
    pgettext_lazy(FIELD_CONTEXT, "dissolved on"),
    pgettext_lazy(FIELD_CONTEXT, "residential unit"),
    pgettext_lazy(FIELD_CONTEXT, "parent"),
    pgettext_lazy(FIELD_CONTEXT, "path"),
    pgettext_lazy(FIELD_CONTEXT, "depth"),
    pgettext_lazy(FIELD_CONTEXT, "unit kind"),
    pgettext_lazy(FIELD_CONTEXT, "commune"),
    pgettext_lazy(FIELD_CONTEXT, "valid from"),
    pgettext_lazy(FIELD_CONTEXT, "valid to"),
    pgettext_lazy(FIELD_CONTEXT, "on"),
    pgettext_lazy(FIELD_CONTEXT, "note"),
    pgettext_lazy(FIELD_CONTEXT, "action"),
    pgettext_lazy(FIELD_CONTEXT, "actor"),
    pgettext_lazy(FIELD_CONTEXT, "at"),
    pgettext_lazy(FIELD_CONTEXT, "changes"),
    pgettext_lazy(FIELD_CONTEXT, "child kind"),
    pgettext_lazy(FIELD_CONTEXT, "parent kind"),
    pgettext_lazy(FIELD_CONTEXT, "created at"),
    pgettext_lazy(FIELD_CONTEXT, "updated at"),
    pgettext_lazy(FIELD_CONTEXT, "created by"),
    pgettext_lazy(FIELD_CONTEXT, "event"),
    pgettext_lazy(FIELD_CONTEXT, "end event"),
    pgettext_lazy(FIELD_CONTEXT, "is commune level"),
    pgettext_lazy(FIELD_CONTEXT, "is minority"),
    pgettext_lazy(FIELD_CONTEXT, "key hash"),
    pgettext_lazy(FIELD_CONTEXT, "last used at"),
    pgettext_lazy(FIELD_CONTEXT, "model"),
    pgettext_lazy(FIELD_CONTEXT, "name key"),
    pgettext_lazy(FIELD_CONTEXT, "search text"),
    pgettext_lazy(FIELD_CONTEXT, "object id"),
    pgettext_lazy(FIELD_CONTEXT, "object repr"),
    pgettext_lazy(FIELD_CONTEXT, "organization"),
    pgettext_lazy(FIELD_CONTEXT, "prefix"),
    pgettext_lazy(FIELD_CONTEXT, "regulation"),
    pgettext_lazy(FIELD_CONTEXT, "reorganization"),
    pgettext_lazy(FIELD_CONTEXT, "service"),
    pgettext_lazy(FIELD_CONTEXT, "sort order"),
    pgettext_lazy(FIELD_CONTEXT, "sources"),
    pgettext_lazy(FIELD_CONTEXT, "targets"),
    pgettext_lazy(FIELD_CONTEXT, "subject id"),
    pgettext_lazy(FIELD_CONTEXT, "subject model"),
    pgettext_lazy(FIELD_CONTEXT, "user"),
    pgettext_lazy(FIELD_CONTEXT, "version"),
    gettext_noop("yes"),
    gettext_noop("no"),
)

#: Names the packages declare (django-axes, django-tasks-db) and our `_("version")`, without Vietnamese.
PACKAGE_NAMES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("membership spell"),
    gettext_noop("membership spells"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Failed Logins"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Logout Time"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("User Agent"),
    gettext_noop("args kwargs"),
    gettext_noop("backend name"),
    gettext_noop("enqueued at"),
    gettext_noop("exception class path"),
    gettext_noop("finished at"),
    gettext_noop("priority"),
    gettext_noop("queue name"),
    gettext_noop("return value"),
    gettext_noop("run after"),
    gettext_noop("task path"),
    gettext_noop("traceback"),
    gettext_noop("version"),
    gettext_noop("worker id"),
    # The admin's list checkbox label (Django 5.2), which Django's Vietnamese lacks.
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Select all objects on this page for an action"),
)


#: Our names that a Django catalogue listed before ours translates into English (contrib.auth's
#: Vietnamese has "version" → "version", and the earlier app wins), moved under our context too.
SHADOWED = {"version"}


def _source(name) -> str | None:
    """The English words of a field name: the derived string, or the argument of a lazy gettext."""
    if isinstance(name, str):
        return name
    args = getattr(name, "_args", ())
    return args[0] if len(args) == 1 and isinstance(args[0], str) else None


def translate_derived_names() -> None:
    for model in apps.get_models():
        for option in ("verbose_name", "verbose_name_plural"):
            # Derived model names ("membership spell") are plain strings too; migrations read
            # Meta.original_attrs, which this does not touch.
            if option not in model._meta.original_attrs and isinstance(getattr(model._meta, option), str):
                setattr(model._meta, option, gettext_lazy(getattr(model._meta, option)))
        for field in model._meta.get_fields():
            if not hasattr(field, "_verbose_name"):
                continue
            source = _source(field.verbose_name)
            if source is not None and (field._verbose_name is None or source in SHADOWED):
                field.verbose_name = pgettext_lazy(FIELD_CONTEXT, source)
