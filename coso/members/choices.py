"""Coded values of the member profile (mẫu 2-HSĐV). Codes are what imports and exports use."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class MemberStatus(models.TextChoices):
    """Cache of the member's state, derived from the history facts."""

    PROBATIONARY = "probationary", _("Probationary member")
    OFFICIAL = "official", _("Official member")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out of the system")
    NOT_RECOGNIZED = "not_recognized", _("Not recognized as official")
    REMOVED = "removed", _("Removed from the roll")
    EXPELLED = "expelled", _("Expelled")
    LEFT = "left", _("Left voluntarily")
    DIED = "died", _("Deceased")


ACTIVE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)


class SpellStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary")
    OFFICIAL = "official", _("Official")


class GeneralEducation(models.TextChoices):
    PRIMARY = "5/12", _("Primary (5/12)")
    LOWER_SECONDARY = "9/12", _("Lower secondary (9/12)")
    UPPER_SECONDARY = "12/12", _("Upper secondary (12/12)")
    OLD_7 = "7/10", _("Lower secondary, old system (7/10)")
    OLD_10 = "10/10", _("Upper secondary, old system (10/10)")


class ProfessionalEducation(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Vocational elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    COLLEGE = "college", _("College")
    UNIVERSITY = "university", _("University")
    MASTER = "master", _("Master")
    DOCTOR = "doctor", _("Doctor")


class PoliticalTheory(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    BACHELOR = "bachelor", _("Bachelor")


class StateManagement(models.TextChoices):
    NONE = "none", _("None")
    SPECIALIST = "specialist", _("Specialist")
    PRINCIPAL = "principal", _("Principal specialist")
    SENIOR = "senior", _("Senior specialist")


class AcademicTitle(models.TextChoices):
    NONE = "", _("None")
    ASSOCIATE_PROFESSOR = "associate_professor", _("Associate professor")
    PROFESSOR = "professor", _("Professor")


class EventKind(models.TextChoices):
    ADMITTED = "admitted", _("Admitted (probationary)")
    RECOGNIZED = "recognized", _("Recognized as official member")
    NOT_RECOGNIZED = "not_recognized", _("Not recognized, removed")
    TRANSFERRED = "transferred", _("Official transfer within the system")
    TRANSFERRED_IN = "transferred_in", _("Official transfer in from outside")
    TRANSFERRED_OUT = "transferred_out", _("Official transfer out of the system")
    REORGANIZED = "reorganized", _("Moved by a reorganization")
    ATTACHED = "attached", _("Temporary activity at another organization")
    ATTACHMENT_ENDED = "attachment_ended", _("End of temporary activity")
    EXEMPTED = "exempted", _("Exempted from party work and activities")
    TEMP_EXEMPTED = "temp_exempted", _("Temporarily exempted from activities")
    EXEMPTION_ENDED = "exemption_ended", _("End of exemption")
    DISCIPLINED = "disciplined", _("Disciplined")
    REMOVED = "removed", _("Removed from the roll (xóa tên)")
    EXPELLED = "expelled", _("Expelled (khai trừ)")
    LEFT = "left", _("Left the Party voluntarily")
    DIED = "died", _("Deceased")
    READMITTED = "readmitted", _("Re-admitted (probationary)")
    BADGE_AWARDED = "badge_awarded", _("Party badge awarded")


class RemovalGround(models.TextChoices):
    """Grounds for removal from the roll (xóa tên), Party Statutes art. 8 and its guidance."""

    INACTIVE = "inactive", _("No activity or dues for 3 months without reason")
    CARD_RETURNED = "card_returned", _("Returned the party card or left the organization")
    NO_PROGRESS = "no_progress", _("No progress after 12 months of help")
    FAILED_TWICE = "failed_twice", _("Not completed the tasks two years running")
    OTHER = "other", _("Other ground")


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    DISMISSAL = "dismissal", _("Dismissal from posts")
    EXPULSION = "expulsion", _("Expulsion")
