"""Structural rules of the party organization tree (Điều lệ Đảng; QĐ 294-QĐ/TW 2025).

The allowed parent/child kinds are data (`KindRule` rows with effective dates); this module holds
the pure functions that apply them, so they can be tested without a database.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class KindRuleRow:
    parent_kind: str  # "" = at the root of the tree
    child_kind: str
    valid_from: date
    valid_to: date | None = None

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)


def kind_allowed(*, parent_kind: str | None, child_kind: str, on: date, rules: Iterable[KindRuleRow]) -> bool:
    """Whether a `child_kind` node may sit under a `parent_kind` node on date `on`."""
    parent_kind = parent_kind or ""
    return any(r.parent_kind == parent_kind and r.child_kind == child_kind and r.in_force(on) for r in rules)


def allowed_parent_kinds(*, child_kind: str, on: date, rules: Iterable[KindRuleRow]) -> set[str]:
    return {r.parent_kind for r in rules if r.child_kind == child_kind and r.in_force(on)}
