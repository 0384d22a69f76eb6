"""Cadres with qualifications on the rich province (`reports/tests/conftest.build_rich`), for the
catalogue walk: every qualification figure non-zero as of 30/06/2025 on the province.

- A member of the Đông cell (university, elementary theory, specialist in state management on the
  register) holds the commune's secretary post from 2020 and passes an intermediate theory class
  (certificate of 10/05/2024): a dated fact written by the certificate.
- A cadre who is no member (lower-secondary, 9/12, recorded on the cadre) is the district's
  deputy secretary from 2021.
"""

from datetime import date

from coso.cadres import services as cadre_services
from coso.cadres.models import PostKind
from coso.members.choices import PoliticalTheory, ProfessionalEducation, StateManagement
from coso.testing.factories import make_member
from coso.training import services
from coso.training.models import ClassKind, Result


def qualify_province(rich) -> dict:
    w = rich.world
    member = make_member(
        org=w.cell,
        full_name="Đào Văn Học",
        professional_education=ProfessionalEducation.UNIVERSITY,
        political_theory=PoliticalTheory.ELEMENTARY,
        state_management=StateManagement.SPECIALIST,
    )
    secretary = cadre_services.cadre_create(full_name="", organization=w.commune, member=member, actor=None)
    cadre_services.post_assign(
        cadre=secretary, organization=w.commune, kind=PostKind.SECRETARY, valid_from=date(2020, 10, 1), actor=None
    )
    theory = services.class_create(
        organization=w.district, kind=ClassKind.THEORY_INTERMEDIATE, name="Trung cấp lý luận chính trị K12",
        starts_on=date(2023, 9, 1), ends_on=date(2024, 4, 30), actor=None,
    )  # fmt: skip
    student = services.class_enrol(training_class=theory, member=member, actor=None)
    services.class_record_result(
        student=student, result=Result.PASSED, certificate_number="TC-1204", certificate_date=date(2024, 5, 10),
        actor=None,
    )  # fmt: skip
    deputy = cadre_services.cadre_create(full_name="Hà Thị Lý", organization=w.district, actor=None)
    cadre_services.post_assign(
        cadre=deputy, organization=w.district, kind=PostKind.DEPUTY_SECRETARY, valid_from=date(2021, 1, 1), actor=None
    )
    services.qualification_record(cadre=deputy, field="general_education", value="9/12", since=None, actor=None)
    return {"secretary": secretary, "deputy": deputy, "student": student}
