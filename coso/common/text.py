"""Vietnamese text helpers.

Search must find *Nguyễn Văn Tuấn* from `nguyen van tuan`: people type without diacritics on
phones and in exports from other systems. We fold both sides to lowercase ASCII; đ/Đ is a
separate letter in Unicode (not d + a mark), so it needs its own mapping.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

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


def format_count(value: int | None) -> str:
    """A printed count, on a page or in a command's output: 4294 → '4.294' (same as `format_int`)."""
    return format_int(value)


def _decimal(value) -> Decimal:
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def percent(
    numerator: int | float | Decimal | None, denominator: int | float | Decimal | None, digits: int = 1
) -> Decimal | None:
    """100 × numerator / denominator rounded half up to `digits` decimals, or None without a denominator.

    Vietnamese reports round half up (1/16 = 6,25% → 6,3%); binary floats and Python's `round`
    would give 6,2% (banker's rounding, and 6,25 not being exact). Computed in Decimal, exactly.
    """
    if not denominator or numerator is None:
        return None
    value = Decimal(100) * _decimal(numerator) / _decimal(denominator)
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def format_percent(
    numerator: int | float | Decimal | None, denominator: int | float | Decimal | None, digits: int = 1
) -> str:
    """(248, 250) → '99,2%'; (1, 16) → '6,3%'; an empty denominator gives '—' rather than a division error.

    The one percentage of the system: pages (`vn_percent`), documents and exports call it.
    """
    value = percent(numerator, denominator, digits)
    if value is None:
        return "—"
    return f"{value:.{digits}f}".replace(".", ",") + "%"


def format_date(value) -> str:
    """date(2024, 7, 21) → '21/07/2024'."""
    return value.strftime("%d/%m/%Y") if value else ""
