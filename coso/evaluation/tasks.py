"""Background jobs of evaluation (django-tasks; `manage.py db_worker` runs them)."""

from django.contrib.auth import get_user_model
from django_tasks import task

from coso.evaluation.models import Campaign, JobState


@task()
def populate_campaign(campaign_id: int, user_id: int | None = None) -> str:
    """Create a campaign's records (a province's half million); the page reads the counters it commits."""
    from coso.evaluation.services import campaign_populate

    campaign = Campaign.objects.select_related("rule_set", "root", "committee").filter(pk=campaign_id).first()
    if campaign is None or campaign.job_state == JobState.DONE:
        return "skipped"
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        return str(campaign_populate(campaign, actor=actor))
    except Exception:  # marked failed on the campaign, with its error; the worker goes on
        return "failed"
