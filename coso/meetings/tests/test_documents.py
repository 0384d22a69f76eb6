"""Documents sent with a meeting's notice: upload, audit, download, and no orphan file when the write
fails (issue 7, security review: every POST /meetings/<id>/documents/ answered 500 and left its file)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from coso.audit.models import AuditEntry
from coso.meetings import services
from coso.meetings.models import Meeting, MeetingDocument

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def planned(cw):
    return services.meeting_plan(
        cell=cw.cell, kind="regular", planned_on=date(2025, 3, 20), place="Nhà văn hóa", actor=None
    )


def test_upload_works_is_audited_and_downloads(client, cw, media):
    meeting = planned(cw)
    client.force_login(cw.world.secretary_user)
    upload = SimpleUploadedFile("du-thao-nghi-quyet.pdf", b"%PDF-1.4 draft", content_type="application/pdf")
    response = client.post(
        reverse("meetings:document_add", kwargs={"meeting_id": meeting.pk}),
        {"name": "Dự thảo nghị quyết", "file": upload},
    )
    assert response.status_code == 302
    document = MeetingDocument.objects.get(meeting=meeting)
    assert document.name == "Dự thảo nghị quyết"
    assert stored_files(media) == [document.file.name]
    entry = AuditEntry.objects.get(model="meetings.meetingdocument", object_id=str(document.pk))
    assert entry.service == "meeting_document_add"
    assert document.file.name in str(entry.changes)
    download = client.get(reverse("meetings:document", kwargs={"meeting_id": meeting.pk}), {"doc": document.pk})
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 draft"
    assert "du-thao-nghi-quyet.pdf" in download["Content-Disposition"]


def test_a_failing_write_leaves_no_row_and_no_file(cw, media):
    """The meeting is deleted by someone else between loading and saving: the document row's foreign key
    fails at commit, after the file was stored. Nothing may remain."""
    meeting = planned(cw)
    stale = Meeting.objects.get(pk=meeting.pk)
    Meeting.objects.filter(pk=meeting.pk).delete()
    upload = SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(IntegrityError):
        services.meeting_document_add(meeting=stale, name="Tài liệu", file=upload, actor=None)
    assert not MeetingDocument.objects.exists()
    assert stored_files(media) == []


def test_a_refused_write_stores_nothing(cw, media):
    meeting = planned(cw)
    Meeting.objects.filter(pk=meeting.pk).update(status="closed")
    meeting.refresh_from_db()
    upload = SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.meeting_document_add(meeting=meeting, name="Tài liệu", file=upload, actor=None)
    assert stored_files(media) == []
