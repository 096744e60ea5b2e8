"""The one Jinja sandbox every template, phrase and name pattern renders in, with bounds.

Templates and phrasebanks travel between offices, so their Jinja is untrusted code. Jinja's
immutable sandbox already refuses attribute walks (``__class__``, ``__mro__``, ``__globals__``,
anything starting with ``_``) and changes to lists and dicts, but bounds neither time nor
size: ``'a' * 10**9``, ``9 ** 10**8`` or two nested loops over ``range(100000)`` would hang a
batch or exhaust its memory. ``BoundedSandbox`` adds the bounds:

- ``*``, ``**``, ``%``, ``+`` and ``~`` refuse results over ``MAX_ITEMS`` characters or items,
  exponents over ``MAX_EXPONENT`` and integers over ``MAX_INT_BITS`` bits, *before* computing;
- calls are limited to macros, ``range``, ``dict``, the loop helpers and plain ``str``/``dict``
  methods that cannot grow text (no ``format``, ``center``, ``zfill``, …); integer arguments
  of calls and filters are at most ``MAX_ITEMS``;
- the ``lipsum``, ``cycler``, ``joiner`` and ``namespace`` globals are removed (nothing uses
  them; ``lipsum`` alone can spend minutes, ``namespace`` can accumulate across a loop);
- every loop step and call spends one of ``MAX_STEPS``; every piece of text produced (output,
  concatenation, filter and call results, loop bodies) spends from ``MAX_WORK`` characters;
  recursive loops are refused when the template is compiled;
- the output of one render is at most ``max_output`` characters (20 000 for a phrase or a file
  name, 20 MB for a DOCX part), checked while rendering.

Everything refused raises ``LimitError`` (a ``SecurityError``) with a Vietnamese reason; the
render paths turn ``RENDER_ERRORS`` into a ``UserError`` naming the template or phrase.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, NoReturn

from jinja2 import (
    StrictUndefined,
    Template,
    TemplateError,
    TemplateSyntaxError,
    nodes,
    pass_environment,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import BlockReference, LoopContext, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from drafter.filters import FILTERS

MAX_ITEMS = 100_000
"""Longest string or list an operator, call or filter may make."""
MAX_EXPONENT = 100
MAX_INT_BITS = 10_000
MAX_STEPS = 100_000
"""Loop steps and calls in one render."""
MAX_WORK = 50_000_000
"""Characters one render may produce in all, intermediate results included."""
MAX_SECONDS = 5.0
"""Wall-clock time one render may take; a phrase takes microseconds, a DOCX part milliseconds."""
PHRASE_OUTPUT = 20_000
"""Longest text a phrase or a file-name pattern may give."""
PART_OUTPUT = 20_000_000
"""Longest XML a DOCX part may give."""

RENDER_ERRORS: tuple[type[BaseException], ...] = (
    TemplateError,
    ArithmeticError,
    RecursionError,
    MemoryError,
    TypeError,
    ValueError,
    LookupError,
    AttributeError,
)
"""What a hostile or broken template can raise while it renders; never a crash."""

_STR_METHODS = frozenset(
    {
        *("upper", "lower", "capitalize", "title", "casefold", "swapcase"),
        *("strip", "lstrip", "rstrip", "startswith", "endswith", "removeprefix", "removesuffix"),
        *("split", "rsplit", "splitlines", "partition", "rpartition"),
        *("count", "find", "rfind", "index", "rindex"),
        *("isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower", "istitle"),
        *("isnumeric", "isdecimal"),
    }
)
_DICT_METHODS = frozenset({"items", "keys", "values", "get"})
_LOOP_METHODS = frozenset({"cycle", "changed"})
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


_TOO_DEEP = "biểu thức lồng nhau quá sâu (quá nhiều ngoặc lồng vào nhau)"


class LimitError(SecurityError):
    """A template asked for more than the sandbox allows, or for something it refuses."""


def weight(value: Any, cap: int = MAX_ITEMS) -> int:
    """Return about how many characters ``str(value)`` has; stop counting past ``cap``.

    The walk visits at most about ``cap`` items, so weighing a huge list costs little.
    """
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool) or value is None or isinstance(value, Undefined):
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 2
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        digits = len(value.as_tuple().digits)
        return digits + (abs(exponent) if isinstance(exponent, int) else 0) + 2
    if isinstance(value, Mapping | list | tuple | set | frozenset):
        items: Iterable[Any] = (
            (item for pair in value.items() for item in pair)
            if isinstance(value, Mapping)
            else value
        )
        total = 2
        for item in items:
            total += 2 + weight(item, cap - total)
            if total > cap:
                break
        return total
    return 16


def _refuse(reason: str) -> NoReturn:
    raise LimitError(f"mẫu vượt giới hạn an toàn: {reason}")


def _check_size(value: Any) -> Any:
    if isinstance(value, str | list | tuple) and len(value) > MAX_ITEMS:
        _refuse(f"chuỗi hoặc danh sách dài hơn {MAX_ITEMS} phần tử")
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        _refuse("số quá lớn")
    return value


def _check_int_arguments(args: Iterable[Any]) -> None:
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_ITEMS:
            _refuse(f"đối số {arg} lớn hơn {MAX_ITEMS}")


def _printf_size(template: str, values: Any) -> int:
    """Return an upper bound of the length of ``template % values``; refuse ``*`` widths."""
    size = len(template) + weight(values)
    for width, precision in _PRINTF.findall(template):
        if "*" in (width, precision):
            _refuse("độ rộng '*' trong chuỗi định dạng")
        size += int(width or 0) + int(precision or 0)
    return size


def _check_binop(operator_name: str, left: Any, right: Any) -> None:
    """Refuse ``left <op> right`` when its result would be out of bounds; compute nothing."""
    integers = isinstance(left, int) and isinstance(right, int)
    if operator_name == "*":
        for sequence, times in ((left, right), (right, left)):
            if (
                isinstance(sequence, str | list | tuple)
                and isinstance(times, int)
                and len(sequence) * max(times, 0) > MAX_ITEMS
            ):
                _refuse(f"phép nhân chuỗi cho ra hơn {MAX_ITEMS} phần tử")
        if integers and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            _refuse("số quá lớn")
    elif operator_name == "**":
        if isinstance(right, int | float | Decimal) and not -MAX_EXPONENT <= right <= MAX_EXPONENT:
            _refuse(f"số mũ lớn hơn {MAX_EXPONENT}")
        if (
            isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and left.bit_length() * right > MAX_INT_BITS
        ):
            _refuse("số quá lớn")
    elif operator_name == "%" and isinstance(left, str) and _printf_size(left, right) > MAX_ITEMS:
        _refuse(f"chuỗi định dạng cho ra hơn {MAX_ITEMS} ký tự")


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with every ``~`` concatenation weighed before it is made."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802
        """Write ``environment.bounded_concat(join, (parts...))`` instead of ``join(...)``."""
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.bounded_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedTemplate(Template):
    """A template whose ``render`` resets the budget and bounds the output as it is made."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Return the rendered text; raise ``LimitError`` past the environment's bounds."""
        return self.render_with_data(0, *args, **kwargs)

    def render_with_data(self, data_size: int, *args: Any, **kwargs: Any) -> str:
        """Return the rendered text, allowing ``data_size`` more characters of output.

        A phrase may print as much as the data it is given: a long list of limitations is
        not a hostile template. The bound is on what the template adds.
        """
        env = self.environment
        assert isinstance(env, BoundedSandbox)
        context = self.new_context(dict(*args, **kwargs))
        env.reset_budget()
        limit = env.max_output + data_size
        try:
            parts: list[str] = []
            size = 0
            for chunk in self.root_render_func(context):
                size += len(chunk)
                if size > limit:
                    _refuse(f"kết quả dài hơn {limit} ký tự")
                parts.append(chunk)
            return env.concat(parts)
        except Exception:
            env.handle_exception()

    def generate(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        """Yield the text piece by piece (see ``render``; the same bounds)."""
        yield self.render(*args, **kwargs)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with bounds on size, steps and calls (see the module)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = BoundedCodeGenerator
    template_class = BoundedTemplate

    def __init__(self, *, max_output: int = PHRASE_OUTPUT, **options: Any) -> None:
        super().__init__(**options)
        self.max_output = max_output
        self.steps = 0
        self.work = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        for name in ("lipsum", "cycler", "joiner", "namespace"):
            self.globals.pop(name, None)
        self.finalize = self._weigh_output
        self.filters = {name: _bounded_filter(self, f) for name, f in self.filters.items()}
        self.filters["_drafter_loop"] = _loop_steps

    def add_filters(self, filters: Mapping[str, Callable[..., Any]]) -> None:
        """Add ``filters`` (name → function), bounded like the built-in ones."""
        for name, function in filters.items():
            self.filters[name] = _bounded_filter(self, function)

    # -- budget ------------------------------------------------------------------------

    def reset_budget(self) -> None:
        """Start a new render: no step taken, nothing produced, the clock started."""
        self.steps = 0
        self.work = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self) -> None:
        """Spend one step (a loop iteration or a call); refuse past the steps or the time.

        Comparisons, ``in`` and slicing cost no step of their own, so time is the bound that
        holds whatever a loop body does.
        """
        self.steps += 1
        if self.steps > MAX_STEPS:
            _refuse(f"hơn {MAX_STEPS} vòng lặp hoặc lời gọi")
        if time.monotonic() > self.deadline:
            _refuse(f"chạy quá {MAX_SECONDS:g} giây")

    def spend(self, characters: int) -> None:
        """Spend ``characters`` of the text budget."""
        self.work += characters
        if self.work > MAX_WORK:
            _refuse(f"tạo ra hơn {MAX_WORK} ký tự")
        if time.monotonic() > self.deadline:
            _refuse(f"chạy quá {MAX_SECONDS:g} giây")

    def _weigh_output(self, value: Any) -> Any:
        size = weight(value, MAX_ITEMS + 1)
        if size > MAX_ITEMS:
            _refuse(f"một giá trị in ra dài hơn {MAX_ITEMS} ký tự")
        self.spend(size)
        return value

    def bounded_concat(self, join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        """Return ``join(parts)`` (the ``~`` operator) when the result stays in bounds."""
        size = sum(weight(part, MAX_ITEMS + 1) for part in parts)
        if size > MAX_ITEMS:
            _refuse(f"chuỗi ghép dài hơn {MAX_ITEMS} ký tự")
        self.spend(size)
        return join(parts)

    # -- operators ---------------------------------------------------------------------

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        """Compute ``left <op> right`` when the result stays in bounds, else refuse."""
        _check_binop(operator_name, left, right)
        result = self.binop_table[operator_name](left, right)
        if isinstance(result, str):
            self.spend(len(result))
        return _check_size(result)

    # -- calls -------------------------------------------------------------------------

    def is_safe_callable(self, obj: Any) -> bool:
        """Return True for macros, ``range``, ``dict``, loop helpers and safe str methods."""
        if isinstance(obj, Macro | BlockReference) or obj is safe_range or obj is dict:
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if isinstance(owner, str):
            return name in _STR_METHODS
        if isinstance(owner, dict):
            return name in _DICT_METHODS
        return isinstance(owner, LoopContext) and name in _LOOP_METHODS

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Call ``__obj`` from a template: allowed callables only, bounded arguments."""
        __self.step()
        if not __self.is_safe_callable(__obj):
            raise LimitError(f"mẫu không được gọi {getattr(__obj, '__name__', __obj)!r}")
        _check_int_arguments(args)
        _check_int_arguments(kwargs.values())
        size = sum(weight(arg, MAX_ITEMS + 1) for arg in (*args, *kwargs.values()))
        if size > MAX_ITEMS:
            _refuse(f"đối số dài hơn {MAX_ITEMS} ký tự")
        result = __context.call(__obj, *args, **kwargs)
        if isinstance(result, str):
            __self.spend(len(result))
        return _check_size(result)

    # -- compiling ---------------------------------------------------------------------

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse ``source``; nesting deep enough to exhaust the stack is a syntax error."""
        try:
            return super()._parse(source, name, filename)
        except RecursionError:
            raise TemplateSyntaxError(_TOO_DEEP, 1, name, filename) from None

    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        """Compile ``source``; every loop spends steps, recursive loops are refused.

        The tree is changed here, not when parsing, so ``parse`` still gives the template as
        written (``drafter templates check`` reads it).
        """
        for loop in source.find_all(nodes.For):
            if loop.recursive:
                raise TemplateSyntaxError(
                    "vòng lặp recursive không được dùng trong mẫu", loop.lineno, name, filename
                )
            body = sum(len(data.data) for data in loop.find_all(nodes.TemplateData))
            loop.iter = nodes.Filter(
                loop.iter, "_drafter_loop", [nodes.Const(body)], [], None, None,
                lineno=loop.lineno,
            )  # fmt: skip
        try:
            return super()._generate(source, name, filename, defer_init)
        except RecursionError:
            raise TemplateSyntaxError(_TOO_DEEP, 1, name, filename) from None

    def _compile(self, source: str, filename: str) -> Any:
        """Compile generated Python; nesting too deep for Python is a syntax error too."""
        try:
            return super()._compile(source, filename)
        except (RecursionError, MemoryError, SyntaxError):
            raise TemplateSyntaxError(_TOO_DEEP, 1, None, filename) from None


@pass_environment
def _loop_steps(env: BoundedSandbox, iterable: Any, body: int) -> Iterator[Any]:
    """Yield the items of a loop, spending a step and the body's text for each."""
    for item in iterable:
        env.step()
        env.spend(body)
        yield item


def _bounded_filter(env: BoundedSandbox, function: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``function`` with its arguments weighed first and its result counted."""
    name = getattr(function, "__name__", "")

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = (*args, *kwargs.values())
        _check_int_arguments(values)
        if _estimate(name, args, kwargs) > MAX_ITEMS:
            _refuse(f"bộ lọc {name.removeprefix('do_')} cho ra hơn {MAX_ITEMS} ký tự")
        result = function(*args, **kwargs)
        if isinstance(result, str):
            env.spend(len(result))
        return _check_size(result)

    return bounded


def _estimate(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """Return an upper bound of the size of a filter's result, from its arguments.

    In general the result is no larger than its arguments, plus a separator per item of a
    list argument (``join``, ``listing``); ``format``, ``replace``, ``indent`` and ``wordwrap``
    can grow text more and are estimated for what they do.
    """
    values = (*args, *kwargs.values())
    strings = [value for value in values if isinstance(value, str)]
    if name == "do_format" and strings:
        return _printf_size(strings[0], (args[1:], kwargs))
    if name == "do_replace" and len(strings) >= 3:
        text, old, new = strings[:3]
        count = text.count(old) if old else len(text) + 1
        return len(text) + count * len(new)
    if name in ("do_indent", "do_wordwrap") and strings:
        text = strings[0]
        extra = max((len(value) for value in strings[1:]), default=1)
        numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
        width = max(numbers, default=1)
        if name == "do_indent":  # each line gets the indent (a width or a string)
            return len(text) + (text.count("\n") + 1) * (extra + width)
        breaks = len(text) // max(width, 1) + text.count(" ") + 1
        return len(text) + breaks * extra
    size = sum(weight(value, MAX_ITEMS + 1) for value in values)
    items = next((len(value) for value in values if isinstance(value, list | tuple)), 0)
    if items and strings:
        size += items * max(len(value) for value in strings)
    return size


__all__ = [
    "MAX_ITEMS",
    "MAX_STEPS",
    "PART_OUTPUT",
    "PHRASE_OUTPUT",
    "RENDER_ERRORS",
    "BoundedSandbox",
    "LimitError",
    "make_environment",
    "weight",
]


def make_environment(max_output: int = PHRASE_OUTPUT) -> BoundedSandbox:
    """Return the sandboxed Jinja environment phrases, templates and name patterns render in.

    The sandbox bounds time and size (see ``drafter.sandbox``); ``max_output`` is the longest
    text one render may give (a phrase or a file name by default).
    """
    env = BoundedSandbox(
        max_output=max_output,
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.add_filters(FILTERS)
    return env
