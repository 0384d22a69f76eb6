"""Vietnamese text helpers.

Search must find *Nguyễn Văn Tuấn* from `nguyen van tuan`: people type without diacritics on
phones and in exports from other systems. We fold both sides to lowercase ASCII; đ/Đ is a
separate letter in Unicode (not d + a mark), so it needs its own mapping.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lowercase, strip diacritics, map đ→d and collapse spaces."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def format_int(value: int | None) -> str:
    """4294 → '4.294' (Vietnamese thousands separator)."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def format_percent(numerator: float | None, denominator: float | None, digits: int = 1) -> str:
    """(248, 250) → '99,2%'; an empty denominator gives '—' rather than a division error."""
    if not denominator or numerator is None:
        return "—"
    value = 100.0 * numerator / denominator
    return f"{value:.{digits}f}".replace(".", ",") + "%"


def format_date(value) -> str:
    """date(2024, 7, 21) → '21/07/2024'."""
    return value.strftime("%d/%m/%Y") if value else ""
