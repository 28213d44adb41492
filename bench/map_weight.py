"""What a map costs the reader: each file's size as sent (gzip -9, as WhiteNoise serves it).

Prints the geo extension and each boundary file, then the total for a world map
and a US map on top of Chart.js and the renderer. Run: .venv/bin/python bench/map_weight.py
"""

import gzip
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chartweek.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402

from charts.assets import CHARTJS, GEO  # noqa: E402
from charts.geo import BOUNDARY_FILES, Boundary  # noqa: E402

RENDERER = ["js/charts/map.js", "js/charts/mapdraw.js", "js/charts/format.js"]


def sizes(path):
    data = Path(finders.find(path)).read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9))


def main():
    rows = {path: sizes(path) for path in [CHARTJS, GEO, *RENDERER]}
    for boundary in Boundary:
        rows[BOUNDARY_FILES[boundary][0]] = sizes(BOUNDARY_FILES[boundary][0])
    for path, (raw, packed) in rows.items():
        print(f"{path:52} {raw / 1024:8.1f} KiB  gzip {packed / 1024:7.1f} KiB")
    base = sum(rows[path][1] for path in [CHARTJS, GEO, *RENDERER])
    for boundary in Boundary:
        total = base + rows[BOUNDARY_FILES[boundary][0]][1]
        print(f"a {boundary} map's scripts and boundaries, gzip: {total / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
