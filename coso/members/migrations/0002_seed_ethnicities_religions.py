"""Data: the 54 ethnic groups (GSO list, QĐ 121-TCTK 1979) and the religions recognized in Vietnam."""

from django.db import migrations

ETHNICITIES = [
    "Kinh",
    "Tày",
    "Thái",
    "Hoa",
    "Khơ-me",
    "Mường",
    "Nùng",
    "Hmông",
    "Dao",
    "Gia-rai",
    "Ngái",
    "Ê-đê",
    "Ba-na",
    "Xơ-đăng",
    "Sán Chay",
    "Cơ-ho",
    "Chăm",
    "Sán Dìu",
    "Hrê",
    "Mnông",
    "Ra-glai",
    "Xtiêng",
    "Bru-Vân Kiều",
    "Thổ",
    "Giáy",
    "Cơ-tu",
    "Gié-Triêng",
    "Mạ",
    "Khơ-mú",
    "Co",
    "Tà-ôi",
    "Chơ-ro",
    "Kháng",
    "Xinh-mun",
    "Hà Nhì",
    "Chu-ru",
    "Lào",
    "La Chí",
    "La Ha",
    "Phù Lá",
    "La Hủ",
    "Lự",
    "Lô Lô",
    "Chứt",
    "Mảng",
    "Pà Thẻn",
    "Cơ Lao",
    "Cống",
    "Bố Y",
    "Si La",
    "Pu Péo",
    "Brâu",
    "Ơ Đu",
    "Rơ-măm",
]

RELIGIONS = [
    ("none", "Không"),
    ("buddhism", "Phật giáo"),
    ("catholic", "Công giáo"),
    ("protestant", "Tin lành"),
    ("caodai", "Cao Đài"),
    ("hoahao", "Phật giáo Hòa Hảo"),
    ("islam", "Hồi giáo"),
    ("brahmanism", "Bà-la-môn"),
    ("tinh_do_cu_si", "Tịnh độ Cư sĩ Phật hội Việt Nam"),
    ("tu_an_hieu_nghia", "Tứ Ân Hiếu nghĩa"),
    ("buu_son_ky_huong", "Bửu Sơn Kỳ Hương"),
    ("bahai", "Baha'i"),
    ("other", "Tôn giáo khác"),
]


def forward(apps, schema_editor):
    Ethnicity = apps.get_model("members", "Ethnicity")
    Religion = apps.get_model("members", "Religion")
    for number, name in enumerate(ETHNICITIES, start=1):
        Ethnicity.objects.update_or_create(code=f"{number:02d}", defaults={"name": name, "is_minority": number != 1})
    for order, (code, name) in enumerate(RELIGIONS):
        Religion.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})


def backward(apps, schema_editor):
    apps.get_model("members", "Ethnicity").objects.all().delete()
    apps.get_model("members", "Religion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
