"""No module of the project is past 400 lines: a bigger one becomes a package split by sub-topic.

Migrations are generated, so they are left out; the tests are not part of the code they measure.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("requests_tracker", "letters")
MAX_LINES = 400


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def project_modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def test_the_size_check_sees_the_modules_and_counts_their_lines(tmp_path: Path) -> None:
    # given: a file of 401 lines and the project's own modules
    module = tmp_path / "long.py"
    module.write_text("x = 1\n" * 401, encoding="utf-8")

    # when
    modules = project_modules()

    # then: the count is exact, and migrations are skipped but ordinary modules are seen
    assert line_count(module) == 401
    assert ROOT / "requests_tracker" / "settings" / "base.py" in modules
    assert ROOT / "letters" / "__init__.py" in modules
    assert not [path for path in modules if "migrations" in path.parts]


def test_no_module_outside_migrations_is_longer_than_400_lines() -> None:
    # given: every module of the project's packages, migrations left out
    modules = project_modules()

    # when
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if (lines := line_count(path)) > MAX_LINES
    }

    # then
    assert too_long == {}, f"split these into packages by sub-topic: {too_long}"
