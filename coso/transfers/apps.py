from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "coso.transfers"
    label = "transfers"
    verbose_name = _("Transfers of party activity")

    def ready(self):
        from coso.accounts.scoping import register
        from coso.transfers.models import TransferPaper, TransferRule  # noqa: F401

        # Known by the sending organization; arrivals are reached through the user's scope on
        # Organization in transfers.queries.papers_for. A member sees their own papers.
        register(TransferPaper, path="from_organization__path", member="member_id")
