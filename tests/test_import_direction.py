"""Imports run one way: datasets <- charts <- articles <- api, chartweek underneath all.

Every module of every app is read (not imported) and each `import` of another
app, at the top or inside a function, is checked against the layers. A lower
app that needs a higher app's model looks it up when called (apps.get_model).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Lowest first: an app may import itself and the apps before it.
LAYERS = ["chartweek", "datasets", "charts", "articles", "api"]
# Edges that still run the wrong way, each with its reason. Remove a line when
# its edge goes; the test below fails on a line that no longer matches anything.
IGNORED = {
    # The root URLconf and the restore command assemble every app: they sit on top.
    ("chartweek.urls", "articles"),
    ("chartweek.management.commands.restore", "articles"),
    ("chartweek.management.commands.restore", "datasets"),
    # The page cache's tags learn the next scheduled publication and when the published
    # set last changed from the articles; lazy imports.
    ("chartweek.cachetags", "articles"),
    # The admin pages show "used in articles" and move charts to newer data through the
    # article services, since the publisher-only rule for a published chart's data asks
    # which articles show it; the chart form asks that rule (articles/publishing.py).
    ("charts.admin", "articles"),
    ("charts.forms", "articles"),
    ("datasets.admin", "articles"),
    # The dataset page lists the charts and articles that use it.
    ("datasets.views", "articles"),
    ("datasets.views", "charts"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_apps(path: Path) -> set[str]:
    """The apps of LAYERS that a module imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in LAYERS)
    return found


def all_edges() -> set[tuple[str, str]]:
    edges = set()
    for app in LAYERS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # generated; they name models by string
            module = module_name(path)
            edges.update((module, target) for target in imported_apps(path) if target != app)
    return edges


def wrong_way(edges: set[tuple[str, str]]) -> set[tuple[str, str]]:
    rank = {app: i for i, app in enumerate(LAYERS)}
    return {(m, t) for m, t in edges if rank[t] > rank[m.split(".")[0]]}


def test_every_app_imports_only_the_apps_beneath_it():
    assert sorted(wrong_way(all_edges()) - IGNORED) == []


def test_every_ignored_edge_still_exists():
    assert sorted(IGNORED - wrong_way(all_edges())) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from articles.models import Article", {"articles"}),
        ("def f():\n    import api.views", {"api"}),
        ("from django.db import models\nfrom . import x", set()),
    ],
)
def test_imported_apps_sees_top_level_and_lazy_imports(tmp_path, source, expected):
    module = tmp_path / "m.py"
    module.write_text(source)
    assert imported_apps(module) == expected


def test_wrong_way_flags_an_upward_edge_only():
    assert wrong_way({("datasets.models", "charts"), ("charts.models", "datasets")}) == {
        ("datasets.models", "charts")
    }
