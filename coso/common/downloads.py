"""The name of every file the system sends: one function builds the Content-Disposition header.

Names are built from data (an organization's code, a member's name, an uploaded file's name), and data
may hold a double quote, a backslash or a line break: put as-is between quotes they end the parameter
or the header (security review, issue 7: an organization code with `"` reached the badge export's
header; a line break made Django refuse the header with a 500). RFC 6266 §4.3 / RFC 8187: an ASCII
`filename="…"` for old clients (diacritics folded, unsafe characters replaced by `_`) and
`filename*=UTF-8''…` with the percent-encoded Vietnamese name for the others.
"""

import re
import unicodedata
from urllib.parse import quote

_CONTROL_OR_SEPARATOR = re.compile(r'[\x00-\x1f\x7f-\x9f/\\"]+')
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9 ._()+,-]+")
_SPACES = re.compile(r"\s+")
MAX_LENGTH = 150
# The name of a file whose name came out empty: "tải về" (download), folded, since users read it.
FALLBACK = "tai-ve"


def safe_filename(filename: str) -> str:
    """The name without control characters (CR, LF, NUL...), quotes, slashes or backslashes."""
    name = _SPACES.sub(" ", _CONTROL_OR_SEPARATOR.sub("_", filename or "")).strip(" .")
    if len(name) > MAX_LENGTH:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_LENGTH - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:MAX_LENGTH]
    return name or FALLBACK


def ascii_filename(filename: str) -> str:
    """The fallback name: Vietnamese letters folded to ASCII (đ → d), anything else unsafe → `_`."""
    name = safe_filename(filename).replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _ASCII_UNSAFE.sub("_", folded).strip(" .") or FALLBACK


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="…"` (plus `filename*=UTF-8''…` when the name is not plain ASCII)."""
    name = safe_filename(filename)
    fallback = ascii_filename(name)
    header = f'{"inline" if inline else "attachment"}; filename="{fallback}"'
    if name != fallback:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header
