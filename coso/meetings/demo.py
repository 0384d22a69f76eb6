"""Demo data: a plausible year of meetings for every cell of the province, with gaps.

Most cells meet every month, hold a thematic meeting each quarter (sometimes combined with the
regular one) and keep minutes of 90–150 minutes with attendance around 90%; some cells skip a
month or a quarter's thematic meeting, a few meetings run short or are notified late, and a
handful of members are absent without reason often enough to be flagged. Written with
bulk_create (tens of thousands of roll rows) from the membership spells on each meeting date.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from random import Random

from django.db import transaction
from django.utils import timezone

from coso.audit.services import audit_bulk_create
from coso.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    TaskItem,
    TaskKind,
    Visit,
)
from coso.members.choices import SpellStatus
from coso.members.models import MembershipSpell
from coso.organizations.models import CELL_KINDS, OrgVersion

TOPICS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Xây dựng nông thôn mới, đô thị văn minh",
    "Phòng, chống tham nhũng, lãng phí, tiêu cực",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Chuyển đổi số trong công tác đảng",
    "Công tác phát triển đảng viên",
]
REASONS = ["Ốm", "Đi công tác", "Việc gia đình", "Đi học", "Nằm viện"]
PLACES = ["Nhà văn hóa", "Hội trường", "Phòng họp"]


def _aware(day: date, hh: int, mm: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hh, mm)))


@transaction.atomic
def seed_meetings_demo(*, province, year: int, rng: Random, actor, today: date | None = None) -> dict[str, int]:
    """Meetings of `year` (up to `today`) for every cell under `province`; returns counts by kind."""
    today = today or timezone.localdate()
    last = min(date(year, 12, 31), today - timedelta(days=1))
    counts = {"meetings": 0, "attendance": 0, "visits": 0}
    if last < date(year, 1, 1):
        return counts
    versions = OrgVersion.objects.filter(
        path__startswith=province.path, organization__kind__in=CELL_KINDS, valid_from__lte=last
    ).exclude(valid_to__lte=date(year, 1, 1))
    spans: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    for v in versions.values("organization_id", "valid_from", "valid_to", "name"):
        spans[v["organization_id"]].append((v["valid_from"], v["valid_to"], v["name"]))
    cell_ids = sorted(spans)
    if Meeting.objects.filter(cell_id__in=cell_ids, planned_on__year=year).exists():
        return counts
    habits = {cid: rng.random() for cid in cell_ids}  # < 0.15: a cell that skips months
    meetings: list[Meeting] = []
    for cid in cell_ids:
        habit = habits[cid]
        for month in range(1, 13):
            day = date(year, month, rng.randint(3, 12))
            if day > last or not any(s <= day and (e is None or e > day) for s, e, _n in spans[cid]):
                continue
            if habit < 0.15 and rng.random() < 0.25:
                continue
            combined = month % 3 == 2 and rng.random() < 0.4
            meetings.append(_meeting(cid, day, MeetingKind.COMBINED if combined else MeetingKind.REGULAR, rng))
            if month % 3 == 2 and not combined and not (habit < 0.25 and rng.random() < 0.5):
                thematic_day = day + timedelta(days=rng.randint(7, 14))
                if thematic_day <= last:
                    meetings.append(_meeting(cid, thematic_day, MeetingKind.THEMATIC, rng))
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    counts["meetings"] = len(meetings)
    counts["attendance"] = _rolls(meetings, cell_ids, year, rng)
    _tasks(meetings, rng)
    visits = []
    for cid in cell_ids:
        held = [m for m in meetings if m.cell_id == cid]
        if held and rng.random() < 0.6:
            m = rng.choice(held)
            visits.append(
                Visit(
                    cell_id=cid,
                    meeting=m,
                    on=m.planned_on,
                    visitor_name=rng.choice(["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Minh Đức", "Phạm Văn Tâm"]),
                    visitor_position=rng.choice(["Ủy viên Ban Thường vụ", "Chuyên viên Ban Tổ chức", "Phó Bí thư"]),
                    findings=rng.choice(
                        [
                            "Chi bộ chuẩn bị nội dung chu đáo, đảng viên phát biểu sôi nổi.",
                            "Cần cụ thể hóa nghị quyết, phân công rõ người, rõ việc.",
                            "Tỷ lệ đảng viên dự họp chưa cao; đề nghị chi bộ nhắc nhở.",
                        ]
                    ),
                )
            )
    Visit.objects.bulk_create(visits)
    counts["visits"] = len(visits)
    audit_bulk_create(actor=actor, objs=meetings, service="seed_meetings_demo")
    return counts


def _meeting(cell_id: int, day: date, kind: str, rng: Random) -> Meeting:
    evening = kind == MeetingKind.REGULAR and rng.random() < 0.7
    start = _aware(day, 19, 30) if evening else _aware(day, 8, 0)
    minimum = 120 if kind == MeetingKind.COMBINED else 90
    length = rng.randint(minimum, minimum + 60) if rng.random() > 0.05 else rng.randint(50, minimum - 5)
    notice_days = rng.choice([1, 2, 3, 3, 5, 7]) if rng.random() > 0.05 else 0
    closed = rng.random() < 0.9
    return Meeting(
        cell_id=cell_id,
        kind=kind,
        planned_on=day,
        planned_at=start,
        place=rng.choice(PLACES),
        topic="" if kind == MeetingKind.REGULAR else rng.choice(TOPICS),
        status=MeetingStatus.CLOSED if closed else MeetingStatus.HELD,
        notified_at=_aware(day - timedelta(days=notice_days), 7, 30),
        notified_to="Đảng viên trong chi bộ và đảng ủy cấp trên",
        started_at=start,
        ended_at=start + timedelta(minutes=length),
        content="Đánh giá kết quả thực hiện nhiệm vụ tháng; thảo luận, thống nhất nhiệm vụ tháng tới.",
        resolution="Chi bộ thống nhất thực hiện các nhiệm vụ trọng tâm đã thảo luận.",
        dues_collected=rng.randint(10, 40) * 10_000,
        closed_at=start + timedelta(days=1) if closed else None,
    )


def _rolls(meetings: list[Meeting], cell_ids: list[int], year: int, rng: Random) -> int:
    spells = defaultdict(list)
    rows = MembershipSpell.objects.filter(organization_id__in=cell_ids, valid_from__lte=date(year, 12, 31)).exclude(
        valid_to__lte=date(year, 1, 1)
    )
    for s in rows.values("organization_id", "member_id", "status", "exempt", "attached", "valid_from", "valid_to"):
        spells[s["organization_id"]].append(s)
    truants = set()
    for members in spells.values():
        for s in members:
            if rng.random() < 0.01:
                truants.add(s["member_id"])
    attendance = []
    for m in meetings:
        seen = set()
        for s in spells.get(m.cell_id, []):
            on = m.planned_on
            if s["valid_from"] > on or (s["valid_to"] is not None and s["valid_to"] <= on) or s["member_id"] in seen:
                continue
            seen.add(s["member_id"])
            roll = rng.random()
            if s["member_id"] in truants and roll < 0.4:
                status, reason = AttendanceStatus.ABSENT, ""
            elif s["exempt"] and roll < 0.7 or roll < 0.07:
                status, reason = AttendanceStatus.EXCUSED, rng.choice(REASONS)
            elif roll < 0.09:
                status, reason = AttendanceStatus.ABSENT, ""
            else:
                status, reason = AttendanceStatus.PRESENT, ""
            attendance.append(
                Attendance(
                    meeting=m,
                    member_id=s["member_id"],
                    status=status,
                    reason=reason,
                    probationary=s["status"] == SpellStatus.PROBATIONARY,
                    voting=s["status"] == SpellStatus.OFFICIAL and not s["attached"],
                    attached=s["attached"],
                    exempt=s["exempt"],
                    dues_paid=None if s["attached"] else status == AttendanceStatus.PRESENT or rng.random() < 0.8,
                )
            )
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    return len(attendance)


def _tasks(meetings: list[Meeting], rng: Random) -> None:
    tasks = [
        TaskItem(
            meeting=m,
            kind=TaskKind.NEXT,
            text=rng.choice(
                [
                    "Vận động đảng viên đóng đảng phí đúng hạn",
                    "Ra quân vệ sinh môi trường khu dân cư",
                    "Rà soát, giới thiệu quần chúng ưu tú",
                    "Tuyên truyền nghị quyết của cấp ủy cấp trên",
                ]
            ),
            due_on=m.planned_on + timedelta(days=30),
        )
        for m in meetings
    ]
    TaskItem.objects.bulk_create(tasks, batch_size=5000)
