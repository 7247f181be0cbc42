"""What one render may build, repeat and spend: the limits, the checks made before a result is
built, and the budget of work and processor time."""

from __future__ import annotations

import functools
import re
import string
import time

import jinja2

MAX_LENGTH = 1_000_000  # the longest text or list a template may build
MAX_BITS = 100_000  # the largest number a template may compute with `**`
MAX_WIDTH = 10_000  # the widest padding a format, center() or indent() may ask for
# A shipped template renders a project with about 10,000 units of work into 36,000 characters
# in 0.02 s; the limits leave a hundred times that.
MAX_WORK = 1_000_000  # loop rounds (weighted by the text they write) and characters built
MAX_OUTPUT = 5_000_000  # characters one render may produce
MAX_SECONDS = 10.0  # processor time one render may take
MAX_TEMPLATE_BYTES = 1_000_000  # one template file

# printf-style conversions, for the widths and precisions they ask for
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_NUMBER = re.compile(r"\d+")


class LimitError(jinja2.exceptions.SecurityError):
    """A template asked for more than a document can need (size, work or time)."""


def refuse(message: str) -> LimitError:
    return LimitError(message)


def check_width(value: object, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
        raise refuse(f"{what} of {value:,} is wider than the limit of {MAX_WIDTH:,}")


def check_printf(text: str) -> None:
    """Refuse a printf-style format whose widths could build a huge text."""
    for match in _PRINTF.finditer(text):
        for number in match.groups():
            if number == "*":
                raise refuse("a '*' width in a % format is not allowed; write the width")
            if number and (len(number) > 6 or int(number) > MAX_WIDTH):
                raise refuse(f"the % format width {number[:12]} is wider than the limit of "
                              f"{MAX_WIDTH:,}")


def check_format(text: str) -> None:
    """Refuse a str.format pattern whose widths could build a huge text."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format itself reports the broken pattern
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise refuse("a width given by a {} field in a format is not allowed")
        for number in _NUMBER.findall(spec):
            if len(number) > 6 or int(number) > MAX_WIDTH:
                raise refuse(f"the format width {number[:12]} is wider than the limit of "
                              f"{MAX_WIDTH:,}")


def size_of(value: object) -> int:
    """Return the length of a text or a list that a template built (0 for other values)."""
    if isinstance(value, (str, list, tuple, dict, set)):
        return len(value)
    return 0


def _joined(items: object, separator: object = "") -> int:
    """Return how long joining `items` would be, without joining them."""
    if not isinstance(items, (list, tuple)):
        return 0
    sep = len(str(separator)) if separator is not None else 0
    return sum(len(x) if isinstance(x, str) else 1 for x in items) + sep * len(items)


class Budget:
    """What one render has spent: work units and processor time."""

    def __init__(self):
        self.work = 0
        self.calls = 0
        self.deadline = time.process_time() + MAX_SECONDS

    def spend(self, units: int) -> None:
        self.work += units
        if self.work > MAX_WORK:
            raise refuse(f"the template does too much work (over {MAX_WORK:,} loop rounds "
                          "and characters built); a loop, a macro or an include repeats "
                          "too often")
        self.calls += 1
        if self.calls % 64 == 0 and time.process_time() > self.deadline:
            raise refuse(f"the template takes longer than {MAX_SECONDS:g} seconds to render")


# The predicted size of a str method's result, before it is built, for the methods that can
# make a text much longer than what they are given.
def str_method(name: str, text: str, args: tuple, kwargs: dict) -> int:
    if name in ("center", "ljust", "rjust", "zfill"):
        width = args[0] if args else kwargs.get("width", 0)
        check_width(width, f"{name}()")
        return max(len(text), width if isinstance(width, int) else 0)
    if name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        check_width(size, "expandtabs()")
        return len(text) + text.count("\t") * (size if isinstance(size, int) else 8)
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and \
            isinstance(args[1], str):
        count = text.count(args[0]) if args[0] else len(text) + 1
        return len(text) + count * max(len(args[1]) - len(args[0]), 0)
    if name == "join" and args:
        return _joined(args[0], text)
    if name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        return len(text) * max(longest, 1)
    return len(text)


def guard_filter(name: str, func):
    """Return filter `func` checked against the limits: the widths it is asked for before, the
    size of what it built after."""

    passes = jinja2.utils._PassArg.from_obj(func)

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        first, values = args[0], args[1:]  # what Jinja2 passes first: see jinja_pass_arg below
        env = first if passes in (None, jinja2.utils._PassArg.environment) else \
            first.environment
        if passes is None:
            args = values  # the filter itself does not take the environment
        if name == "center":
            check_width(values[1] if len(values) > 1 else kwargs.get("width"), "center")
        elif name == "indent":
            width = values[1] if len(values) > 1 else kwargs.get("width", 4)
            check_width(width, "indent")
            text = str(values[0]) if values else ""
            pad = width if isinstance(width, int) else len(str(width))
            if len(text) + (text.count("\n") + 1) * pad > MAX_LENGTH:
                raise refuse(f"the result of indent would be too large (over {MAX_LENGTH:,} "
                              "characters)")
        elif name == "format" and values and isinstance(values[0], str):
            check_printf(values[0])
        elif name in ("batch", "slice"):
            count = values[1] if len(values) > 1 else kwargs.get("linecount", kwargs.get(
                "slices"))
            if isinstance(count, int) and count > MAX_LENGTH:
                raise refuse(f"{name} of {count:,} is more than the limit of {MAX_LENGTH:,}")
        elif name == "join" and values:
            items = values[0] if isinstance(values[0], (list, tuple)) else None
            if items is not None and _joined(items, values[1] if len(values) > 1
                                             else kwargs.get("d", "")) > MAX_LENGTH:
                raise refuse(f"the result of join would be too large (over {MAX_LENGTH:,} "
                              "characters)")
        elif name == "replace" and len(values) >= 3 and isinstance(values[0], str):
            if str_method("replace", values[0], tuple(values[1:3]), {}) > MAX_LENGTH:
                raise refuse(f"the result of replace would be too large (over "
                              f"{MAX_LENGTH:,} characters)")
        elif name == "wordwrap" and values:
            wrap = values[4] if len(values) > 4 else kwargs.get("wrapstring") or "\n"
            if len(str(values[0])) * (1 + len(str(wrap))) > MAX_LENGTH * 2:
                raise refuse("the result of wordwrap would be too large")
        result = func(*args, **kwargs)
        budget = budget_of(env)
        if budget is not None:
            budget.spend(size_of(result))
        if size_of(result) > MAX_LENGTH:
            raise refuse(f"the result of {name} is too large (over {MAX_LENGTH:,} items)")
        return result

    if passes is None:
        guarded.jinja_pass_arg = jinja2.utils._PassArg.environment  # to find the budget
    return guarded


def budget_of(env) -> Budget | None:
    return getattr(env, "sggen_budget", None)


def lipsum(func):
    """Return lipsum() bounded to what a placeholder text needs."""

    @functools.wraps(func)
    def bounded(n=5, html=True, min=20, max=100):  # noqa: A002 - Jinja2's names
        for value, limit, what in ((n, 100, "paragraphs"), (min, 1000, "words"),
                                   (max, 1000, "words")):
            if isinstance(value, int) and value > limit:
                raise refuse(f"lipsum() of {value:,} {what} is more than the limit of {limit}")
        return func(n=n, html=html, min=min, max=max)

    return bounded

