"""The one Jinja2 environment for letters: sandboxed, strict about missing fields, bounded.

Default templates live in ``templates/letters/<kind>.<language>.txt.j2``; staff-edited ones are
rendered from their source by the same environment. A template may not reach Python internals
(the sandbox), may not name a field that does not exist (``StrictUndefined``), may not include or
import other templates, and may not build huge ranges, strings or deeply nested loops.

Default templates ship with the code and render in-process. A staff template is compiled and
rendered only in a child process with a memory and time budget (``letters.budget``): the checks
here give clear messages for the usual mistakes, the budget stops everything else.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template, meta, nodes, select_autoescape
from jinja2.exceptions import TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from letters.budget import render_in_budget
from letters.errors import BudgetExceededError, LetterTemplateError, LimitError

__all__ = ["BudgetExceededError", "LetterTemplateError"]

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "letters"
MAX_RANGE = 1000
MAX_LOOP_DEPTH = 2
MAX_OUTPUT_CHARS = 200_000
MAX_POWER = 64
MAX_REPEAT = 10_000
MAX_SOURCE_CHARS = 50_000


def _bounded_range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise LimitError(
            f"range() is limited to {MAX_RANGE} items in letter templates",
            code="range_limit",
            params={"limit": MAX_RANGE},
        )
    return result


def _repeats_too_much(left: Any, right: Any) -> bool:
    """A repetition whose count, or whose result, is larger than a letter could hold."""
    sequence_types = (str, list, tuple)
    if isinstance(left, sequence_types) and isinstance(right, int):
        sequence, count = left, right
    elif isinstance(right, sequence_types) and isinstance(left, int):
        sequence, count = right, left
    else:
        return False
    return count > MAX_REPEAT or len(sequence) * count > MAX_OUTPUT_CHARS


class LetterEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_POWER:
            raise LimitError(
                f"powers above {MAX_POWER} are not allowed in letter templates",
                code="power_limit",
                params={"limit": MAX_POWER},
            )
        if operator == "*" and _repeats_too_much(left, right):
            raise LimitError("repeating text that many times is not allowed", code="repeat_limit")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # str.format_map takes any mapping, which the sandbox cannot inspect; format does it all.
        # Left unwrapped, it meets is_safe_attribute below and is refused.
        if getattr(value, "__name__", "") == "format_map":
            return None
        return super().wrap_str_format(value)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr == "format_map":
            return False
        return super().is_safe_attribute(obj, attr, value)


def _build_environment() -> LetterEnvironment:
    environment = LetterEnvironment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2")),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.globals["range"] = _bounded_range
    environment.filters["date"] = lambda value, fmt="%d.%m.%Y": value.strftime(fmt) if value else ""
    return environment


ENVIRONMENT = _build_environment()


def template_name(kind: str, language: str) -> str:
    return f"{kind}.{language}.txt.j2"


def default_template(kind: str, language: str) -> Template:
    return ENVIRONMENT.get_template(template_name(kind, language))


def _loop_depth(node: nodes.Node, depth: int = 0) -> int:
    here = depth + 1 if isinstance(node, nodes.For) else depth
    return max([here, *(_loop_depth(child, here) for child in node.iter_child_nodes())])


def _private_names(tree: nodes.Template) -> Iterator[str]:
    """Attributes and keys starting with an underscore: the way out of any sandbox."""
    for node in tree.find_all(nodes.Getattr):
        if node.attr.startswith("_"):
            yield node.attr
    for item in tree.find_all(nodes.Getitem):
        if isinstance(item.arg, nodes.Const) and str(item.arg.value).startswith("_"):
            yield str(item.arg.value)


def _parse(source: str) -> nodes.Template:
    if len(source) > MAX_SOURCE_CHARS:
        raise LetterTemplateError(
            f"A letter template is limited to {MAX_SOURCE_CHARS:,} characters.",
            code="source_too_long",
            params={"limit": MAX_SOURCE_CHARS},
        )
    try:
        return ENVIRONMENT.parse(source)
    except TemplateSyntaxError as error:
        raise LetterTemplateError(
            f"Syntax error on line {error.lineno}: {error.message}",
            code="syntax",
            params={"line": error.lineno, "detail": error.message or ""},
        ) from error


def compile_staff_template(source: str) -> Template:
    """Compile a staff-edited template, refusing what it may not do, with a clear message.

    Compiling may evaluate constant expressions, so outside tests it runs only in the budgeted
    child (``render_staff_template``, ``check_staff_template``).
    """
    tree = _parse(source)
    if any(tree.find_all((nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends))):
        raise LetterTemplateError(
            "Templates may not include, import or extend other templates.", code="composition"
        )
    for name in _private_names(tree):
        raise LetterTemplateError(
            f"Private attributes such as {name} are not allowed.",
            code="private",
            params={"name": name},
        )
    if _loop_depth(tree) > MAX_LOOP_DEPTH:
        raise LetterTemplateError(
            f"Loops may be nested at most {MAX_LOOP_DEPTH} deep.",
            code="loop_depth",
            params={"limit": MAX_LOOP_DEPTH},
        )
    try:
        return ENVIRONMENT.from_string(source)
    except TemplateError as error:
        raise LetterTemplateError(
            str(error), code="invalid", params={"detail": str(error)}
        ) from error


def render_staff_template(source: str, data: dict[str, Any]) -> str:
    """A staff template compiled and rendered in a child with a memory and time budget."""
    return render_in_budget(lambda: render_bounded(compile_staff_template(source), data))


def check_staff_template(source: str, data: dict[str, Any]) -> str:
    """Compile a staff template, check it names only the fields in ``data``, and render it
    against ``data`` (a full sample), all within the budget; the text, or the error."""

    def compile_check_and_render() -> str:
        template = compile_staff_template(source)
        tree = _parse(source)
        # A name set in a branch ({% if %}{% set x = ... %}) counts as undeclared for Jinja;
        # it is the template's own, and StrictUndefined stops a render that reads it unset.
        assigned = {name.name for name in tree.find_all(nodes.Name) if name.ctx != "load"}
        unknown = meta.find_undeclared_variables(tree) - assigned - set(data) - {"range"}
        if unknown:
            names = ", ".join(sorted(unknown))
            raise LetterTemplateError(
                f"Unknown fields: {names}.", code="unknown_fields", params={"names": names}
            )
        return render_bounded(template, data)

    return render_in_budget(compile_check_and_render)


def render_bounded(template: Template, data: dict[str, Any]) -> str:
    """Render, stopping a template whose output grows past the limit."""
    chunks: list[str] = []
    size = 0
    stream: Iterator[str] = template.generate(**data)
    for chunk in stream:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise LetterTemplateError(
                f"The letter grew past {MAX_OUTPUT_CHARS:,} characters; rendering stopped.",
                code="output_too_long",
                params={"limit": MAX_OUTPUT_CHARS},
            )
        chunks.append(chunk)
    return "".join(chunks)
