from django.db import models

from coso.audit.models import AuditEntry


def trail_for(obj: models.Model):
    """The audit trail of one record, newest first (shown to administrators on its page)."""
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    return AuditEntry.objects.filter(model=label, object_id=str(obj.pk)).select_related("actor")
