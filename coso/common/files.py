"""Uploaded files and the transactions that record them.

A `FileField` writes its file to storage when the row is saved, inside the transaction; a rollback
undoes the row but not the file. Services that store a file wrap their transaction in
`delete_stored_file_on_failure` so a failed write leaves no orphan file (issue 7, security review:
every failed meeting-document upload left its file on disk).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.fields.files import FieldFile


@contextmanager
def delete_stored_file_on_failure() -> Iterator[list[FieldFile]]:
    """Yield a list; every `FieldFile` appended to it that reached storage is deleted if the block
    raises (the block holds the whole `transaction.atomic()`, so a failing commit counts too)."""
    files: list[FieldFile] = []
    try:
        yield files
    except BaseException:
        for field_file in files:
            if getattr(field_file, "_committed", False) and field_file.name:
                field_file.storage.delete(field_file.name)
        raise
