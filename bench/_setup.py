"""Shared start-up for the benchmarks: a PostgreSQL database of their own, migrated."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = "chartweek_bench"


def django_on_postgres(database=BENCH_DB):
    """Point Django at DATABASE_URL (or a local database of the bench's own) and migrate."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{database}")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chartweek.settings")
    _create_database(os.environ["DATABASE_URL"])
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _create_database(url):
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
