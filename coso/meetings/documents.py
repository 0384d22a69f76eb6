"""The minutes and the resolution of a cell meeting as a Word (.docx) file, in the Party's layout.

Layout of a Party document (HD 36-HD/VPTW): a two-column header with the committee above and the
issuing cell in bold over a star on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" over the place-and-date
line on the right; the title "BIÊN BẢN SINH HOẠT CHI BỘ"; time and place; the attendance
summary; the proceedings; the resolution; the signatures of the minute-taker and the chair. The
resolution follows on its own page ("NGHỊ QUYẾT"), signed "T/M CHI BỘ". The wording is the
Vietnamese of the Party's forms, not interface text, so it does not go through gettext.
"""

from datetime import date, datetime, time

from django.utils import timezone

from coso.common.paper import Paper
from coso.common.party_docx import date_line, locality
from coso.common.text import format_date, format_int
from coso.meetings import queries, rules
from coso.meetings.models import AttendanceStatus, Meeting, MeetingKind, TaskKind, TaskStatus
from coso.organizations.models import Organization
from coso.organizations.queries import version_on

TASK_STATUS = {
    TaskStatus.DONE: "đã hoàn thành",
    TaskStatus.IN_PROGRESS: "đang thực hiện",
    TaskStatus.NOT_DONE: "chưa hoàn thành",
    TaskStatus.OPEN: "chưa đánh giá",
}
KIND_TITLE = {
    MeetingKind.REGULAR: "Sinh hoạt thường kỳ",
    MeetingKind.THEMATIC: "Sinh hoạt chuyên đề",
    MeetingKind.COMBINED: "Sinh hoạt thường kỳ kết hợp chuyên đề",
}


def _name_on(org: Organization | None, on: date) -> str:
    if org is None:
        return ""
    version = version_on(org, on)
    return version.name if version else org.name


def _parent_on(org: Organization, on: date) -> Organization | None:
    version = version_on(org, on)
    if version is None or version.parent_id is None:
        return org.parent
    return Organization.objects.filter(pk=version.parent_id).first()


def place_on(cell: Organization, on: date) -> str:
    """The place on the minutes' date line: the commune, ward or special zone the cell stood in on the
    meeting's day (the nearest commune-level organization up the tree as it was), "Phường Hòa Bình"; a
    cell outside any commune (an agency's) takes its committee's name. Never the cell's own name —
    "Chi bộ Tổ dân phố số 2" gave "số 2, ngày …" (issue 8)."""
    org: Organization | None = cell
    committee = None
    for _step in range(12):  # a tree is never this deep; the bound guards a broken parent chain
        if org is None:
            break
        if org.org_type.is_commune_level:
            return locality(_name_on(org, on))
        parent = _parent_on(org, on)
        if committee is None and parent is not None:
            committee = parent
        org = parent
    return locality(_name_on(committee, on)) if committee else locality(_name_on(cell, on))


def clock(value: time | datetime | None) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return f"{value.hour} giờ {value.minute:02d} phút" if value else "... giờ ... phút"


def _names(rows, reason=False) -> str:
    if not rows:
        return ""
    parts = [f"{r.member.full_name} ({r.reason})" if reason and r.reason else r.member.full_name for r in rows]
    return ": " + "; ".join(parts)


def minutes_docx(meeting: Meeting) -> bytes:
    return minutes_paper(meeting).docx()


def minutes_paper(meeting: Meeting) -> Paper:
    """The minutes, then the resolution on a new page, filled from the records."""
    on = meeting.planned_on
    cell_name = _name_on(meeting.cell, on)
    parent = _parent_on(meeting.cell, on)
    above = _name_on(parent, on) if parent else ""
    place_date = date_line(place_on(meeting.cell, on), on)
    rows = queries.roll(meeting)
    summary = queries.roll_summary(rows)
    home = [r for r in rows if not r.attached]
    attached = [r for r in rows if r.attached]
    chair = meeting.chair.full_name if meeting.chair else ""
    taker = meeting.minute_taker.full_name if meeting.minute_taker else ""
    d = Paper(title=f"Biên bản sinh hoạt chi bộ - {cell_name} - {on:%d-%m-%Y}")

    d.header(above=above, issuer=cell_name, number=None, place_date=place_date)
    d.centered("BIÊN BẢN SINH HOẠT CHI BỘ", size=15)
    d.centered(f"{KIND_TITLE.get(meeting.kind, '')} tháng {on.month} năm {on.year}", size=14)
    if meeting.topic:
        d.centered(f"Chuyên đề: {meeting.topic}" if meeting.kind != MeetingKind.REGULAR else meeting.topic, size=14)
    d.centered("-----", bold=False)

    d.para(
        f"Hôm nay, vào lúc {clock(meeting.started_at)}, ngày {format_date(on)}, tại {meeting.place or '...'}, "
        f"{cell_name} tiến hành sinh hoạt.",
        lead="I. Thời gian, địa điểm: ",
        indent=False,
    )
    d.para("", lead="II. Thành phần:", indent=False)
    d.para(
        f"Tổng số đảng viên của chi bộ: {summary.total} đồng chí "
        f"(chính thức: {summary.official}, dự bị: {summary.probationary}); "
        f"miễn công tác và sinh hoạt đảng: {summary.exempt}."
    )
    present = [r for r in home if r.status == AttendanceStatus.PRESENT]
    excused = [r for r in home if r.status == AttendanceStatus.EXCUSED]
    absent = [r for r in home if r.status == AttendanceStatus.ABSENT]
    d.para(f"Có mặt: {len(present)} đồng chí.")
    d.para(f"Vắng có lý do: {len(excused)} đồng chí{_names(excused, reason=True)}.")
    d.para(f"Vắng không có lý do: {len(absent)} đồng chí{_names(absent)}.")
    if attached:
        d.para(f"Đảng viên sinh hoạt tạm thời (không biểu quyết): {len(attached)} đồng chí{_names(attached)}.")
    guests = list(meeting.guests.all())
    if guests:
        d.para(
            "Khách mời: "
            + "; ".join(f"đồng chí {g.name}{', ' + g.position if g.position else ''}" for g in guests)
            + "."
        )
    d.para(f"Chủ trì: đồng chí {chair or '...'}. Thư ký: đồng chí {taker or '...'}.")

    d.para("", lead="III. Nội dung:", indent=False)
    tasks = list(meeting.tasks.select_related("owner"))
    reviews = [t for t in tasks if t.kind == TaskKind.REVIEW]
    if reviews:
        d.para("1. Kiểm điểm việc thực hiện nhiệm vụ tháng trước:", indent=False)
        for t in reviews:
            owner = f" ({t.owner.full_name})" if t.owner else ""
            d.para(f"- {t.text}{owner}: {TASK_STATUS.get(t.status, t.status)}.")
    d.para("2. Diễn biến sinh hoạt:" if reviews else "Diễn biến sinh hoạt:", indent=False)
    d.text_block(meeting.content)
    next_tasks = [t for t in tasks if t.kind == TaskKind.NEXT]
    if next_tasks:
        d.para("3. Nhiệm vụ tháng tới:", indent=False)
        for t in next_tasks:
            owner = f"; phụ trách: {t.owner.full_name}" if t.owner else ""
            due = f"; thời hạn: {format_date(t.due_on)}" if t.due_on else ""
            d.para(f"- {t.text}{owner}{due}.")
    for v in meeting.votes.all():
        d.para(
            f"Biểu quyết {v.subject}: tán thành {v.in_favour}, không tán thành {v.against}, "
            f"không biểu quyết {v.abstained}."
        )
    if meeting.dues_collected is not None:
        d.para(f"Thu đảng phí: {format_int(meeting.dues_collected)} đồng.")
    d.para("", lead="IV. Nghị quyết:", indent=False)
    d.text_block(meeting.resolution or meeting.draft_resolution)
    minutes = rules.duration_minutes(meeting.started_at, meeting.ended_at)
    d.para(
        f"Buổi sinh hoạt kết thúc vào lúc {clock(meeting.ended_at)} cùng ngày"
        + (f" (thời lượng {minutes} phút)" if minutes else "")
        + ". Biên bản đã được thông qua trước chi bộ."
    )
    d.signatures(("THƯ KÝ", "", taker), ("CHỦ TRÌ", "", chair))

    d.page_break()
    d.header(above=above, issuer=cell_name, number="Số     -NQ/CB", place_date=place_date)
    d.centered("NGHỊ QUYẾT", size=15)
    d.centered(f"{KIND_TITLE.get(meeting.kind, '')} tháng {on.month} năm {on.year}", size=14)
    d.centered("-----", bold=False)
    d.para(
        f"Ngày {format_date(on)}, {cell_name} đã tiến hành sinh hoạt với {len(present)}/{summary.expected} "
        f"đảng viên phải dự có mặt. Chi bộ thống nhất quyết nghị:"
    )
    d.text_block(meeting.resolution or meeting.draft_resolution)
    d.signatures(("", "", ""), ("T/M CHI BỘ", "BÍ THƯ" if chair else "", chair))
    return d
