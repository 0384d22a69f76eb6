"""A reader of the project's gettext catalogues (.po), for what catches English (`coso.common.english`).

Small on purpose (msgctxt, msgid, msgid_plural, msgstr[n], the fuzzy flag, continued lines,
obsolete `#~` entries skipped): the test and the demo walk need nothing more, and it keeps polib out of the
requirements.
"""

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Entry:
    path: Path
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[k] for k in sorted(self.msgstr)]


def catalogues() -> list[Path]:
    """Every Vietnamese catalogue of the project: each app's and the project's own."""
    paths = sorted((ROOT / "coso").glob("*/locale/vi/LC_MESSAGES/django.po"))
    paths += sorted((ROOT / "locale").glob("vi/LC_MESSAGES/django.po"))
    return paths


def _string(text: str) -> str:
    return ast.literal_eval(text) if text.startswith('"') else ""


def parse(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None
    flags_pending = False

    def finish():
        nonlocal current
        if current is not None and (current.msgid or current.msgstr):
            entries.append(current)
        current = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            target, flags_pending = None, False
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if current is not None and current.msgstr:
                finish()
            flags_pending = flags_pending or "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword == "msgctxt" or (keyword == "msgid" and (current is None or current.msgstr)):
            if current is not None and (current.msgstr or keyword == "msgctxt"):
                finish()
            if current is None:
                current = Entry(path=path, line=number, fuzzy=flags_pending)
                flags_pending = False
        if current is None:
            raise ValueError(f"{path}:{number}: unexpected line {raw!r}")
        if keyword == "msgctxt":
            current.msgctxt, target = _string(rest), ("msgctxt", None)
        elif keyword == "msgid":
            current.msgid, target = _string(rest), ("msgid", None)
        elif keyword == "msgid_plural":
            current.msgid_plural, target = _string(rest), ("msgid_plural", None)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            current.msgstr[index], target = _string(rest), ("msgstr", index)
        elif line.startswith('"') and target is not None:
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += _string(line)
            else:
                setattr(current, name, (getattr(current, name) or "") + _string(line))
        else:
            raise ValueError(f"{path}:{number}: unexpected line {raw!r}")
    finish()
    return [e for e in entries if e.msgid]  # the header has an empty msgid


def all_entries() -> list[Entry]:
    return [entry for path in catalogues() for entry in parse(path)]
