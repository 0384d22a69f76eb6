"""Vietnamese personal and place names for the demo, with realistic weights.

Family-name weights follow the commonly quoted shares (Nguyễn ≈ 38%, Trần ≈ 11%, Lê ≈ 9.5% ...).
Ethnic minorities have their own family, middle and given names where they differ from Kinh usage
(Hmông "Giàng A Pao", Dao "Bàn Văn Chòi", Thái "Lò Văn Khằm"); Tày, Nùng and Mường mostly use
Kinh given names with their own family names.
"""

from bisect import bisect
from itertools import accumulate
from random import Random


class Weighted:
    """Choose from (value, weight) pairs with one random draw and a binary search."""

    def __init__(self, pairs):
        self.values = [v for v, _ in pairs]
        self.cumulative = list(accumulate(w for _, w in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: Random):
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


KINH_FAMILY = Weighted(
    [
        ("Nguyễn", 380),
        ("Trần", 110),
        ("Lê", 95),
        ("Phạm", 70),
        ("Hoàng", 35),
        ("Huỳnh", 16),
        ("Phan", 45),
        ("Vũ", 25),
        ("Võ", 14),
        ("Đặng", 21),
        ("Bùi", 20),
        ("Đỗ", 14),
        ("Hồ", 13),
        ("Ngô", 13),
        ("Dương", 10),
        ("Lý", 5),
        ("Đinh", 8),
        ("Đào", 7),
        ("Trịnh", 6),
        ("Mai", 4),
        ("Cao", 4),
        ("Lương", 4),
        ("Tạ", 3),
        ("Chu", 3),
        ("Lưu", 3),
        ("Vương", 2),
        ("Kiều", 2),
        ("Triệu", 2),
        ("Quách", 1),
        ("Tô", 2),
        ("Hà", 4),
        ("Thái", 2),
        ("Văn", 1),
        ("Khúc", 1),
    ]
)

MALE_MIDDLE = Weighted(
    [
        ("Văn", 45),
        ("Hữu", 7),
        ("Đức", 8),
        ("Minh", 7),
        ("Quang", 6),
        ("Ngọc", 4),
        ("Xuân", 4),
        ("Công", 4),
        ("Thanh", 4),
        ("Đình", 5),
        ("Trọng", 3),
        ("Mạnh", 2),
        ("Tiến", 2),
        ("Duy", 3),
        ("Anh", 2),
        ("Hoàng", 2),
        ("Bá", 2),
        ("Việt", 2),
    ]
)
FEMALE_MIDDLE_OLD = Weighted(
    [("Thị", 80), ("Thu", 4), ("Ngọc", 3), ("Thanh", 4), ("Hồng", 3), ("Kim", 3), ("Minh", 2), ("Bích", 1)]
)
FEMALE_MIDDLE_YOUNG = Weighted(
    [
        ("Thị", 40),
        ("Thu", 8),
        ("Ngọc", 8),
        ("Thanh", 6),
        ("Minh", 6),
        ("Hồng", 5),
        ("Thúy", 4),
        ("Kim", 3),
        ("Phương", 5),
        ("Mai", 4),
        ("Diệu", 3),
        ("Bảo", 3),
        ("Khánh", 3),
        ("Hải", 2),
    ]
)

MALE_GIVEN = [
    "Anh", "Bảo", "Bình", "Cường", "Chiến", "Công", "Dũng", "Duy", "Dương", "Đạt", "Đức", "Giang", "Hải",
    "Hào", "Hiếu", "Hiển", "Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khải", "Khang", "Khánh", "Khoa", "Kiên",
    "Lâm", "Long", "Lợi", "Lực", "Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phú", "Phúc", "Quang",
    "Quân", "Quyết", "Sơn", "Tài", "Tâm", "Thái", "Thắng", "Thành", "Thanh", "Thịnh", "Thông", "Tiến",
    "Toàn", "Trọng", "Trung", "Trường", "Tuấn", "Tú", "Tùng", "Việt", "Vinh", "Vũ", "Hậu", "Lộc", "Tín",
]  # fmt: skip
MALE_GIVEN_OLD = [
    "Bảy",
    "Tư",
    "Năm",
    "Lộc",
    "Phát",
    "Thìn",
    "Sửu",
    "Dần",
    "Tý",
    "Chính",
    "Bằng",
    "Khiêm",
    "Quế",
    "Đoàn",
]
FEMALE_GIVEN = [
    "An", "Anh", "Bích", "Chi", "Dung", "Diệp", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
    "Hồng", "Huệ", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "Minh", "My", "Nga", "Ngân",
    "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thanh", "Thơm", "Thu", "Thủy",
    "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Xuân", "Lý", "Nhàn", "Hậu", "Thắm",
]  # fmt: skip
FEMALE_GIVEN_OLD = ["Tươi", "Nụ", "Mận", "Đào", "Cúc", "Sen", "Lài", "Thắm", "Gái", "Hợi", "Mùi", "Tý"]
FEMALE_GIVEN_YOUNG = ["Ánh", "Diệu", "Khánh", "Ngân", "Thư", "Trâm", "Vy", "Hân", "Nhi", "Trinh", "Tú", "Hòa"]


# Family names, male middle, female middle, male given, female given for each minority (None → Kinh lists).
MINORITY_NAMES: dict[str, tuple] = {
    "Tày": (
        Weighted(
            [
                ("Hoàng", 25),
                ("Nông", 20),
                ("Hà", 8),
                ("Lục", 6),
                ("Mã", 5),
                ("Đàm", 5),
                ("Triệu", 6),
                ("Lương", 5),
                ("Ma", 5),
                ("Bế", 8),
                ("La", 4),
                ("Nguyễn", 8),
            ]
        ),
        Weighted([("Văn", 85), ("Đức", 5), ("Thế", 5), ("Ngọc", 5)]),
        Weighted([("Thị", 95), ("Thu", 5)]),
        None,
        None,
    ),
    "Nùng": (
        Weighted(
            [
                ("Nông", 20),
                ("Hoàng", 20),
                ("Lý", 10),
                ("Lăng", 8),
                ("Chu", 6),
                ("Vi", 10),
                ("Mông", 5),
                ("Sầm", 5),
                ("Lành", 6),
                ("Triệu", 5),
                ("Lương", 5),
            ]
        ),
        Weighted([("Văn", 95), ("Đức", 5)]),
        Weighted([("Thị", 100)]),
        None,
        None,
    ),
    "Hmông": (
        Weighted(
            [
                ("Giàng", 18),
                ("Vàng", 16),
                ("Sùng", 12),
                ("Thào", 12),
                ("Lý", 10),
                ("Hầu", 8),
                ("Mùa", 8),
                ("Lầu", 6),
                ("Vừ", 6),
                ("Cứ", 4),
                ("Tráng", 4),
                ("Ly", 4),
            ]
        ),
        Weighted([("A", 70), ("Seo", 15), ("Mí", 10), ("Văn", 5)]),
        Weighted([("Thị", 100)]),
        [
            "Pao",
            "Sính",
            "Chứ",
            "Dế",
            "Lử",
            "Sử",
            "Páo",
            "Tủa",
            "Chư",
            "Vàng",
            "Chang",
            "Dình",
            "Nủ",
            "Cở",
            "Tồng",
            "Súa",
            "Chống",
            "Khua",
        ],
        ["Mỷ", "Dợ", "Sua", "Chá", "Pằng", "Mai", "Dua", "Lan", "Sinh", "Xé", "Già", "Của", "Chía", "Mảy"],
    ),
    "Dao": (
        Weighted(
            [("Bàn", 22), ("Triệu", 20), ("Đặng", 16), ("Lý", 12), ("Phùng", 8), ("Chảo", 8), ("Tẩn", 8), ("Lò", 6)]
        ),
        Weighted([("Văn", 55), ("Tòn", 15), ("Kiềm", 10), ("Tiến", 10), ("Quý", 10)]),
        Weighted([("Thị", 60), ("Mùi", 15), ("Tả", 15), ("Kiều", 10)]),
        ["Chòi", "Phin", "Quẩy", "Sinh", "Kiềm", "Chàn", "Phẩu", "Tả", "Vần", "Phú", "Sơn", "Hành", "Minh", "Lưu"],
        ["Mẩy", "Xuân", "Nhất", "Sử", "Phây", "Kiều", "Mai", "Dín", "Liều", "Chiêm", "Hương", "Lan"],
    ),
    "Thái": (
        Weighted(
            [
                ("Lò", 22),
                ("Cầm", 14),
                ("Lường", 14),
                ("Quàng", 10),
                ("Vì", 10),
                ("Hà", 8),
                ("Tòng", 8),
                ("Điêu", 6),
                ("Lù", 4),
                ("Sầm", 4),
            ]
        ),
        Weighted([("Văn", 100)]),
        Weighted([("Thị", 100)]),
        ["Khằm", "Pành", "Ún", "Xôm", "Tiên", "Chính", "Ánh", "Thoan", "Hặc", "Pọm", "Tươi", "Ngân", "Xuân", "Hom"],
        ["Ính", "Xiêng", "Ban", "Piêng", "Ỏm", "Hoan", "Pâng", "Lả", "Phương", "Hương", "Thảnh", "Mai", "Ngọc"],
    ),
    "Mường": (
        Weighted(
            [("Bùi", 40), ("Đinh", 20), ("Quách", 10), ("Hà", 10), ("Xa", 6), ("Bạch", 6), ("Cao", 4), ("Hoàng", 4)]
        ),
        Weighted([("Văn", 90), ("Đức", 5), ("Ngọc", 5)]),
        Weighted([("Thị", 100)]),
        None,
        None,
    ),
    "Sán Chay": (
        Weighted([("Lâm", 25), ("Trần", 20), ("Hoàng", 15), ("Lý", 15), ("Đặng", 10), ("Phùng", 15)]),
        Weighted([("Văn", 100)]),
        Weighted([("Thị", 100)]),
        None,
        None,
    ),
    "Giáy": (
        Weighted([("Hoàng", 30), ("Lù", 20), ("Lò", 20), ("Vàng", 15), ("Sần", 15)]),
        Weighted([("Văn", 60), ("Seo", 20), ("A", 20)]),
        Weighted([("Thị", 100)]),
        ["Sáng", "Chấn", "Phủ", "Dương", "Pín", "Chiến", "Sử", "Thìn"],
        ["Lả", "Xiêm", "Dìn", "Mai", "Pín", "Thương", "Sen", "Lan"],
    ),
}


def person_name(rng: Random, *, gender: str, ethnicity: str, birth_year: int) -> str:
    """A full name as written on a citizen ID: family, middle, given."""
    male = gender == "male"
    special = MINORITY_NAMES.get(ethnicity)
    if special:
        family_w, male_mid, female_mid, male_given, female_given = special
        family = family_w.pick(rng)
        middle = male_mid.pick(rng) if male else female_mid.pick(rng)
        given_pool = (male_given if male else female_given) or None
    else:
        family = KINH_FAMILY.pick(rng)
        if male:
            middle = MALE_MIDDLE.pick(rng)
        else:
            middle = (FEMALE_MIDDLE_OLD if birth_year < 1975 else FEMALE_MIDDLE_YOUNG).pick(rng)
        given_pool = None
    if given_pool is None:
        if male:
            given_pool = MALE_GIVEN_OLD if (birth_year < 1960 and rng.random() < 0.2) else MALE_GIVEN
        elif birth_year < 1960 and rng.random() < 0.25:
            given_pool = FEMALE_GIVEN_OLD
        elif birth_year > 1990 and rng.random() < 0.3:
            given_pool = FEMALE_GIVEN_YOUNG
        else:
            given_pool = FEMALE_GIVEN
    given = rng.choice(given_pool)
    if given == middle:
        given = rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
    return f"{family} {middle} {given}"


# Places — all fictional combinations of common syllables.
LOWLAND_SYLLABLES_A = [
    "An", "Bình", "Phú", "Tân", "Hòa", "Thịnh", "Xuân", "Đông", "Vĩnh", "Hưng", "Thành", "Phúc", "Minh",
    "Quang", "Hồng", "Kim", "Đại", "Trung", "Hải", "Thanh", "Yên", "Long", "Mỹ", "Thái", "Nghĩa", "Tiến",
    "Đức", "Gia", "Hiệp", "Lạc", "Ngọc", "Phong", "Quảng", "Sơn", "Thuận", "Cẩm", "Liên", "Hoàng",
]  # fmt: skip
LOWLAND_SYLLABLES_B = [
    "Lạc", "Bình", "Phú", "Hòa", "Thịnh", "Xuân", "Sơn", "Hưng", "Thành", "Lộc", "Phúc", "Minh", "Quang",
    "Hà", "Điền", "Mỹ", "Tiến", "Lợi", "Khánh", "Ninh", "Thuận", "Tân", "Trung", "Đông", "Yên", "Long",
    "Hải", "Nghĩa", "Cường", "Hợp", "Phong", "Lâm", "Vinh", "Dương", "Châu", "Kiều", "Lễ",
]  # fmt: skip
MOUNTAIN_SYLLABLES_A = [
    "Nà", "Pác", "Khuổi", "Mù", "Tà", "Lũng", "Phiêng", "Cốc", "Nậm", "Pò", "Xà", "Mường", "Lùng", "Sín",
    "Háng", "Thồng", "Cán", "Bó", "Slăm", "Na", "Hồng", "Sà", "Pắc", "Nặm", "Phìn",
]  # fmt: skip
MOUNTAIN_SYLLABLES_B = [
    "Hin", "Pồng", "Cáy", "Mạ", "Lừa", "Sang", "Chải", "Phìn", "Cang", "Xín", "Tủng", "Khao", "Làng",
    "Nưa", "Pục", "Sa", "Mò", "Ngòa", "Thin", "Chang", "Luông", "Cọ", "Mèo", "Vài", "Tào", "Pia", "Lẹng",
]  # fmt: skip
PLACE_QUALIFIERS = ["Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Đoài", "Ngoài", "Trong"]


class PlaceNames:
    """Unique place names drawn from syllable pools; a used name is never drawn twice."""

    def __init__(self, rng: Random):
        self.rng = rng
        self.used: set[str] = set()

    def draw(self, mountain: bool) -> str:
        a, b = (MOUNTAIN_SYLLABLES_A, MOUNTAIN_SYLLABLES_B) if mountain else (LOWLAND_SYLLABLES_A, LOWLAND_SYLLABLES_B)
        for _ in range(200):
            name = f"{self.rng.choice(a)} {self.rng.choice(b)}"
            if name.split()[0] != name.split()[1] and name not in self.used:
                self.used.add(name)
                return name
        base = f"{self.rng.choice(a)} {self.rng.choice(b)}"
        n = 2
        while f"{base} {n}" in self.used:
            n += 1
        self.used.add(f"{base} {n}")
        return f"{base} {n}"
