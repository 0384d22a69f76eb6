"""Members of one cell: profiles and dated histories, as plain data (no database).

Each cell draws from its own random stream seeded by (seed, cell code), so members are the same
for a seed whatever else changes, and cells can be generated one at a time (500,000 members fit in
a streaming loop). Histories follow the Party's rules: admission at 18–60, recognition exactly 12
months later (or removal), transfers, temporary attachments, exemptions of the elderly, deaths,
removals, expulsions and re-admissions at least 36 months later — `derive_spells` checks them all.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

from coso.demo.names import Weighted, person_name
from coso.demo.plan import PROVINCE_NAME, REFORM, OrgSpec, Plan, UnitSpec

PROVINCE_ID_CODE = 99  # a code no real province uses: the province is fictional
OTHER_PROVINCES = [
    ("thành phố Hà Nội", 1), ("tỉnh Tuyên Quang", 8), ("tỉnh Phú Thọ", 25), ("tỉnh Hải Dương", 30),
    ("tỉnh Thái Bình", 34), ("tỉnh Nam Định", 36), ("tỉnh Thanh Hóa", 38), ("tỉnh Nghệ An", 40),
]  # fmt: skip
EXTERNAL_COMMITTEES = [
    "Đảng bộ thành phố Hà Nội", "Đảng bộ tỉnh Phú Thọ", "Đảng bộ tỉnh Thái Nguyên", "Đảng bộ tỉnh Ninh Bình",
    "Đảng bộ tỉnh Thanh Hóa", "Đảng bộ Quân khu 2", "Đảng bộ thành phố Hải Phòng", "Đảng bộ tỉnh Nghệ An",
]  # fmt: skip


@dataclass
class Profile:
    birth_years: tuple[int, int]
    admission_age: tuple[int, int, int]  # low, high, mode
    female: float
    occupations: list[str]
    professional: Weighted
    theory: Weighted
    state_mgmt: Weighted
    village: bool = False


def w(**pairs) -> Weighted:
    return Weighted(list(pairs.items()))


PROFILES = {
    "village": Profile(
        (1940, 2004),
        (19, 58, 28),
        0.33,
        ["Nông dân", "Kinh doanh", "Lao động tự do", "Cán bộ thôn"],
        w(none=55, elementary=15, intermediate=15, college=5, university=10),
        w(none=45, elementary=50, intermediate=5),
        w(none=97, specialist=3),
        village=True,
    ),
    "neighbourhood": Profile(
        (1940, 2004),
        (20, 55, 29),
        0.42,
        ["Kinh doanh", "Công nhân", "Lao động tự do", "Nhân viên văn phòng"],
        w(none=25, elementary=10, intermediate=20, college=10, university=30, master=5),
        w(none=35, elementary=50, intermediate=12, advanced=3),
        w(none=90, specialist=8, principal=2),
        village=True,
    ),
    "commune_gov": Profile(
        (1966, 2001),
        (21, 40, 26),
        0.38,
        ["Cán bộ, công chức xã"],
        w(intermediate=15, college=10, university=65, master=10),
        w(elementary=25, intermediate=65, advanced=10),
        w(none=40, specialist=55, principal=5),
    ),
    "agency": Profile(
        (1965, 2001),
        (22, 40, 27),
        0.45,
        ["Công chức", "Viên chức"],
        w(college=4, university=60, master=30, doctor=6),
        w(none=5, elementary=30, intermediate=40, advanced=22, bachelor=3),
        w(none=30, specialist=45, principal=21, senior=4),
    ),
    "school": Profile(
        (1965, 2001),
        (22, 42, 28),
        0.68,
        ["Giáo viên", "Giảng viên", "Viên chức"],
        w(college=10, university=68, master=18, doctor=4),
        w(none=15, elementary=55, intermediate=25, advanced=5),
        w(none=88, specialist=10, principal=2),
    ),
    "health": Profile(
        (1965, 2001),
        (22, 42, 28),
        0.6,
        ["Bác sĩ", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên y"],
        w(intermediate=18, college=15, university=45, master=15, doctor=7),
        w(none=15, elementary=55, intermediate=25, advanced=5),
        w(none=88, specialist=10, principal=2),
    ),
    "enterprise": Profile(
        (1965, 2003),
        (20, 45, 27),
        0.35,
        ["Công nhân", "Kỹ sư", "Nhân viên", "Quản lý"],
        w(none=12, elementary=10, intermediate=20, college=15, university=40, master=3),
        w(none=35, elementary=50, intermediate=13, advanced=2),
        w(none=97, specialist=3),
    ),
    "police": Profile(
        (1968, 2003),
        (19, 32, 23),
        0.12,
        ["Sĩ quan Công an", "Hạ sĩ quan Công an"],
        w(intermediate=30, college=10, university=50, master=10),
        w(elementary=35, intermediate=45, advanced=18, bachelor=2),
        w(none=80, specialist=20),
    ),
    "army": Profile(
        (1968, 2004),
        (19, 32, 22),
        0.06,
        ["Sĩ quan Quân đội", "Quân nhân chuyên nghiệp", "Chiến sĩ"],
        w(none=10, intermediate=30, college=10, university=42, master=8),
        w(elementary=40, intermediate=42, advanced=18),
        w(none=85, specialist=15),
    ),
}
RELIGIONS = {
    "lowland": w(none=86, buddhism=9, catholic=4, caodai=1),
    "urban": w(none=84, buddhism=11, catholic=4, protestant=1),
    "mountain": w(none=88, protestant=5, buddhism=4, catholic=3),
}
LANGUAGES = w(
    **{"": 30, "Tiếng Anh B1": 25, "Tiếng Anh B": 20, "Tiếng Anh A2": 15, "Tiếng Trung B": 5, "Tiếng Pháp B": 5}
)
IT_SKILLS = w(**{"": 25, "Ứng dụng CNTT cơ bản": 45, "Tin học văn phòng": 25, "Ứng dụng CNTT nâng cao": 5})
REMOVAL_GROUNDS = ("inactive", "inactive", "card_returned", "no_progress", "failed_twice")
BADGE_YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75)


def _occasions(year: int) -> list[date]:
    """Party badges are awarded on 3/2, 19/5, 2/9 and 7/11 (DOMAIN.md §Party badges)."""
    return [date(year, 2, 3), date(year, 5, 19), date(year, 9, 2), date(year, 11, 7)]


MINORITY_LANGUAGES = {"Tày", "Nùng", "Hmông", "Dao", "Thái", "Mường", "Giáy", "Sán Chay"}


@dataclass(slots=True)
class FactSpec:
    kind: str
    on: date
    org: str | None = None  # organization code
    entry_status: str = ""
    discipline_form: str = ""
    external_place: str = ""
    number: str = ""
    signed_on: date | None = None
    issuer: str = ""
    note: str = ""
    removal_ground: str = ""
    badge_years: int | None = None


@dataclass(slots=True)
class PersonSpec:
    full_name: str
    gender: str
    date_of_birth: date
    ethnicity: str  # name, as in the Ethnicity table
    religion: str  # code
    citizen_id: str
    unit: str | None
    profile: dict  # other Member fields, by name
    facts: list[FactSpec] = field(default_factory=list)


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def days_between(rng: Random, start: date, end: date) -> date:
    span = (end - start).days
    return start + timedelta(days=rng.randint(0, max(0, span)))


class People:
    """Generates the members of each cell of a plan; decision numbers run per issuer and year."""

    def __init__(self, plan: Plan, seed: int, today: date):
        self.plan, self.seed, self.today = plan, seed, today
        self.orgs = plan.by_code()
        self.units: dict[str, UnitSpec] = {u.code: u for u in plan.units}
        self.homes: dict[str, list[UnitSpec]] = {}
        for u in plan.units:
            if not u.white:
                self.homes.setdefault(u.commune, []).append(u)
        cells = plan.cells
        self.cells_by_profile: dict[str, list[OrgSpec]] = {}
        for c in cells:
            self.cells_by_profile.setdefault(c.profile, []).append(c)
        self.all_cells = cells
        self.numbers: dict[tuple[str, str, int], int] = {}
        self.province_issuer = self.orgs[plan.orgs[0].code].issuer

    # -- decisions
    def decision(self, issuer, kind_code: str, on: date) -> tuple[str, date, str]:
        key = (issuer.suffix, issuer.name, on.year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        return f"{self.numbers[key]}-{kind_code}/{issuer.suffix}", on, issuer.name

    def fact(self, kind: str, on: date, cell: OrgSpec | None, *, code="QĐ", issuer=None, **extra) -> FactSpec:
        issuer = issuer or (cell.issuer if cell else None)
        number, signed, issuer_name = self.decision(issuer, code, on) if issuer else ("", None, "")
        org = cell.code if cell else None
        return FactSpec(kind, on, org, number=number, signed_on=signed, issuer=issuer_name, **extra)

    # -- members
    def for_cell(self, cell: OrgSpec, start_index: int) -> list[PersonSpec]:
        rng = Random(f"{self.seed}:{cell.code}")  # noqa: S311 - demo data, not security
        mix = Weighted(list(cell.ethnic_mix or (("Kinh", 1),)))
        out = []
        for i in range(cell.members):
            out.append(self.person(rng, cell, mix, start_index + i, position=i))
        return out

    def person(self, rng: Random, cell: OrgSpec, mix: Weighted, index: int, position: int) -> PersonSpec:
        prof = PROFILES[cell.profile]
        today = self.today
        gender = "female" if rng.random() < prof.female else "male"
        ethnicity = mix.pick(rng)
        lo, hi = prof.birth_years
        if prof.village:  # older population in residential cells
            year = rng.choice((rng.randint(lo, 1962), rng.randint(1955, 1985), rng.randint(1970, hi)))
        else:
            year = rng.randint(lo, hi)
        dob = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
        adult = add_years(dob, 18)
        if adult >= today:
            dob = add_years(today, -19)
            adult = add_years(dob, 18)
        a_lo, a_hi, a_mode = prof.admission_age
        age = rng.triangular(a_lo, a_hi, a_mode)
        admitted = dob + timedelta(days=int(age * 365.25))
        admitted = max(admitted, adult + timedelta(days=1), date(1958, 1, 1))
        if admitted >= today - timedelta(days=3):
            admitted = days_between(rng, adult + timedelta(days=1), today - timedelta(days=3))
        admitted = min(admitted, add_years(dob, 60) - timedelta(days=1))
        used: set[date] = set()

        def free(d: date) -> date:
            while d in used or d == REFORM:
                d += timedelta(days=1)
            used.add(d)
            return d

        facts: list[FactSpec] = []
        home = cell
        # Where the member was admitted: here, or in a cell they later left for this one.
        prior = None
        retired_here = prof.village and year <= 1963 and rng.random() < 0.3
        if admitted < cell.established or retired_here or rng.random() < 0.1:
            group = rng.choice(("agency", "school", "health", "enterprise")) if retired_here else cell.profile
            candidates = self.cells_by_profile.get(group) or self.all_cells
            for _ in range(6):
                c = rng.choice(candidates)
                if c.code != cell.code and c.established <= admitted:
                    prior = c
                    break
        external_entry = prior is None and admitted < cell.established
        if external_entry or (prior is None and rng.random() < 0.03):
            # Arrives from outside the province, already a member.
            external_entry = True
        start_cell = prior or cell
        admitted = free(admitted)
        if external_entry:
            arrive = max(cell.established, admitted + timedelta(days=rng.randint(200, 3000)))
            arrive = free(min(arrive, today - timedelta(days=2)))
            status = "official" if arrive >= add_years(admitted, 1) else "probationary"
            facts.append(self.fact("transferred_in", arrive, cell, code="GGT", entry_status=status,
                                   external_place=rng.choice(EXTERNAL_COMMITTEES)))  # fmt: skip
            cursor = arrive
            recognized_on = None if status == "official" else add_years(admitted, 1)
            if recognized_on and recognized_on <= arrive:
                recognized_on = None
            admission_place = facts[0].external_place
        else:
            facts.append(self.fact("admitted", admitted, start_cell, code="QĐ"))
            cursor = admitted
            recognized_on = add_years(admitted, 1)
            admission_place = start_cell.name
        ended = False
        official = external_entry and recognized_on is None
        card_on = None
        if recognized_on:
            signed = recognized_on + timedelta(days=rng.randint(10, 60))
            if signed <= today:
                recognized_on = free(recognized_on)
                if rng.random() < 0.004:
                    facts.append(self.fact("not_recognized", recognized_on, None, issuer=start_cell.issuer))
                    ended = True
                else:
                    f = self.fact("recognized", recognized_on, None, issuer=start_cell.issuer)
                    f.signed_on = signed
                    facts.append(f)
                    official = True
                    card_on = recognized_on + timedelta(days=rng.randint(60, 400))
                cursor = recognized_on
        if prior is not None and not ended:
            low = max(cell.established, admitted + timedelta(days=180))
            if retired_here:
                low = max(low, add_years(dob, 58))
            high = today - timedelta(days=30)
            if low < high:
                moved = free(days_between(rng, low, high))
                facts.append(self.fact("transferred", moved, cell, code="GGT", issuer=start_cell.issuer))
                cursor = max(cursor, moved)
            else:
                home = start_cell
        # The end of the record (if any), then what happens before it.
        end_kind, end_on = None, None
        if not ended:
            r = rng.random()
            age_today = today.year - year
            if year < 1955 and r < (0.3 if year < 1945 else 0.15):
                end_kind = "died"
                low = max(cursor + timedelta(days=30), add_years(dob, 68))
                if low < today:
                    end_on = days_between(rng, low, today - timedelta(days=1))
            elif r < 0.004:
                end_kind = "removed"
            elif r < 0.006:
                end_kind = "left"
            elif r < 0.008:
                end_kind = "expelled"
            elif r < 0.02:
                end_kind = "transferred_out"
            elif r < 0.023 and age_today > 40:
                end_kind = "died"
            if end_kind and end_on is None and cursor + timedelta(days=60) < today:
                end_on = days_between(rng, cursor + timedelta(days=60), today - timedelta(days=1))
            if end_on is None:
                end_kind = None
        limit = end_on or today
        # Exemption of the elderly (decided by the cell), temporary exemptions, attachments, discipline.
        if prof.village and not ended:
            seventy = add_years(dob, 70)
            if seventy > cursor and seventy < limit and rng.random() < 0.45:
                on = free(days_between(rng, seventy, min(limit - timedelta(days=1), add_years(dob, 78))))
                if on < limit:
                    facts.append(self.fact("exempted", on, None, code="NQ", issuer=_CellIssuer(home)))
            elif year >= 1975 and rng.random() < 0.02 and cursor + timedelta(days=400) < limit:
                on = free(days_between(rng, cursor + timedelta(days=1), limit - timedelta(days=400)))
                facts.append(self.fact("temp_exempted", on, None, code="NQ", issuer=_CellIssuer(home),
                                       note="Đi làm ăn xa"))  # fmt: skip
                back = on + timedelta(days=rng.randint(180, 900))
                if back < limit and rng.random() < 0.5:
                    facts.append(self.fact("exemption_ended", free(back), None, code="NQ", issuer=_CellIssuer(home)))
        if not ended and not prof.village and rng.random() < 0.03:
            low = max(cursor + timedelta(days=1), add_years(today, -4))
            if low + timedelta(days=30) < limit:
                on = free(days_between(rng, low, limit - timedelta(days=30)))
                host = rng.choice(self.all_cells)
                if host.code != home.code and host.established <= on:
                    facts.append(self.fact("attached", on, host, code="GGT", issuer=home.issuer,
                                           note="Sinh hoạt tạm thời (đi học, công tác)"))  # fmt: skip
                    back = on + timedelta(days=rng.randint(90, 600))
                    if back < limit and rng.random() < 0.5:
                        facts.append(self.fact("attachment_ended", free(back), None, code="GGT", issuer=home.issuer))
        if not ended and official and rng.random() < 0.01 and cursor + timedelta(days=10) < limit:
            on = free(days_between(rng, cursor + timedelta(days=1), limit - timedelta(days=5)))
            facts.append(self.fact("disciplined", on, None, code="QĐ", issuer=home.issuer,
                                   discipline_form=rng.choice(("reprimand", "reprimand", "warning"))))  # fmt: skip
        if not external_entry and not ended:
            for years in BADGE_YEARS:
                due = add_years(admitted, years)
                award = next((d for d in _occasions(due.year) if d >= due), date(due.year + 1, 2, 3))
                if award >= limit or award >= today or award <= cursor:
                    break
                facts.append(self.fact("badge_awarded", free(award), None, code="QĐ", issuer=self.province_issuer,
                                       badge_years=years))  # fmt: skip
        if end_kind:
            end_on = free(end_on)
            if end_kind == "died":
                facts.append(FactSpec("died", end_on, note="Từ trần"))
            elif end_kind == "transferred_out":
                facts.append(self.fact("transferred_out", end_on, None, code="GGT", issuer=home.issuer,
                                       external_place=rng.choice(EXTERNAL_COMMITTEES)))  # fmt: skip
            else:
                extra = {"removal_ground": rng.choice(REMOVAL_GROUNDS)} if end_kind == "removed" else {}
                facts.append(self.fact(end_kind, end_on, None, code="QĐ", issuer=home.issuer, **extra))
                back = add_years(end_on, 3) + timedelta(days=rng.randint(30, 900))
                if back < today - timedelta(days=10) and rng.random() < 0.3:
                    back = free(back)
                    facts.append(self.fact("readmitted", back, home, code="QĐ"))
                    again = add_years(back, 1)
                    if again + timedelta(days=30) < today:
                        facts.append(self.fact("recognized", free(again), None, issuer=home.issuer))
        # Profile fields.
        mountain = cell.region == "mountain"
        if year < 1962:
            general = rng.choice(("10/10", "10/10", "7/10", "12/12") if not mountain else ("7/10", "10/10", "5/12"))
        elif mountain and prof.village:
            general = rng.choice(("12/12", "9/12", "9/12", "5/12"))
        elif prof.village:
            general = rng.choice(("12/12", "12/12", "12/12", "9/12"))
        else:
            general = "12/12"
        professional = prof.professional.pick(rng)
        recent = admitted > add_years(today, -2)
        theory = "none" if recent and rng.random() < 0.7 else prof.theory.pick(rng)
        academic = ""
        if professional == "doctor" and cell.profile in ("school", "health") and rng.random() < 0.15:
            academic = "professor" if rng.random() < 0.15 else "associate_professor"
        retired = today.year - year >= 61
        occupation = "Hưu trí" if retired and prof.village else rng.choice(prof.occupations)
        born_here = rng.random() < 0.85
        unit = self.residence(rng, cell)
        unit_spec = self.units.get(unit) if unit else None
        place_prov, prov_code = (
            (f"tỉnh {PROVINCE_NAME}", PROVINCE_ID_CODE) if born_here else rng.choice(OTHER_PROVINCES)
        )
        birthplace = cell.place if born_here and cell.place.startswith(("xã", "phường", "thị trấn")) else place_prov
        century_gender = (0 if gender == "male" else 1) + (2 if year >= 2000 else 0)
        serial = (index * 7919 + 123457) % 1_000_000
        citizen_id = f"{prov_code:03d}{century_gender}{year % 100:02d}{serial:06d}"
        party_position = ""
        if position == 0 and not ended:
            party_position = "Bí thư chi bộ"
        elif position == 1 and not ended:
            party_position = "Phó Bí thư chi bộ"
        elif position in (2, 3) and not ended:
            party_position = "Chi ủy viên"
        profile = {
            "place_of_birth": birthplace,
            "hometown": birthplace,
            "permanent_address": unit_spec.address if unit_spec else f"tỉnh {PROVINCE_NAME}",
            "current_address": unit_spec.address if unit_spec else f"tỉnh {PROVINCE_NAME}",
            "phone": f"09{rng.randint(0, 99_999_999):08d}",
            "occupation": occupation,
            "work_unit": "" if prof.village else cell.name.removeprefix("Chi bộ ").removeprefix("Đảng bộ "),
            "party_position": party_position,
            "general_education": general,
            "professional_education": professional,
            "academic_title": academic,
            "political_theory": theory,
            "state_management": prof.state_mgmt.pick(rng),
            "foreign_language": LANGUAGES.pick(rng)
            if professional in ("college", "university", "master", "doctor")
            else "",
            "it_skill": IT_SKILLS.pick(rng) if year > 1960 else "",
            "minority_language": f"Tiếng {ethnicity}" if ethnicity in MINORITY_LANGUAGES and mountain else "",
            "youth_union_joined_on": add_years(dob, rng.randint(15, 17)) if add_years(dob, 17) < admitted else None,
            "admission_place": admission_place,
            "introducers": ", ".join(
                person_name(rng, gender=rng.choice(("male", "female")), ethnicity=ethnicity, birth_year=year - 15)
                for _ in range(2)
            ),
        }
        if card_on:
            profile["party_card_number"] = f"{PROVINCE_ID_CODE:02d}{index:07d}"
            profile["party_card_date"] = min(card_on, today - timedelta(days=1))
        return PersonSpec(
            full_name=person_name(rng, gender=gender, ethnicity=ethnicity, birth_year=year),
            gender=gender,
            date_of_birth=dob,
            ethnicity=ethnicity,
            religion=(
                "protestant" if ethnicity == "Hmông" and rng.random() < 0.2 else RELIGIONS[cell.region].pick(rng)
            ),
            citizen_id=citizen_id,
            unit=unit,
            profile=profile,
            facts=facts,
        )

    def residence(self, rng: Random, cell: OrgSpec) -> str | None:
        if cell.unit and rng.random() < 0.85:
            return cell.unit
        communes = cell.homes
        if not communes:
            return None
        units = self.homes.get(rng.choice(communes))
        return rng.choice(units).code if units else None


@dataclass(frozen=True)
class _CellIssuer:
    """Exemptions are decided by the cell itself (Quy định 24-QĐ/TW, art. 7)."""

    cell: OrgSpec

    @property
    def name(self) -> str:
        return self.cell.name

    @property
    def suffix(self) -> str:
        return "CB"
