"""Chart transforms on a 1,000,000-row table: how long each kind of step takes.

    .venv/bin/python bench/transforms.py [ROWS]

Builds, in memory, a table as the ingest stores one (a text category of 40
values, an ISO date, an integer, a Decimal with two places, some missing),
then times charts.transforms.apply for a group-by (count, sum, mean, median),
a filter, a pivot into 40 series, a sort with top 10 + Other, a share and a
running total. No database. Prints seconds (and this process's CPU seconds,
which a busy machine inflates less) and rows out per step.
"""

import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chartweek.settings")
    import django

    django.setup()
    from pydantic import TypeAdapter

    from charts.transforms import Table, Transforms, apply
    from datasets.models import ColumnType as T

    rng = random.Random(15)
    categories = [f"district {i}" for i in range(40)]
    rows = [
        [
            rng.choice(categories),
            f"20{10 + i % 15}-{1 + i % 12:02d}-01",
            rng.randint(0, 10**6),
            None if i % 97 == 0 else Decimal(rng.randint(-(10**8), 10**8)).scaleb(-2),
        ]
        for i in range(ROWS)
    ]
    table = Table(
        ["district", "month", "count", "amount"], rows, [T.STRING, T.DATE, T.INTEGER, T.NUMBER]
    )
    cases = {
        "group by, count": [{"op": "group", "by": "district"}],
        "group by, sum + mean + median": [
            {
                "op": "group",
                "by": "district",
                "aggregates": [
                    {"function": "sum", "column": "amount"},
                    {"function": "mean", "column": "amount", "name": "mean"},
                    {"function": "median", "column": "amount", "name": "median"},
                ],
            }
        ],
        "filter (>=)": [{"op": "filter", "column": "amount", "operator": ">=", "value": 0}],
        "pivot, 40 series (sum)": [
            {"op": "pivot", "category": "district", "value": "amount", "label": "month"}
        ],
        "sort + top 10 + Other": [{"op": "top", "n": 10, "by": "amount"}],
        "share of total": [{"op": "share", "columns": ["amount"]}],
        "running total": [{"op": "running_total", "columns": ["amount"]}],
    }
    adapter = TypeAdapter(Transforms)
    load = os.getloadavg()[0]
    print(f"{ROWS:,} rows x 4 columns (Python {sys.version.split()[0]}, load average {load:.1f})")
    for name, steps in cases.items():
        parsed = adapter.validate_python(steps)
        start, cpu = time.perf_counter(), time.process_time()
        out = apply(table, parsed)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"  {name:32} {seconds:6.2f} s ({cpu:5.2f} s CPU)  {len(out.rows):>9,} rows out")


if __name__ == "__main__":
    main()
