from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "coso.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self):
        from coso.accounts.scoping import register
        from coso.training.models import ClassStudent, Qualification, TrainingClass

        # A class belongs to the committee that holds it or sends its cadres to it; its students
        # and the qualifications it gave are seen through that committee's subtree.
        register(TrainingClass, path="organization__path")
        register(ClassStudent, path="training_class__organization__path", member="member_id")
        register(Qualification, path="organization__path", member="member_id")
