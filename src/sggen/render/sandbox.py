"""The Jinja2 sandbox that holds templates to the limits: loops, `~`, operators, method calls,
formats and includes are checked and counted."""

from __future__ import annotations

import functools

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

from sggen.render.limits import (
    MAX_BITS,
    MAX_LENGTH,
    check_format,
    check_printf,
    guard_filter,
    lipsum,
    refuse,
    size_of,
    str_method,
)


class _Limits(NodeTransformer):
    """Rewrites a parsed template so loops and `~` go through the sandbox's checks."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        # Each round costs at least the text the loop's body writes, so nested loops and
        # big blocks of text in a loop are bounded together.
        weight = 1 + sum(len(d.data) for d in node.find_all(nodes.TemplateData))
        node.iter = nodes.Call(nodes.EnvironmentAttribute("sggen_loop"),
                               [node.iter, nodes.Const(weight)], [], None, None,
                               lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Call:
        self.generic_visit(node)
        return nodes.Call(nodes.EnvironmentAttribute("sggen_concat"), node.nodes, [], None,
                          None, lineno=node.lineno)


class Sandbox(SandboxedEnvironment):
    """The Jinja2 sandbox, bounding what a template may build, repeat and spend.

    Jinja2's sandbox stops attribute access to Python internals and huge `range()`s, but not
    `'x' * 10 ** 10`, `'{:>1000000000}'.format(1)`, nested loops or a text doubled in a loop,
    which would fill the machine's memory or run for hours before any error could be raised.
    Sizes are checked before a result is built; loop rounds, built characters and processor
    time are counted per render (MAX_WORK, MAX_SECONDS). No signals: a build may run in a
    worker process or a thread.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters = {name: guard_filter(name, func) for name, func in self.filters.items()}
        self.globals["lipsum"] = lipsum(self.globals["lipsum"])
        self.sggen_budget = None
        self.sggen_sizes: dict[str, int] = {}

    def _parse(self, source, name, filename):
        return _Limits().visit(super()._parse(source, name, filename))

    def _spend(self, units: int) -> None:
        if self.sggen_budget is not None:
            self.sggen_budget.spend(units)

    def sggen_loop(self, iterable, weight: int):
        """Yield the items of a loop, counting each round against the render's budget."""
        for item in iterable:
            self._spend(weight)
            yield item

    def sggen_concat(self, *parts) -> str:
        """Return the parts of `a ~ b` joined, refusing a result beyond MAX_LENGTH."""
        texts = [str(p) for p in parts]
        size = sum(map(len, texts))
        if size > MAX_LENGTH:
            raise refuse(f"the result of ~ would be too large (over {MAX_LENGTH:,} characters)")
        return "".join(texts)  # counted by call(), through which the template calls this

    def call_binop(self, context, operator: str, left, right):
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and \
                        len(seq) * times > MAX_LENGTH:
                    raise jinja2.exceptions.SecurityError(
                        f"the result of * would be too large (over {MAX_LENGTH:,} items)")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and \
                abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_BITS:
            raise jinja2.exceptions.SecurityError(
                f"the result of ** would be too large (over {MAX_BITS:,} bits)")
        if operator == "+" and isinstance(left, (str, list, tuple)) and \
                isinstance(right, (str, list, tuple)) and len(left) + len(right) > MAX_LENGTH:
            raise jinja2.exceptions.SecurityError(
                f"the result of + would be too large (over {MAX_LENGTH:,} items)")
        if operator == "%" and isinstance(left, str):
            check_printf(left)
        result = super().call_binop(context, operator, left, right)
        self._spend(size_of(result))
        return result

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        pattern = value.__self__

        @functools.wraps(wrapped)
        def checked(*args, **kwargs):
            check_format(pattern)
            result = wrapped(*args, **kwargs)
            self._spend(len(result))
            if len(result) > MAX_LENGTH:
                raise refuse(f"the result of format is too large (over {MAX_LENGTH:,} "
                              "characters)")
            return result

        return checked

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's signature
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and str_method(name, owner, args, kwargs) > MAX_LENGTH:
            raise refuse(f"the result of {name}() would be too large (over "
                          f"{MAX_LENGTH:,} characters)")
        __self._spend(1)
        result = super().call(__context, __obj, *args, **kwargs)
        __self._spend(size_of(result))
        if size_of(result) > MAX_LENGTH or (isinstance(owner, (list, dict, set))
                                          and len(owner) > MAX_LENGTH):
            raise refuse(f"the result of {name or 'a call'}() is too large (over "
                          f"{MAX_LENGTH:,} items)")
        return result

    def get_template(self, name, parent=None, globals=None):  # noqa: A002 - Jinja2's name
        template = super().get_template(name, parent, globals)
        if parent is not None:  # an include or import while rendering: its text is work
            # (a twentieth of it: a template including itself ends with its own clear error)
            self._spend(1 + self.sggen_sizes.get(template.filename, 0) // 20)
        return template

