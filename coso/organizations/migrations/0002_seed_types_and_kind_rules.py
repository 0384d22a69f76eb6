"""Data: the organization types used in reports and the allowed parent/child kinds by era."""

from datetime import date

from django.db import migrations

TYPES = [
    # code, name, commune level
    ("province", "Tỉnh, thành phố trực thuộc Trung ương", False),
    ("district", "Huyện, quận, thị xã, thành phố thuộc tỉnh (đến 30/6/2025)", False),
    ("commune", "Xã", True),
    ("ward", "Phường", True),
    ("township", "Thị trấn (đến 30/6/2025)", True),
    ("special_zone", "Đặc khu", True),
    ("agency_bloc", "Khối các cơ quan", False),
    ("enterprise_bloc", "Khối doanh nghiệp", False),
    ("admin_agency", "Cơ quan hành chính nhà nước", False),
    ("party_agency", "Cơ quan Đảng, Mặt trận, đoàn thể", False),
    ("public_service", "Đơn vị sự nghiệp công lập", False),
    ("school", "Trường học công lập", False),
    ("hospital", "Bệnh viện, trung tâm y tế công lập", False),
    ("research", "Viện, cơ sở nghiên cứu", False),
    ("soe", "Doanh nghiệp nhà nước", False),
    ("state_invested", "Doanh nghiệp có vốn nhà nước", False),
    ("non_state_enterprise", "Doanh nghiệp ngoài khu vực nhà nước", False),
    ("non_public_school_hospital", "Trường học, bệnh viện ngoài công lập", False),
    ("press", "Cơ quan báo chí", False),
    ("mass_association", "Hội quần chúng", False),
    ("army", "Quân đội", False),
    ("police", "Công an", False),
    ("village_cell", "Chi bộ thôn, bản, ấp", False),
    ("neighbourhood_cell", "Chi bộ tổ dân phố", False),
    ("other", "Loại hình khác", False),
]

STATUTES = "Điều lệ Đảng (2011), Chương V — Tổ chức cơ sở đảng"
QD_294 = "QĐ 294-QĐ/TW (26/5/2025) thi hành Điều lệ Đảng"
FOUNDED = date(1930, 2, 3)
REFORM = date(2025, 7, 1)

RULES = [
    # parent, child, from, to, regulation
    ("", "province", FOUNDED, None, STATUTES),
    ("province", "upper", FOUNDED, None, STATUTES),
    ("upper", "grassroots_committee", FOUNDED, None, STATUTES),
    ("upper", "grassroots_cell", FOUNDED, None, STATUTES),
    ("grassroots_committee", "partial_committee", FOUNDED, None, STATUTES),
    ("grassroots_committee", "cell", FOUNDED, None, STATUTES),
    ("partial_committee", "cell", FOUNDED, None, STATUTES),
    ("cell", "party_group", FOUNDED, None, STATUTES),
    ("grassroots_cell", "party_group", FOUNDED, None, STATUTES),
    # Since 1/7/2025 commune-level committees sit directly under the province (no district level).
    ("province", "grassroots_committee", REFORM, None, QD_294),
    ("province", "grassroots_cell", REFORM, None, QD_294),
]


def forward(apps, schema_editor):
    OrganizationType = apps.get_model("organizations", "OrganizationType")
    KindRule = apps.get_model("organizations", "KindRule")
    for order, (code, name, commune) in enumerate(TYPES):
        OrganizationType.objects.update_or_create(
            code=code, defaults={"name": name, "is_commune_level": commune, "sort_order": order}
        )
    for parent, child, start, end, regulation in RULES:
        KindRule.objects.get_or_create(
            parent_kind=parent, child_kind=child, valid_from=start, defaults={"valid_to": end, "regulation": regulation}
        )


def backward(apps, schema_editor):
    apps.get_model("organizations", "KindRule").objects.all().delete()
    apps.get_model("organizations", "OrganizationType").objects.filter(code__in=[t[0] for t in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
