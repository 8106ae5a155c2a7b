"""Theme page latency with 100,000 posts, next to a bare Wagtail page on the same server (PERF-01).

Seeds one theme with N posts (reactions, stars, categories, filter options, member organisations) into a
database of its own, serves the site with gunicorn (bench.settings: DEBUG off, WhiteNoise), and measures
p50/p95 latency of the theme page for each sort, with facets, ~50 "Load more" pages deep and as the htmx
fragment, for a visitor and a signed-in member, beside a bare organisation page (no themes, no posts).

    .venv/bin/python bench/theme_listing.py                                  # SQLite file var/bench/bench.sqlite3
    .venv/bin/python bench/theme_listing.py --database-url postgres://u:p@127.0.0.1:5432/werkgroepen_bench

See bench/README.md for the options and the numbers measured.
"""

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT / "site", ROOT):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

THEME_SLUG = "bench-mobiliteit"
BATCH = 5_000
TARGET_RATIO = 1.5
MORE_LINK = re.compile(r'<a class="button button--secondary" href="([^"]+)" hx-get="([^"]+)"')
POST_ITEM = re.compile(r'<li class="post-card" id="bericht-(\d+)">')


# --- Database -------------------------------------------------------------------------------------------------


def configure(args):
    """Point Django at the benchmark's own database (created when missing) and set it up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_STATIC_ROOT"] = str(args.var / "static")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        os.environ.pop("SQLITE_PATH", None)
        _create_postgres_database(args.database_url, drop=args.reseed)
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(args.sqlite)
        args.sqlite.parent.mkdir(parents=True, exist_ok=True)
        if args.reseed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{args.sqlite}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)


def _create_postgres_database(url, *, drop):
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    if name in ("werkgroepen", "postgres", "template1") or "bench" not in name:
        sys.exit(f"Refusing to use database {name!r}: give the benchmark a database of its own (…_bench).")
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- Seeding --------------------------------------------------------------------------------------------------


def seed(posts_wanted, *, seed_value=20261124):
    """The benchmark's pages and posts; nothing is done when they are already there."""
    from participation.models import Post
    from themes.models import ThemePage

    theme = ThemePage.objects.filter(slug=THEME_SLUG).first()
    if theme is not None and Post.objects.filter(theme=theme).count() == posts_wanted:
        print(f"Reusing the seeded database ({posts_wanted:,} posts).")
        return
    if theme is not None:
        sys.exit("The benchmark database holds another number of posts: run again with --reseed.")
    started = time.perf_counter()
    _seed(posts_wanted, random.Random(seed_value))  # noqa: S311 - test data, not secrets
    print(f"Seeded {posts_wanted:,} posts in {time.perf_counter() - started:.1f} s.")


def _seed(posts_wanted, rng):
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from core.models import User
    from participation import factories
    from participation.models import NO_REACTION_YET, Membership, Post, PostFilterOption, PostStatus, Reaction, Star
    from themes.factories import home_page, organisation_page, subtheme_page, theme_page
    from themes.models import GroupType, MemberOrganisation, ThemeMemberOrganisation

    home_page()
    organisation = organisation_page(title="Gemeente Benchdorp", slug="gemeente-benchdorp")
    organisation_page(title="Kale organisatie", slug="kale-organisatie")  # the bare page: no themes, no posts
    theme = theme_page(title="Mobiliteit", slug=THEME_SLUG, organisation=organisation, group_type=GroupType.OPEN)
    subthemes = [subtheme_page(title=title, theme=theme) for title in ("Fietspaden", "Openbaar vervoer")]
    empty = theme_page(title="Leeg thema", slug="bench-leeg", organisation=organisation, group_type=GroupType.OPEN)
    categories = [factories.category(page=theme, name=name) for name in ("Vraag", "Idee", "Verslag", "Nieuws")]
    groups = [
        factories.filter_group(page=theme, name="Regio", options=["Noord", "Oost", "Zuid", "West"]),
        factories.filter_group(page=theme, name="Doelgroep", options=["Jong", "Volwassen", "Senior"]),
    ]
    for page in (empty,):
        factories.category(page=page, name="Vraag")
        factories.filter_group(page=page, name="Regio", options=["Noord", "Zuid"])
    options = [list(group.options.order_by("sort_order")) for group in groups]
    fiches = []
    for name in ("Fietsersbond", "Buurtcomité Noord", "Ouderenraad", "Jeugdraad", "Handelaarsvereniging"):
        fiche = MemberOrganisation.objects.create(organisation=organisation, name=name)
        ThemeMemberOrganisation.objects.create(page=theme, member_organisation=fiche)
        fiches.append(fiche)

    password = make_password(None)
    users = User.objects.bulk_create(
        [User(email=f"lid{i}@bench.example", display_name=f"Lid {i}", password=password) for i in range(300)]
    )
    Membership.objects.bulk_create(
        [Membership(user=user, theme=theme, status="approved") for user in users]
        + [Membership(user=user, theme=empty, status="approved") for user in users[:5]]
    )

    start = datetime(2024, 1, 1, tzinfo=UTC)
    made = 0
    while made < posts_wanted:
        size = min(BATCH, posts_wanted - made)
        rows, plans = [], []
        for i in range(made, made + size):
            when = start + timedelta(seconds=i * 300 + rng.randrange(300))
            reactions = rng.choices([0, 1, 2, 3, 5, 8, 15], weights=[55, 20, 10, 6, 5, 3, 1])[0]
            stars = rng.choices([0, 1, 2, 3, 5, 10, 25], weights=[60, 18, 9, 6, 4, 2, 1])[0]
            reaction_times = sorted(when + timedelta(minutes=rng.randrange(1, 60 * 24 * 30)) for _ in range(reactions))
            status = PostStatus.PENDING if rng.random() < 0.02 else PostStatus.PUBLISHED
            rows.append(
                Post(
                    theme_id=theme.pk,
                    page_id=rng.choice(subthemes).pk if rng.random() < 0.15 else theme.pk,
                    author=rng.choice(users),
                    on_behalf_of=rng.choice(fiches) if rng.random() < 0.3 else None,
                    category=rng.choice(categories),
                    title=f"Bericht {i}: {rng.choice(['fietspad', 'bushalte', 'zebrapad', 'parking', 'speelstraat'])}",
                    body="<p>" + "Een voorstel voor een betere buurt. " * rng.randrange(2, 12) + "</p>",
                    body_source="Een voorstel.",
                    section="public",
                    status=status,
                    sort_at=when,
                    published_at=when if status == PostStatus.PUBLISHED else None,
                    star_count=stars,
                    reaction_count=reactions,
                    last_reaction_at=reaction_times[-1] if reaction_times else NO_REACTION_YET,
                )
            )
            picked = [rng.choice(group) for group in options if rng.random() < 0.7]
            plans.append((picked, reaction_times, rng.sample(users, stars)))
        with transaction.atomic():
            created = Post.objects.bulk_create(rows)
            PostFilterOption.objects.bulk_create(
                [
                    PostFilterOption(post=post, option=option)
                    for post, plan in zip(created, plans, strict=True)
                    for option in plan[0]
                ]
            )
            Reaction.objects.bulk_create(
                [
                    Reaction(
                        post=post,
                        author=rng.choice(users),
                        body="<p>Eens!</p>",
                        body_source="Eens!",
                        status=PostStatus.PUBLISHED,
                        published_at=moment,
                    )
                    for post, plan in zip(created, plans, strict=True)
                    for moment in plan[1]
                ]
            )
            Star.objects.bulk_create(
                [Star(post=post, user=user) for post, plan in zip(created, plans, strict=True) for user in plan[2]]
            )
        made += size
        print(f"  {made:,} posts", end="\r", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def member_session():
    """A session cookie of a member of the theme (value for the Cookie header)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from core.models import User

    user = User.objects.get(email="lid1@bench.example")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


# --- Server ---------------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(args):
    args.port = args.port or free_port()
    env = dict(os.environ)
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi:application",
        "--pythonpath",
        f"{ROOT / 'site'},{ROOT}",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 - our own gunicorn, fixed arguments
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped (is port {args.port} taken?)")
        try:
            if fetch(args.port, "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.25)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz within 60 s")


def fetch(port, path, headers=None, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": "localhost", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        return response.status, body.decode("utf-8", "replace"), dict(response.getheaders())
    finally:
        if own:
            connection.close()


def local_path(url):
    parts = urlsplit(unescape(url))
    return urlunsplit(("", "", parts.path, parts.query, ""))


# --- Measuring ------------------------------------------------------------------------------------------------


def measure(port, path, *, headers, requests, concurrency, expect):
    """p50 and p95 in ms and requests per second of `requests` GETs of `path` from `concurrency` threads."""
    status, body, _headers = fetch(port, path, headers)  # warm up, and check the answer is what we measure
    if status != 200 or not expect(body):
        raise SystemExit(f"{path}: unexpected answer {status}")
    for _ in range(3):
        fetch(port, path, headers)
    latencies, failures = [], []
    remaining = [requests]
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if remaining[0] == 0:
                    break
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                status, _body, _headers = fetch(port, path, headers, connection)
            except (OSError, http.client.HTTPException) as error:
                failures.append(repr(error))
                connection.close()
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    failures.append(status)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{path}: {len(failures)} failed requests, e.g. {failures[:3]}")
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50": quantiles[49] * 1000, "p95": quantiles[94] * 1000, "rps": len(latencies) / wall}


def deep_path(port, path, headers, pages):
    """The "Load more" page (and fragment) `pages` pages deep from `path`, found by following the links."""
    fragment = None
    for _ in range(pages - 1):
        status, body, _headers = fetch(port, path, headers)
        link = MORE_LINK.search(body)
        if status != 200 or not link:
            raise SystemExit(f"{path}: no 'Load more' link")
        path, fragment = local_path(link.group(1)), local_path(link.group(2))
    return path, fragment


def listed(count):
    return lambda body: len(POST_ITEM.findall(body)) == count


def scenarios(port, args):
    from themes.models import FilterGroup, MemberOrganisation, OrganisationPage, ThemePage

    theme = ThemePage.objects.get(slug=THEME_SLUG)
    theme_path = theme.url
    empty_path = ThemePage.objects.get(slug="bench-leeg").url
    regio = FilterGroup.objects.get(page=theme, name="Regio")
    noord = regio.options.get(name="Noord")
    bond = MemberOrganisation.objects.get(name="Fietsersbond")
    vraag = theme.categories.get(name="Vraag")
    facets = f"categorie={vraag.pk}&filter-{regio.pk}={noord.pk}&organisatie={bond.pk}"
    page_size = 20
    member = {"Cookie": member_session()}
    htmx = {"HX-Request": "true"}

    bare_path = OrganisationPage.objects.get(slug="kale-organisatie").url
    rows = [("bare organisation page", bare_path, {}, lambda body: "<h1>" in body and not POST_ITEM.search(body))]
    rows.append(("empty theme page (no posts)", f"{empty_path}?tab=berichten", {}, listed(0)))
    for sort in ("recent", "reactions", "recent-reactions", "stars"):
        rows.append((f"theme, {sort}", f"{theme_path}?tab=berichten&sort={sort}", {}, listed(page_size)))
    for sort in ("recent", "stars"):
        rows.append(
            (f"theme, {sort}, 3 facets", f"{theme_path}?tab=berichten&sort={sort}&{facets}", {}, listed(page_size))
        )
    for sort in ("recent", "reactions", "recent-reactions", "stars"):
        deep, fragment = deep_path(port, f"{theme_path}?tab=berichten&sort={sort}", {}, args.depth)
        rows.append((f"theme, {sort}, page {args.depth}", deep, {}, listed(page_size)))
        if sort in ("recent", "stars"):
            rows.append((f"fragment, {sort}, page {args.depth}", fragment, htmx, listed(page_size)))
    two_facets = f"categorie={vraag.pk}&filter-{regio.pk}={noord.pk}"
    deep, _fragment = deep_path(port, f"{theme_path}?tab=berichten&sort=stars&{two_facets}", {}, args.depth)
    rows.append((f"theme, stars, 2 facets, page {args.depth}", deep, {}, listed(page_size)))
    rows.append(("member: bare organisation page", rows[0][1], member, rows[0][3]))
    rows.append(("member: theme, recent", f"{theme_path}?tab=berichten", member, listed(page_size)))
    rows.append(
        ("member: theme, stars, 3 facets", f"{theme_path}?tab=berichten&sort=stars&{facets}", member, listed(page_size))
    )
    deep, _fragment = deep_path(port, f"{theme_path}?tab=berichten&sort=reactions", member, args.depth)
    rows.append((f"member: theme, reactions, page {args.depth}", deep, member, listed(page_size)))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database of its own (name containing 'bench')")
    parser.add_argument("--sqlite", type=Path, default=ROOT / "var" / "bench" / "bench.sqlite3")
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--reseed", action="store_true", help="drop the benchmark database and seed it again")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (PERF-01: 4)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--requests", type=int, default=200, help="requests per scenario")
    parser.add_argument("--depth", type=int, default=50, help="how many 'Load more' pages deep")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--var", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args()

    configure(args)
    seed(args.posts)
    print(f"load average at the start: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    server = start_server(args)
    try:
        rows = scenarios(args.port, args)
        results = []
        baseline = None
        for name, path, headers, expect in rows:
            result = measure(
                args.port, path, headers=headers, requests=args.requests, concurrency=args.concurrency, expect=expect
            )
            if name.endswith("bare organisation page"):
                baseline = result
            results.append((name, result, baseline))
            print(
                f"  {name:<40} p50 {result['p50']:7.1f} ms  p95 {result['p95']:7.1f} ms  {result['rps']:6.1f} req/s",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    from django.db import connection

    print()
    print(
        f"{args.posts:,} posts, {connection.vendor}, gunicorn {args.workers} sync workers, "
        f"{args.concurrency} client threads, {args.requests} requests per row"
    )
    print(f"{'scenario':<42}{'p50 ms':>8}{'p95 ms':>8}{'req/s':>8}{'p50/bare':>10}{'p95/bare':>10}")
    for name, result, base in results:
        p50_ratio, p95_ratio = result["p50"] / base["p50"], result["p95"] / base["p95"]
        bare = name.endswith("bare organisation page")
        verdict = "" if bare else ("  ok" if max(p50_ratio, p95_ratio) <= TARGET_RATIO else "  over")
        print(
            f"{name:<42}{result['p50']:8.1f}{result['p95']:8.1f}{result['rps']:8.1f}"
            f"{p50_ratio:9.2f}×{p95_ratio:9.2f}×{verdict}"
        )
    print(f"target: within {TARGET_RATIO}× of the bare page (same visitor, same server, same run)")
    print(f"load average at the end: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
