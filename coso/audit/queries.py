from django.db import models
from django.db.models import Q

from coso.audit.models import AuditEntry


def trail_for(obj: models.Model):
    """The audit trail of one record and of its parts (e.g. a member's history facts), newest first."""
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    own = Q(model=label, object_id=str(obj.pk))
    parts = Q(subject_model=label, subject_id=str(obj.pk))
    return AuditEntry.objects.filter(own | parts).select_related("actor")
