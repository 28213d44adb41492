"""Helpers shared between test modules live in one place, never in another test module."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# `from tests.x.test_y import ...` or `import tests.test_y`: one test module leaning on another.
FROM_A_TEST_MODULE = re.compile(r"^\s*(from|import)\s+tests(\.\w+)*\.test_\w+", re.MULTILINE)


def test_no_test_module_imports_another():
    leaning = [
        f"{path.relative_to(TESTS)}: {match.group(0).strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        for match in FROM_A_TEST_MODULE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert leaning == [], "move shared helpers to tests/factories.py or a conftest.py"
