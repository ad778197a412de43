"""The sandbox commentary runs in: our functions only, bounded in time, size and output.

Jinja2's sandbox stops attribute escapes, not work: a loop inside a loop, ``"x" * 10**9`` or
``9**9**9`` would run until killed. Here every line of the template's code checks a deadline
(a trace function confined to the template's own frames), ``*`` and ``**`` refuse results
past a size, only harmless filters exist, the output stops at a limit, and commentary cannot
reach other files (no include, import or extends).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Mapping
from types import FrameType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import line_of

TIME_LIMIT_S = 2.0
OUTPUT_LIMIT = 1_000_000  # characters
SIZE_LIMIT = 100_000  # items or characters one * may make
# {{ }} and {% %} tags in one commentary: Jinja parses and compiles a template to Python before
# a line of it runs, in time and memory that grow faster than its tags (100,000 calls: 48 s
# and 1.7 GB), so the tags are counted first; 2,000 compile in a fifth of a second.
TAG_LIMIT = 2_000
TAG = re.compile(r"\{[{%]")
SAFE_FILTERS = (
    *("abs", "capitalize", "default", "d", "first", "last", "length", "lower"),
    *("round", "title", "trim", "upper"),
)


class Runaway(Exception):
    """Commentary evaluation went past a limit: ``what`` says which, ``line`` (of the
    source) where, when the traceback cannot tell; ``fix``, how to stay within it, when the
    usual advice (no loops) is not it."""

    def __init__(self, what: str, line: int | None = None, fix: str = "") -> None:
        super().__init__(what)
        self.what, self.line, self.fix = what, line, fix


class Refused(Exception):
    """A tag commentary may not use (``{% include %}`` and the like), at its source line."""

    def __init__(self, tag: str, line: int) -> None:
        super().__init__(tag)
        self.tag, self.line = tag, line


REFUSED_TAGS = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Extends: "extends",
}


class Sandbox(SandboxedEnvironment):
    """A Jinja2 sandbox whose arithmetic cannot build giant values."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _too_big_power(left, right):
            raise Runaway(f"{left!r} ** {right!r} is too large to compute")
        if operator == "*" and _too_long_product(left, right):
            raise Runaway(f"a repetition longer than {SIZE_LIMIT:,} items")
        return super().call_binop(context, operator, left, right)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """An unknown name given to a function (``close(RUT)``) fails here, as itself, not
        somewhere inside the function."""
        for value in (*args, *kwargs.values()):
            if isinstance(value, jinja2.Undefined):
                value._fail_with_undefined_error()
        return super().call(context, obj, *args, **kwargs)


def _too_big_power(left: Any, right: Any) -> bool:
    numbers = all(isinstance(v, int | float) for v in (left, right))
    return not numbers or abs(right) > 64 or abs(left) > 10**6


def _too_long_product(left: Any, right: Any) -> bool:
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(count, int):
            return len(seq) * count > SIZE_LIMIT
    return False


def _refuse_functions(value: Any) -> Any:
    """``{{ close }}`` without a call would print a memory address: make it an error."""
    if callable(value) and not isinstance(value, str | jinja2.Undefined):
        name = getattr(value, "__name__", "this")
        raise LookupError(f"{name} is a function, not a value", f'call it: {{{{ {name}("RUT") }}}}')
    return value


def environment(names: Mapping[str, Callable[..., str]]) -> Sandbox:
    env = Sandbox(undefined=jinja2.StrictUndefined, autoescape=False, finalize=_refuse_functions)
    env.globals.clear()
    env.globals.update(names)
    env.filters = {name: env.filters[name] for name in SAFE_FILTERS}
    env.tests = {}
    return env


def render(env: Sandbox, source: str, name: str) -> str:
    """Evaluate ``source`` with the tag, deadline, size and output limits in force; the
    deadline counts from the start, parsing and compiling included."""
    check_tags(source)
    clock = deadline(name, TIME_LIMIT_S)
    template = env.from_string(refuse_other_files(env.parse(source)))
    chunks: list[str] = []
    size = 0
    with clock:
        try:
            for chunk in template.generate():
                size += len(chunk)
                if size > OUTPUT_LIMIT:
                    raise Runaway(f"the text grew past {OUTPUT_LIMIT:,} characters")
                chunks.append(chunk)
        except Runaway as exc:  # at the line that ran last, whatever the traceback holds
            exc.line = exc.line or template.get_corresponding_lineno(clock.line) or None
            raise
    return "".join(chunks)


def check_tags(source: str) -> None:
    """Refuse more than ``TAG_LIMIT`` tags, at the line of the first one past it."""
    for count, found in enumerate(TAG.finditer(source), 1):
        if count > TAG_LIMIT:
            raise Runaway(
                f"more than {TAG_LIMIT:,} {{{{ }}}} and {{% %}} tags in one file",
                line_of(source, found.start()),
                "keep a week's commentary to the values it discusses; put long tables in "
                "content/data/",
            )


def refuse_other_files(tree: nodes.Template) -> nodes.Template:
    """The parsed commentary, unless a tag in it reads another template: the first such."""
    found = sorted(tree.find_all(tuple(REFUSED_TAGS)), key=lambda node: node.lineno)
    if found:
        raise Refused(REFUSED_TAGS[type(found[0])], found[0].lineno)
    return tree


class deadline:
    """Trace the template's own frames and stop them once ``seconds`` have passed; ``line``
    is the last line of the template's code that ran (``get_corresponding_lineno`` maps it
    to the source)."""

    def __init__(self, filename: str, seconds: float) -> None:
        self.filename, self.seconds = filename, seconds
        self.ends = time.monotonic() + seconds  # from now: the time before entering counts
        self.previous: Any = None
        self.line = 0
        self.stopped = False

    def __enter__(self) -> deadline:
        if time.monotonic() > self.ends:
            raise self.past()
        self.previous = sys.gettrace()
        sys.settrace(self.on_call)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self.previous)

    def on_call(self, frame: FrameType, event: str, arg: Any) -> Any:
        # Once stopped, Jinja runs frames of its own under the template's name to rewrite the
        # traceback: stopping those too would lose the line the template stopped at.
        mine = frame.f_code.co_filename in (self.filename, "<template>") and not self.stopped
        return self.on_line if mine else None

    def on_line(self, frame: FrameType, event: str, arg: Any) -> Any:
        if self.stopped:
            return None
        self.line = frame.f_lineno
        if time.monotonic() > self.ends:
            raise self.past()
        return self.on_line

    def past(self) -> Runaway:
        self.stopped = True
        return Runaway(f"evaluation ran past {self.seconds:g} s (a loop that never ends?)")
