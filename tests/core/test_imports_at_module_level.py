"""The tracker's own modules are imported at the top of a module, never inside a function.

An import inside a function hides a dependency from the import contracts (``lint-imports``): it is
how a cycle between two modules used to be dodged. One place is left: ``AppConfig.ready``, where
Django requires it (models load only once the registry is ready). Imports of other libraries
inside a function are left alone (openpyxl is imported only by what reads or writes XLSX, to spare
the others its start-up cost).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWN_PACKAGES = ("requests_tracker", "letters")
# (where: a file, or the package a module will become; the function)
ALLOWED = (
    ("requests_tracker/collective/apps.py", "ready"),
    ("requests_tracker/following/apps.py", "ready"),
    ("requests_tracker/mail/apps.py", "ready"),
    ("requests_tracker/reading/apps.py", "ready"),
    ("requests_tracker/search/apps.py", "ready"),
)


def imported_module(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        return [node.module or ""]
    return [alias.name for alias in node.names]


def function_level_imports(path: Path) -> list[tuple[str, str, int]]:
    """(function, module, line) of every import of our own packages inside a function."""
    found = []
    for function in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for module in imported_module(node):
                    if module.split(".")[0] in OWN_PACKAGES:
                        found.append((function.name, module, node.lineno))
    return found


def is_allowed(path: str, function: str) -> bool:
    return any(path.startswith(where) and function == name for where, name in ALLOWED)


def test_no_function_imports_the_trackers_own_modules_except_where_django_requires_it() -> None:
    # given: every module of the tracker and of letters, migrations aside
    paths = [
        path
        for package in OWN_PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]

    # when
    found = [
        f"{path.relative_to(ROOT)}:{line} {function}() imports {module}"
        for path in paths
        for function, module, line in function_level_imports(path)
        if not is_allowed(str(path.relative_to(ROOT)), function)
    ]

    # then
    assert found == []
