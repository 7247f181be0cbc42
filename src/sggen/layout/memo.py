"""What a layout keeps of what it made lately, by the content it was made from.

A build lays the same things out again and again: a card's strip at each size a side tries,
a slide once for the warnings and once for the file, and the library's slides and texts in
every project of a portfolio. Laying them out is pure, so what was made of equal content is
used again. The key is the content's repr, which leaves out the template line a block comes
from; a memo is cleared whole when full, so memory stays flat however many projects a run
builds. What a memo hands out is shared: its users read it and never change it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
_NONE = object()  # what the map holds for a key never made (None may be what was made)


class Memo(Generic[T]):
    """A bounded map from a key to what was made for it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.made: dict[Hashable, T] = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """Return what was made for `key`, making it first if it was not."""
        # read once and hand out what was read: a build in another thread (the preview's) may
        # empty the map at any moment
        found = self.made.get(key, _NONE)
        if found is _NONE:
            if len(self.made) >= self.size:
                self.made.clear()
            found = self.made[key] = make()
        return found

    def clear(self) -> None:
        """Forget everything made."""
        self.made.clear()
