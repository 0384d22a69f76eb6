"""What a person must never read: English source strings of our catalogues, and raw codes.

One detector for the test walk of the small test world (`coso/common/tests/test_vietnamese_everywhere.py`)
and the walk of the seeded demo (`bench/pages.py`), so both promise the same thing.
"""

import html
import re
from functools import cache
from urllib.parse import unquote

from coso.common.catalogues import all_entries

# Codes a user may legitimately read, each with its reason. (User names are data, passed as `allowed`.)
CODE_ALLOW_LIST: dict[str, str] = {}
# Admin pages where codes are the data the administrator edits: URL prefix → reason.
CODES_EDITED_HERE = {
    "/admin/members/religion/": "the reference table's code column: the identifier the administrator edits",
    "/admin/members/ethnicity/": "idem",
    "/admin/organizations/organizationtype/": "idem",
    "/admin/rulesets/ruleset/": "a rule set's values are edited as JSON keyed by parameter codes (its note explains them)",
}
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdifr]|%[sdif]|\{[^}]*\}")
WORDS = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
VISIBLE_ATTRIBUTE = re.compile(r"""\b(?:title|placeholder|aria-label|alt|data-confirm)\s*=\s*("[^"]*"|'[^']*')""", re.I)
TAG = re.compile(r"<[^>]+>")


@cache
def english_phrases() -> re.Pattern:
    """English source strings of two words or more whose Vietnamese differs, as one pattern.

    A string with placeholders is searched by its literal pieces of three words or more: shorter
    pieces ("of the") are common words, not a forgotten translation.
    """
    phrases = set()
    for entry in all_entries():
        translations = entry.translations
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            if not translations or source in translations:
                continue
            for piece in PLACEHOLDER.split(source):
                piece = " ".join(piece.split()).strip(" .,:;—–-()“”\"'")
                words = WORDS.findall(piece)
                needed = 2 if piece == " ".join(source.split()).strip(" .,:;—–-()“”\"'") else 3
                if len(words) >= needed and not any(piece in t for t in translations):
                    phrases.add(piece)
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w]){'(?:' + alternatives + ')'}(?![\w])")


def visible_text(content: str) -> str:
    """The text a person reads of an HTML page: no scripts or comments, with titles and placeholders."""
    content = HIDDEN.sub(" ", content)
    attributes = " ".join(m.group(1)[1:-1] for m in VISIBLE_ATTRIBUTE.finditer(content))
    text = TAG.sub(" ", content) + " " + attributes
    return " ".join(html.unescape(text).split())


def english_in(text: str, allowed: frozenset[str] = frozenset(), *, codes: bool = True) -> list[str]:
    found = set(english_phrases().findall(text))
    if codes:
        found |= {code for code in CODE.findall(text) if code not in CODE_ALLOW_LIST and code not in allowed}
    return sorted(found)


def codes_edited_on(url: str) -> bool:
    """Whether the page at `url` is one where codes are what the administrator edits."""
    return any(url.startswith(page) for page in CODES_EDITED_HERE)


def attachment_name(response) -> str:
    """The name a downloaded file is saved under (RFC 6266 `filename*` first), or ""."""
    header = response.get("Content-Disposition", "")
    utf8 = re.search(r"filename\*=UTF-8''([^;]+)", header)
    if utf8:
        return unquote(utf8.group(1))
    plain = re.search(r'filename="([^"]*)"', header)
    return plain.group(1) if plain else ""


def english_in_file_name(name: str) -> list[str]:
    """A file name read as words: `cell-meetings-2026.xlsx` says "cell meetings"."""
    return english_in(name.replace("-", " ").replace(".", " . "))
