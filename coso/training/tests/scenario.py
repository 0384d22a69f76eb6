"""Classes on the rich province (`reports/tests/conftest.build_rich`), for the catalogue walk: an
intermediate theory class of the first commune in February 2025 (before the reorganization) with a
member who passes and a commune official who is not a member, and an outside advanced theory class
(full-time) the merged commune sends a member to in August (after it)."""

from datetime import date

from coso.cadres import services as cadre_services
from coso.training import services
from coso.training.models import ClassKind, Mode, Organizer, Result


def train_in_province(rich) -> list:
    w = rich.world
    own = services.class_create(
        organization=w.commune, kind=ClassKind.THEORY_INTERMEDIATE, name="Lớp trung cấp lý luận chính trị K12",
        organizer="Trung tâm Chính trị huyện", place="Hội trường huyện ủy",
        starts_on=date(2025, 2, 10), ends_on=date(2025, 6, 20), actor=None,
    )  # fmt: skip
    passed = services.class_enrol(training_class=own, member=rich.members["official"], actor=None)
    services.class_record_result(student=passed, result=Result.PASSED, certificate_number="TC-0125",
                                 certificate_date=date(2025, 6, 25), actor=None)  # fmt: skip
    official = cadre_services.cadre_create(full_name="Mai Văn Xã", organization=w.commune, actor=None)
    services.class_enrol(training_class=own, cadre=official, actor=None)
    outside = services.class_create(
        organization=rich.merged, kind=ClassKind.THEORY_ADVANCED, name="Cao cấp lý luận chính trị tập trung K75",
        organizer="Học viện Chính trị khu vực I", mode=Mode.FULL_TIME, organizer_kind=Organizer.OUTSIDE,
        starts_on=date(2025, 8, 4), ends_on=date(2026, 3, 30), actor=None,
    )  # fmt: skip
    sent = services.class_enrol(training_class=outside, member=rich.members["young"], decision_number="88-QĐ/TU",
                                decision_date=date(2025, 7, 20), decision_issuer="Tỉnh ủy", actor=None)  # fmt: skip
    return [own, outside, passed, sent]
