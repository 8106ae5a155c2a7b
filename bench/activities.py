"""Benchmark of the activities plugin (plugins/activities; PERF-01, PERF-02): run by hand, never by `make test`.

    .venv/bin/python bench/activities.py [--activities 20000] [--events 5000] [--requests 40]
    DATABASE_URL=postgres://…/werkgroepen_activities_bench .venv/bin/python bench/activities.py

Seeds a database of its own (SQLite file var/bench/activities.sqlite3 unless DATABASE_URL is set) with one
municipality that switched the plugin on, a territory and `--activities` published activities (bulk), then measures
in-process (Django's test client, the full middleware) the p50/p95 of the bare organisation page (baseline), the
public list (with and without filters, and 50 pages deep) and the territory table for a moderator, with the ratio to
the bare page (goal ≤ 1.5×). Then it imports a feed of `--events` UiT events (the shipped sample, repeated with new
ids) and prints the time (goal < 60 s on the 2-core machine).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]


def configure(args):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench" / "activities.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        os.environ["SQLITE_PATH"] = str(path)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # response.context for following the list's cursors

    call_command("migrate", verbosity=0, interactive=False)


def seed(count):
    from django.core.cache import cache
    from django.utils import timezone

    from core.roles.models import Role
    from core.roles.services import assign_role
    from tests.conftest import make_user
    from themes.factories import home_page, organisation_page
    from themes.models import OrganisationPlugin
    from werkgroepen_activities.activities.models import Activity, ActivityDate, ActivityType, Status

    home = home_page()
    houtem = organisation_page(title="Gemeente Houtem", slug="gemeente-houtem", parent=home)
    OrganisationPlugin.objects.create(
        organisation=houtem,
        plugin="werkgroepen_activities",
        enabled=True,
        settings={"postcodes": "8630, 8999", "types": ["ontmoeting", "workshop", "uitstap"]},
    )
    moderator = make_user("moderator@houtem.example", "Moderator Houtem")
    assign_role(user=moderator, role=Role.ORGANISATION_ADMIN, page=houtem)
    kinds = list(ActivityType.objects.filter(code__in=["ontmoeting", "workshop", "uitstap"]))
    now = timezone.now()
    started = time.perf_counter()
    for start in range(0, count, 5000):
        rows = [
            Activity(
                organisation=houtem,
                title=f"Activiteit {i}",
                status=Status.PUBLISHED if i % 5 else Status.DRAFT,
                published_at=now - timedelta(minutes=i),
                changed_at=now - timedelta(minutes=i),
                postcode=("8630", "8999", "9000")[i % 3],
                municipality="Houtem",
                street="Marktplein 1",
                organiser_name=f"Organisator {i % 40}",
                language_hint=i % 4 == 0,
                starts_at=now + timedelta(hours=i % 5000 + 1),
                ends_at=now + timedelta(hours=i % 5000 + 3),
            )
            for i in range(start, min(start + 5000, count))
        ]
        created = Activity.objects.bulk_create(rows)
        ActivityDate.objects.bulk_create([ActivityDate(activity=a, start=a.starts_at, end=a.ends_at) for a in created])
        Activity.types.through.objects.bulk_create(
            [Activity.types.through(activity=a, activitytype=kinds[a.pk % 3]) for a in created]
        )
    cache.clear()
    print(f"seeded {count} activities in {time.perf_counter() - started:.1f} s")
    return houtem, moderator


def measure(client, url, n, params=None):
    client.get(url, params or {})
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, params or {})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def deep_cursor(client, url, pages):
    cursor = ""
    for _ in range(pages):
        page = client.get(url, {"na": cursor} if cursor else {}).context["page"]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    return cursor


def bench_pages(houtem, moderator, n):
    from django.test import Client

    visitor = Client()
    member = Client()
    member.force_login(moderator)
    public = f"/activiteiten/{houtem.slug}/"
    territory = f"{public}grondgebied/"
    rows = [
        ("bare organisation page (visitor)", visitor, houtem.url, None),
        ("public list", visitor, public, None),
        (
            "public list, type + postcode + hint",
            visitor,
            public,
            {"type": "ontmoeting", "postcode": "8999", "language_hint": "on"},
        ),
        ("public list, 50 pages deep", visitor, public, {"na": deep_cursor(visitor, public, 50)}),
        ("bare organisation page (moderator)", member, houtem.url, None),
        ("territory table (moderator)", member, territory, None),
        ("territory table, search + status", member, territory, {"q": "Activiteit 1", "status": "published"}),
    ]
    results = {}
    print(f"\n{'page':45} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6}")
    for label, client, url, params in rows:
        p50, p95 = measure(client, url, n, params)
        results[label] = p50
        base = results.get(
            "bare organisation page (moderator)" if client is member else "bare organisation page (visitor)", p50
        )
        print(f"{label:45} {p50:8.1f} {p95:8.1f} {p50 / base:6.2f}")


def bench_import(houtem, events):
    from django.db import transaction

    from werkgroepen_activities.feed.services import SAMPLE, feed_import

    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))["member"]
    feed = []
    for i in range(events):
        event = json.loads(json.dumps(sample[i % len(sample)]))
        event["@id"] = f"{event['@id']}-{i}"
        feed.append(event)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"member": feed}, handle)
    started = time.perf_counter()
    with transaction.atomic():
        run = feed_import(organisation=houtem, source=handle.name)
    elapsed = time.perf_counter() - started
    os.unlink(handle.name)
    print(
        f"\nimport of {events} events: {elapsed:.1f} s ({run.created} new, {run.skipped} skipped, {run.refused} "
        f"refused; {events / elapsed:.0f} events/s)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    configure(args)
    houtem, moderator = seed(args.activities)
    bench_pages(houtem, moderator, args.requests)
    bench_import(houtem, args.events)


if __name__ == "__main__":
    main()
