"""The one Jinja2 environment for letters: sandboxed, strict about missing fields, bounded.

Default templates live in ``templates/letters/<kind>.<language>.txt.j2``; staff-edited ones are
rendered from their source by the same environment. A template may not reach Python internals
(the sandbox), may not name a field that does not exist (``StrictUndefined``), may not include or
import other templates, and may not build huge ranges, strings or deeply nested loops.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template, nodes, select_autoescape
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "letters"
MAX_RANGE = 1000
MAX_LOOP_DEPTH = 2
MAX_OUTPUT_CHARS = 200_000
MAX_POWER = 64
MAX_REPEAT = 10_000


class LetterTemplateError(Exception):
    """A letter template is refused: the message says why, for the staff member who wrote it."""


def _bounded_range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise SecurityError(f"range() is limited to {MAX_RANGE} items in letter templates")
    return result


def _repeats_too_much(left: Any, right: Any) -> bool:
    sequence_types = (str, list, tuple)
    if isinstance(left, sequence_types) and isinstance(right, int):
        return right > MAX_REPEAT
    return isinstance(right, sequence_types) and isinstance(left, int) and left > MAX_REPEAT


class LetterEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_POWER:
            raise SecurityError(f"powers above {MAX_POWER} are not allowed in letter templates")
        if operator == "*" and _repeats_too_much(left, right):
            raise SecurityError("repeating text that many times is not allowed")
        return super().call_binop(context, operator, left, right)


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


def compile_staff_template(source: str) -> Template:
    """Compile a staff-edited template, refusing what it may not do, with a clear message."""
    try:
        tree = ENVIRONMENT.parse(source)
    except TemplateSyntaxError as error:
        raise LetterTemplateError(
            f"Syntax error on line {error.lineno}: {error.message}"
        ) from error
    if any(tree.find_all((nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends))):
        raise LetterTemplateError("Templates may not include, import or extend other templates.")
    for name in _private_names(tree):
        raise LetterTemplateError(f"Private attributes such as {name} are not allowed.")
    if _loop_depth(tree) > MAX_LOOP_DEPTH:
        raise LetterTemplateError(f"Loops may be nested at most {MAX_LOOP_DEPTH} deep.")
    try:
        return ENVIRONMENT.from_string(source)
    except TemplateError as error:
        raise LetterTemplateError(str(error)) from error


def render_bounded(template: Template, data: dict[str, Any]) -> str:
    """Render, stopping a template whose output grows past the limit."""
    chunks: list[str] = []
    size = 0
    stream: Iterator[str] = template.generate(**data)
    for chunk in stream:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise LetterTemplateError(
                f"The letter grew past {MAX_OUTPUT_CHARS:,} characters; rendering stopped."
            )
        chunks.append(chunk)
    return "".join(chunks)
