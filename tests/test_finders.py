"""chartweek/finders.py: single files from npm packages, and nothing else of theirs."""

from django.contrib.staticfiles import finders

from chartweek.finders import NodeFileFinder


def test_the_listed_boundary_files_are_found_and_nothing_else_of_their_packages():
    assert finders.find("vendor/world-atlas/countries-110m.json").endswith(
        "node_modules/world-atlas/countries-110m.json"
    )
    assert finders.find("vendor/world-atlas/countries-10m.json") is None
    assert finders.find("vendor/us-atlas/package.json") is None


def test_collectstatic_lists_each_file_under_its_static_path():
    listed = {
        f"{storage.prefix}/{name}" for name, storage in NodeFileFinder().list(ignore_patterns=[])
    }
    assert "vendor/us-atlas/counties-10m.json" in listed
    assert "vendor/chartjs-chart-geo/index.umd.min.js" in listed
    assert not any("50m" in path or "land" in path for path in listed)
