"""The organization tree of the fictional province Sơn Lâm, laid out in memory from (members, seed).

The plan is pure data (codes, names, kinds, types, dates, member budgets per cell), so it is cheap
to build, deterministic, and testable without a database; `coso.demo.seed` then writes it through
the organization services. Budgets are split top-down so the province has exactly the number of
members asked for, with cell sizes like the real ones (villages 20–60, agency cells 5–30).
"""

from dataclasses import dataclass, field
from datetime import date
from random import Random

from coso.demo.names import PlaceNames

PROVINCE_NAME = "Sơn Lâm"
PROVINCE_CODE = "SL"
FOUNDED = date(1955, 1, 1)
REFORM = date(2025, 7, 1)  # the district level ends (Kết luận 137-KL/TW; QĐ 294-QĐ/TW)
PAST = date(2024, 12, 31)


@dataclass(frozen=True)
class Issuer:
    """The committee that decides admissions and transfers for its grassroots (e.g. Huyện ủy, "HU")."""

    name: str
    suffix: str


@dataclass
class OrgSpec:
    code: str
    name: str
    kind: str
    type_code: str
    parent: str | None
    established: date = FOUNDED
    members: int = 0  # members generated in this cell (cells and grassroots cells only)
    profile: str = ""  # member profile (see coso.demo.people.PROFILES)
    region: str = "lowland"  # lowland / mountain / urban
    unit: str | None = None  # residential unit of a village or neighbourhood cell
    homes: tuple[str, ...] = ()  # communes whose residential units the members live in
    ethnic_mix: tuple = ()  # ((ethnicity name, weight), ...)
    issuer: Issuer | None = None
    place: str = ""  # "xã An Lạc, huyện Lâm Xuyên" for addresses and birthplaces


@dataclass
class UnitSpec:
    code: str
    name: str
    unit_kind: str
    commune: str
    address: str
    white: bool = False  # nobody lives here (bản trắng đảng viên)
    has_cell: bool = False


@dataclass
class MergeSpec:
    sources: list[str]
    code: str
    name: str


@dataclass
class ReorgSpec:
    """The 2025 reorganization of one district: communes merged two by two, the district dissolved."""

    district: str
    on: date = REFORM
    merges: list[MergeSpec] = field(default_factory=list)
    moves: list[tuple[str, str]] = field(default_factory=list)  # (grassroots code, new parent code)


@dataclass
class Plan:
    seed: int
    members: int
    orgs: list[OrgSpec] = field(default_factory=list)
    units: list[UnitSpec] = field(default_factory=list)
    reorg: ReorgSpec | None = None
    districts: list[str] = field(default_factory=list)

    @property
    def cells(self) -> list[OrgSpec]:
        return [o for o in self.orgs if o.members > 0]

    def by_code(self) -> dict[str, OrgSpec]:
        return {o.code: o for o in self.orgs}


def split(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to `weights` that add up to `total` (largest remainder)."""
    if not weights:
        return []
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


LOWLAND_MIX = (("Kinh", 97), ("Tày", 1), ("Mường", 1), ("Nùng", 1))
URBAN_MIX = (("Kinh", 94), ("Tày", 2), ("Nùng", 1), ("Hoa", 1), ("Mường", 1), ("Thái", 1))
MOUNTAIN_MIXES = [
    (("Tày", 40), ("Nùng", 25), ("Dao", 15), ("Kinh", 15), ("Sán Chay", 5)),
    (("Hmông", 45), ("Dao", 20), ("Tày", 15), ("Kinh", 10), ("Giáy", 10)),
    (("Thái", 50), ("Mường", 20), ("Kinh", 15), ("Hmông", 15)),
    (("Mường", 55), ("Kinh", 25), ("Thái", 10), ("Dao", 10)),
]

AGENCIES = [
    # name, type, profile, weight
    ("Văn phòng Tỉnh ủy", "party_agency", "agency", 1.0),
    ("Sở Giáo dục và Đào tạo", "admin_agency", "agency", 1.0),
    ("Bệnh viện Đa khoa tỉnh", "hospital", "health", 3.5),
    ("Trường Đại học Sơn Lâm", "school", "school", 3.0),
    ("Sở Y tế", "admin_agency", "agency", 0.8),
    ("Sở Tài chính", "admin_agency", "agency", 0.8),
    ("Sở Nông nghiệp và Môi trường", "admin_agency", "agency", 1.2),
    ("Sở Nội vụ", "admin_agency", "agency", 0.6),
    ("Văn phòng Ủy ban nhân dân tỉnh", "admin_agency", "agency", 0.6),
    ("Sở Xây dựng", "admin_agency", "agency", 0.7),
    ("Sở Công Thương", "admin_agency", "agency", 0.6),
    ("Sở Văn hóa, Thể thao và Du lịch", "admin_agency", "agency", 0.7),
    ("Báo và Phát thanh, Truyền hình Sơn Lâm", "press", "agency", 0.8),
    ("Trường Cao đẳng Y tế Sơn Lâm", "school", "school", 0.7),
    ("Trường THPT chuyên Sơn Lâm", "school", "school", 0.5),
    ("Bệnh viện Y học cổ truyền tỉnh", "hospital", "health", 0.8),
    ("Trung tâm Kiểm soát bệnh tật tỉnh", "public_service", "health", 0.6),
    ("Sở Tư pháp", "admin_agency", "agency", 0.3),
    ("Thanh tra tỉnh", "admin_agency", "agency", 0.3),
    ("Hội Nông dân tỉnh", "mass_association", "agency", 0.2),
    ("Liên đoàn Lao động tỉnh", "mass_association", "agency", 0.2),
    ("Viện Nghiên cứu Nông lâm nghiệp Sơn Lâm", "research", "agency", 0.4),
    ("Bảo hiểm xã hội tỉnh", "admin_agency", "agency", 0.5),
    ("Sở Khoa học và Công nghệ", "admin_agency", "agency", 0.4),
]
ENTERPRISES = [
    # name, type, founded year
    ("Công ty Điện lực Sơn Lâm", "soe", 1976),
    ("Công ty Cổ phần Xi măng Sơn Lâm", "state_invested", 1996),
    ("Công ty TNHH MTV Lâm nghiệp Sơn Lâm", "soe", 1976),
    ("Công ty Cổ phần Cấp nước Sơn Lâm", "state_invested", 1995),
    ("Công ty TNHH Dệt may Phú Lâm", "non_state_enterprise", 2012),
    ("Công ty TNHH MTV Xổ số kiến thiết Sơn Lâm", "soe", 1992),
    ("Công ty Cổ phần Chè Sơn Lâm", "non_state_enterprise", 2006),
    ("Bệnh viện Đa khoa Hòa Bình Lâm Giang", "non_public_school_hospital", 2014),
    ("Công ty TNHH Điện tử Lâm Giang", "non_state_enterprise", 2018),
    ("Trường Liên cấp Ngôi Sao Lâm Giang", "non_public_school_hospital", 2016),
    ("Công ty Cổ phần Môi trường đô thị Lâm Giang", "state_invested", 1998),
]
SECTIONS = {
    "agency": ["Văn phòng", "Phòng Tổ chức - Hành chính", "Phòng Kế hoạch - Tài chính", "Thanh tra", "Phòng Nghiệp vụ"],
    "health": [
        "Khoa Nội tổng hợp",
        "Khoa Ngoại tổng hợp",
        "Khoa Sản",
        "Khoa Nhi",
        "Khoa Hồi sức cấp cứu",
        "Khoa Xét nghiệm",
        "Khoa Dược",
        "Phòng Kế hoạch tổng hợp",
        "Khoa Truyền nhiễm",
        "Khoa Chẩn đoán hình ảnh",
        "Khoa Tim mạch",
        "Khoa Ung bướu",
        "Phòng Điều dưỡng",
        "Khoa Khám bệnh",
    ],  # fmt: skip
    "school": [
        "Khoa Sư phạm",
        "Khoa Kinh tế",
        "Khoa Nông lâm",
        "Khoa Kỹ thuật - Công nghệ",
        "Khoa Ngoại ngữ",
        "Phòng Đào tạo",
        "Khối Hành chính",
        "Sinh viên",
        "Tổ Toán - Tin",
        "Tổ Ngữ văn",
    ],  # fmt: skip
    "enterprise": ["Văn phòng Công ty", "Phòng Kỹ thuật", "Phòng Kinh doanh", "Phân xưởng", "Xí nghiệp", "Đội xe"],
    "police": [
        "Phòng Tham mưu",
        "Phòng Cảnh sát giao thông",
        "Phòng Cảnh sát hình sự",
        "Phòng An ninh kinh tế",
        "Phòng Cảnh sát PCCC và CNCH",
        "Phòng Hậu cần",
        "Trại tạm giam",
        "Phòng Cảnh sát kinh tế",
    ],  # fmt: skip
    "army": ["Cơ quan Tham mưu", "Cơ quan Chính trị", "Cơ quan Hậu cần - Kỹ thuật", "Trung đoàn", "Tiểu đoàn"],
}
PARTIAL_SECTIONS = {
    "health": ["Khối Nội", "Khối Ngoại", "Khối Cận lâm sàng", "Khối Hành chính"],
    "school": ["Khối các khoa", "Khối phòng, ban", "Sinh viên", "Khối trung tâm"],
    "enterprise": ["Xí nghiệp số 1", "Xí nghiệp số 2", "Xí nghiệp số 3", "Khối Văn phòng"],
    "agency": ["Khối Văn phòng", "Khối nghiệp vụ", "Khối đơn vị trực thuộc"],
    "police": ["Khối An ninh", "Khối Cảnh sát", "Khối Tham mưu - Hậu cần"],
    "army": ["Khối Cơ quan", "Khối Đơn vị", "Khối Nhà trường"],
}
COMMUNE_INSTITUTIONS = [
    # cell name, type, profile, share of the commune's members
    ("Chi bộ Cơ quan", "admin_agency", "commune_gov", 0.08),
    ("Chi bộ Công an", "police", "police", 0.04),
    ("Chi bộ Quân sự", "army", "army", 0.03),
    ("Chi bộ Trường Trung học cơ sở", "school", "school", 0.045),
    ("Chi bộ Trường Tiểu học", "school", "school", 0.04),
    ("Chi bộ Trường Mầm non", "school", "school", 0.025),
    ("Chi bộ Trạm Y tế", "public_service", "health", 0.02),
]


class PlanBuilder:
    def __init__(self, members: int, seed: int):
        self.rng = Random(f"plan:{seed}")  # noqa: S311 - demo data, not security
        self.places = PlaceNames(self.rng)
        self.plan = Plan(seed=seed, members=members)
        self.counter: dict[str, int] = {}
        self.city_wards: list[str] = []

    # -- helpers
    def add(self, spec: OrgSpec) -> OrgSpec:
        self.plan.orgs.append(spec)
        return spec

    def child_code(self, parent: str, letter: str) -> str:
        key = f"{parent}:{letter}"
        self.counter[key] = self.counter.get(key, 0) + 1
        return f"{parent}-{letter}{self.counter[key]:02d}"

    def weights(self, n: int, spread: float = 0.5) -> list[float]:
        return [self.rng.uniform(1 - spread, 1 + spread) for _ in range(n)]

    # -- building
    def build(self) -> Plan:
        total = self.plan.members
        province = self.add(
            OrgSpec(
                PROVINCE_CODE, f"Đảng bộ tỉnh {PROVINCE_NAME}", "province", "province", None,
                issuer=Issuer(f"Ban Thường vụ Tỉnh ủy {PROVINCE_NAME}", "TU"), place=f"tỉnh {PROVINCE_NAME}",
            )
        )  # fmt: skip
        reorg_budget = min(2000, max(300, total // 4), total // 2)
        rest = total - reorg_budget
        agencies, enterprises, police, army, districts = split(rest, [0.13, 0.05, 0.03, 0.02, 0.77])
        n_districts = clamp(2 + rest // 40000, 2, 13)
        district_budgets = split(districts, self.weights(n_districts, 0.3))

        # The provincial city first: its wards are where provincial staff live.
        kinds = ["city"] + [("mountain" if i % 5 in (1, 3) else "lowland") for i in range(1, n_districts)]
        if n_districts >= 6:
            kinds[4] = "town"
        district_specs = []
        for i, (budget, kind) in enumerate(zip(district_budgets, kinds, strict=True)):
            district_specs.append(
                self.district(province, budget, kind, mountain_mix=MOUNTAIN_MIXES[i % len(MOUNTAIN_MIXES)])
            )
            if i == 0:
                # The district that goes through the 2025 reorganization comes second.
                district_specs.append(self.district(province, reorg_budget, "lowland", reorganized=True))
        self.plan.districts = [d.code for d in district_specs]

        homes = tuple(self.city_wards)
        self.bloc(province, "CQ", "Đảng bộ Khối các cơ quan tỉnh", "agency_bloc", agencies, homes, "agencies")
        self.bloc(
            province, "DN", "Đảng bộ Khối Doanh nghiệp tỉnh", "enterprise_bloc", enterprises, homes, "enterprises"
        )
        self.bloc(province, "CA", "Đảng bộ Công an tỉnh", "police", police, homes, "police")
        self.bloc(province, "QS", "Đảng bộ Quân sự tỉnh", "army", army, homes, "army")
        self.reorganize()
        assert sum(c.members for c in self.plan.cells) == total
        return self.plan

    def district(self, province: OrgSpec, budget: int, kind: str, *, mountain_mix=(), reorganized=False) -> OrgSpec:
        region = {"city": "urban", "town": "urban", "mountain": "mountain", "lowland": "lowland"}[kind]
        if kind == "city":
            place_name = "Lâm Giang"
            short, issuer_short, suffix = f"thành phố {place_name}", f"Thành ủy {place_name}", "ThU"
        elif reorganized:
            place_name = "Lâm Xuyên"
            short, issuer_short, suffix = f"huyện {place_name}", f"Huyện ủy {place_name}", "HU"
        else:
            name = place_name = self.places.draw(mountain=kind == "mountain")
            if kind == "town":
                short, issuer_short, suffix = f"thị xã {name}", f"Thị ủy {name}", "TX"
            else:
                short, issuer_short, suffix = f"huyện {name}", f"Huyện ủy {name}", "HU"
        code = self.child_code(PROVINCE_CODE, "D")
        issuer = Issuer(f"Ban Thường vụ {issuer_short}", suffix)
        district = self.add(
            OrgSpec(
                code, f"Đảng bộ {short}", "upper", "district", province.code, region=region, issuer=issuer, place=short
            )
        )
        mix = mountain_mix if region == "mountain" else (URBAN_MIX if region == "urban" else LOWLAND_MIX)
        agency_budget, communes_budget = split(budget, [0.12, 0.88])
        per_commune = {"urban": 700, "lowland": 650, "mountain": 450}[region]
        if reorganized:
            n = clamp(communes_budget // 220, 4, 10)
            n -= n % 2
        else:
            n = clamp(communes_budget // per_commune, 2, 30)
        commune_specs = []
        for i, c_budget in enumerate(split(communes_budget, self.weights(n, 0.4))):
            if kind in ("city", "town"):
                ctype = "ward" if i < max(1, n * 2 // 3) else "commune"
            else:
                ctype = "township" if i == 0 else "commune"
            commune_specs.append(self.commune(district, c_budget, ctype, region, mix))
        homes = tuple(c.code for c in commune_specs if c.type_code in ("ward", "township")) or tuple(
            c.code for c in commune_specs
        )
        if kind == "city":
            self.city_wards = list(homes)
        district_agencies = [
            ("Cơ quan chính quyền", "admin_agency", "agency"),
            ("Trung tâm Y tế", "public_service", "health"),
            ("Trường THPT", "school", "school"),
            ("Các cơ quan Đảng", "party_agency", "agency"),
            ("Ban Chỉ huy Quân sự", "army", "army"),
            ("Trường THPT số 2", "school", "school"),
        ]
        k = clamp(agency_budget // 60, 1, len(district_agencies))
        for (name, type_code, profile), a_budget in zip(
            district_agencies[:k], split(agency_budget, self.weights(k, 0.4)), strict=True
        ):
            label = f"{name} {place_name}" if type_code == "school" else f"{name} {short}"
            g = self.grassroots(district, label, type_code, profile, a_budget, homes, mix, region)
            if reorganized:
                self.plan.reorg = self.plan.reorg or ReorgSpec(district=district.code)
                self.plan.reorg.moves.append((g.code, f"{PROVINCE_CODE}-CQ"))
        if reorganized:
            self.plan.reorg = self.plan.reorg or ReorgSpec(district=district.code)
            self.plan.reorg.district = district.code
            self._reorg_communes = [c.code for c in commune_specs]
        return district

    def commune(self, district: OrgSpec, budget: int, ctype: str, region: str, mix) -> OrgSpec:
        mountain = region == "mountain"
        name = self.places.draw(mountain=mountain)
        local = PlaceNames(self.rng)  # village and school names need only be unique within the commune
        local.used.add(name)
        label = {"ward": "phường", "township": "thị trấn", "commune": "xã"}[ctype]
        short = f"{label} {name}"
        place = f"{short}, {district.place}"
        code = self.child_code(district.code, "X")
        commune = self.add(
            OrgSpec(
                code,
                f"Đảng bộ {short}",
                "grassroots_committee",
                ctype,
                district.code,
                region=region,
                issuer=district.issuer,
                place=place,
            )
        )
        urban = ctype in ("ward", "township") or region == "urban"
        cell_region = "urban" if urban else region
        institutions = [(n, t, p, round(budget * s)) for n, t, p, s in COMMUNE_INSTITUTIONS]
        institutions = [x for x in institutions if x[3] >= 3 or x[0] == "Chi bộ Cơ quan"]
        inst_total = sum(x[3] for x in institutions)
        if inst_total >= budget - 3:
            institutions, inst_total = (
                [("Chi bộ Cơ quan", "admin_agency", "commune_gov", min(3, budget // 2))],
                min(3, budget // 2),
            )
        village_budget = budget - inst_total
        avg = 45 if urban else (22 if mountain else 38)
        n_cells = max(1, round(village_budget / avg))
        # Units: one per village cell, plus some without a cell (some of them with nobody in the Party).
        n_extra = max(1, round(n_cells * (0.25 if mountain else 0.12)))
        units = []
        for i in range(n_cells + n_extra):
            if urban:
                uname, ukind = f"Tổ dân phố số {i + 1}", "neighbourhood"
            elif mountain:
                uname, ukind = f"Bản {local.draw(mountain=True)}", "hamlet"
            else:
                uname, ukind = f"Thôn {local.draw(mountain=False)}", "village"
            ucode = self.child_code(code, "U")
            unit = UnitSpec(ucode, uname, ukind, code, address=f"{uname}, {place}, tỉnh {PROVINCE_NAME}")
            if i >= n_cells and (i == n_cells or mountain and self.rng.random() < 0.6):
                unit.white = True
            units.append(unit)
        self.plan.units.extend(units)
        homes = (code,)
        for cname, type_code, profile, c_budget in institutions:
            suffix = f" {local.draw(mountain=mountain)}" if type_code == "school" else ""
            self.add(
                OrgSpec(
                    self.child_code(code, "C"), f"{cname}{suffix} {short}" if not suffix else f"{cname}{suffix}",
                    "cell", type_code, code, members=c_budget, profile=profile, region=cell_region,
                    homes=homes, ethnic_mix=mix, issuer=district.issuer, place=place,
                )
            )  # fmt: skip
        for unit, c_budget in zip(units[:n_cells], split(village_budget, self.weights(n_cells, 0.5)), strict=True):
            unit.has_cell = True
            established = FOUNDED
            if urban and self.rng.random() < 0.08:
                established = date(self.rng.randint(2019, 2024), self.rng.randint(1, 12), 1)
            cell = self.add(
                OrgSpec(
                    self.child_code(code, "C"), f"Chi bộ {unit.name[0].lower()}{unit.name[1:]}" if not urban else f"Chi bộ {unit.name}",
                    "cell", "neighbourhood_cell" if urban else "village_cell", code, established=established,
                    members=c_budget, profile="neighbourhood" if urban else "village", region=cell_region,
                    unit=unit.code, homes=homes, ethnic_mix=mix, issuer=district.issuer, place=place,
                )
            )  # fmt: skip
            if c_budget >= 45:
                for g in range(2 if c_budget < 70 else 3):
                    self.add(
                        OrgSpec(self.child_code(cell.code, "T"), f"Tổ đảng số {g + 1} ({unit.name})", "party_group",
                                cell.type_code, cell.code, established=established, region=cell_region)
                    )  # fmt: skip
        return commune

    def grassroots(self, parent: OrgSpec, name: str, type_code: str, profile: str, budget: int, homes, mix, region,
                   established: date = FOUNDED, issuer: Issuer | None = None) -> OrgSpec:  # fmt: skip
        """A grassroots cell when small; a committee with cells (and partial committees when large)."""
        issuer = issuer or parent.issuer
        common = {"homes": homes, "ethnic_mix": mix, "issuer": issuer, "region": region, "established": established}
        code = self.child_code(parent.code, "G")
        if budget < 40:
            return self.add(
                OrgSpec(code, f"Chi bộ {name}", "grassroots_cell", type_code, parent.code, members=budget, profile=profile,
                        place=name, **common)
            )  # fmt: skip
        committee = self.add(
            OrgSpec(code, f"Đảng bộ {name}", "grassroots_committee", type_code, parent.code, place=name, **common)
        )
        sections = SECTIONS.get(profile, SECTIONS["agency"])
        if budget >= 400:
            partials = PARTIAL_SECTIONS.get(profile, PARTIAL_SECTIONS["agency"])
            n_partial = clamp(budget // 180, 2, len(partials))
            for p_name, p_budget in zip(partials[:n_partial], split(budget, self.weights(n_partial, 0.3)), strict=True):
                partial = self.add(
                    OrgSpec(self.child_code(code, "B"), f"Đảng bộ bộ phận {p_name}", "partial_committee", type_code, code,
                            place=name, **common)
                )  # fmt: skip
                self.cells(partial, p_name, sections, type_code, profile, p_budget, name, common)
        else:
            self.cells(committee, "", sections, type_code, profile, budget, name, common)
        return committee

    def cells(self, parent: OrgSpec, prefix: str, sections, type_code, profile, budget, place, common) -> None:
        n = clamp(budget // 28, 2, 60)
        for i, c_budget in enumerate(split(budget, self.weights(n, 0.4))):
            section = sections[i % len(sections)]
            if i >= len(sections):
                section = f"{section} {i // len(sections) + 1}"
            label = f"{section} ({prefix})" if prefix and i < len(sections) else section
            self.add(
                OrgSpec(self.child_code(parent.code, "C"), f"Chi bộ {label}", "cell", type_code, parent.code,
                        members=c_budget, profile=profile, place=place, **common)
            )  # fmt: skip

    def bloc(self, province: OrgSpec, letter: str, name: str, type_code: str, budget: int, homes, which: str) -> None:
        short = name.removeprefix("Đảng bộ ")
        bloc = self.add(
            OrgSpec(f"{PROVINCE_CODE}-{letter}", name, "upper", type_code, province.code, region="urban",
                    issuer=Issuer(f"Ban Thường vụ Đảng ủy {short}", "ĐU" if which in ("police", "army") else "ĐUK"),
                    place=short)
        )  # fmt: skip
        mix = URBAN_MIX
        if which == "agencies":
            n = clamp(budget // 150, 2, 120)
            templates = AGENCIES[:n] if n <= len(AGENCIES) else AGENCIES + [
                (f"Trường THPT {self.places.draw(mountain=False)}", "school", "school", 0.5) for _ in range(n - len(AGENCIES))
            ]  # fmt: skip
            for (gname, type_code_, profile, _w), g_budget in zip(
                templates, split(budget, [t[3] for t in templates]), strict=True
            ):
                self.grassroots(bloc, gname, type_code_, profile, g_budget, homes, mix, "urban")
        elif which == "enterprises":
            n = clamp(budget // 120, 2, 80)
            templates = ENTERPRISES[:n] if n <= len(ENTERPRISES) else ENTERPRISES + [
                (f"Công ty Cổ phần Xây dựng {self.places.draw(mountain=False)}", "non_state_enterprise",
                 self.rng.randint(2000, 2022)) for _ in range(n - len(ENTERPRISES))
            ]  # fmt: skip
            for (gname, type_code_, year), g_budget in zip(templates, split(budget, self.weights(n, 0.6)), strict=True):
                founded = max(FOUNDED, date(year, self.rng.randint(1, 12), 1))
                self.grassroots(
                    bloc, gname, type_code_, "enterprise", g_budget, homes, mix, "urban", established=founded
                )
        else:
            profile = which
            n = clamp(budget // 200, 2, 40)
            sections = SECTIONS[profile]
            for i, g_budget in enumerate(split(budget, self.weights(n, 0.4))):
                gname = sections[i % len(sections)] + (f" {i // len(sections) + 1}" if i >= len(sections) else "")
                self.grassroots(bloc, f"{gname} {short}", type_code, profile, g_budget, homes, mix, "urban")

    def reorganize(self) -> None:
        reorg = self.plan.reorg
        communes = self._reorg_communes
        by_code = self.plan.by_code()
        for i in range(0, len(communes), 2):
            a, b = by_code[communes[i]], by_code[communes[i + 1]]
            new_name = self.places.draw(mountain=False)
            reorg.merges.append(
                MergeSpec(
                    sources=[a.code, b.code],
                    code=f"{PROVINCE_CODE}-X2025-{i // 2 + 1:02d}",
                    name=f"Đảng bộ xã {new_name}",
                )
            )


def build_plan(members: int, seed: int) -> Plan:
    return PlanBuilder(members, seed).build()
