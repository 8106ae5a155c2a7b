"""Push mail to 10,000 members (issue 4 "Benchmark"): the sending request, delivery to a local SMTP server, and
the worker's memory.

Seeds a theme with N approved members into a PostgreSQL database of its own, serves the site with gunicorn
(bench.settings: DEBUG off), runs the real django-tasks worker (`manage.py db_worker`) with Django's SMTP backend
pointed at a local aiosmtpd sink, and, as the theme's moderator, posts the push mail form ("send to all"). It
measures the time of that request, the time until every message reached the sink, counts every Message-ID
(duplicates and missing ones), and samples the worker's resident memory (RSS, and its peak VmHWM).

    .venv/bin/python bench/push_mail.py --database-url postgres://u:p@127.0.0.1:5432/werkgroepen_bench_pushmail

Targets: request <= 300 ms; all messages at the sink within 5 minutes, no duplicates; worker under 300 MB.
See bench/README.md for the numbers measured. Not part of `make test`.
"""

import argparse
import http.client
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT / "site", ROOT):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench.theme_listing import _create_postgres_database, free_port  # noqa: E402
from tests.core.outbox.slow_sink import SlowSink  # noqa: E402

THEME_SLUG = "bench-pushmail"
MODERATOR = "beheerder@bench-pushmail.example"


def configure(args, sink_port):
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["EMAIL_HOST"] = "127.0.0.1"
    os.environ["EMAIL_PORT"] = str(sink_port)
    os.environ.pop("SQLITE_PATH", None)
    os.environ["BENCH_STATIC_ROOT"] = str(ROOT / "var" / "bench" / "static")
    _create_postgres_database(args.database_url, drop=args.reseed)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # bench.settings: hashed static files


def seed(members):
    from django.db import transaction

    from core.models import Role, User
    from core.roles.services import assign_role
    from participation.models import Membership, MembershipStatus
    from themes.factories import home_page, organisation_page, theme_page
    from themes.models import GroupType, ThemePage

    theme = ThemePage.objects.filter(slug=THEME_SLUG).first()
    if theme is not None:
        count = Membership.objects.filter(theme=theme, status=MembershipStatus.APPROVED).count()
        if count != members:
            sys.exit(f"The database holds {count} members, not {members}: run again with --reseed.")
        print(f"Reusing the seeded database ({members:,} members).")
        return theme
    started = time.perf_counter()
    with transaction.atomic():
        home_page()
        organisation = organisation_page(title="Gemeente Pushdorp", slug="gemeente-pushdorp")
        theme = theme_page(title="Buurtwerking", slug=THEME_SLUG, organisation=organisation, group_type=GroupType.OPEN)
        moderator = User.objects.create_user(email=MODERATOR, password=None, display_name="Beheerder")
        assign_role(user=moderator, role=Role.MODERATOR, page=theme)
        users = User.objects.bulk_create(
            (
                User(email=f"lid{n}@bench-pushmail.example", display_name=f"Lid {n}", password="!")  # noqa: S106 - unusable
                for n in range(members)
            ),
            batch_size=2_000,
        )
        Membership.objects.bulk_create(
            (Membership(user=user, theme=theme, status=MembershipStatus.APPROVED) for user in users), batch_size=2_000
        )
    print(f"Seeded {members:,} members in {time.perf_counter() - started:.1f} s.")
    return theme


def reset():
    """Forget earlier runs: their push mails, outbox rows and tasks."""
    from django_tasks_db.models import DBTaskResult

    from core.models import OutboundMessage
    from participation.pushmail.models import PushMail

    PushMail.objects.all().delete()
    OutboundMessage.objects.all().delete()
    DBTaskResult.objects.all().delete()


def moderator_session():
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from core.models import User

    user = User.objects.get(email=MODERATOR)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def start(command, env):
    return subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 - our own programs, fixed arguments


def wait_for_server(port, server):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz", headers={"Host": "localhost"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    sys.exit("gunicorn did not answer within 60 s")


def request(port, method, path, headers, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request(method, path, body=body, headers={"Host": "localhost", **headers})
    response = connection.getresponse()
    content = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response, content.decode("utf-8", "replace"), elapsed


class MemorySampler(threading.Thread):
    """Samples the resident memory of a process (and its children) every 100 ms."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss = 0
        self.peak_hwm = 0
        self.stop = threading.Event()

    @staticmethod
    def _status(pid, field):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
        except OSError:
            return 0
        return 0

    def _children(self):
        try:
            return [int(p) for p in Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()]
        except OSError:
            return []

    def run(self):
        while not self.stop.is_set():
            pids = [self.pid, *self._children()]
            self.peak_rss = max(self.peak_rss, sum(self._status(pid, "VmRSS") for pid in pids))
            self.peak_hwm = max(self.peak_hwm, self._status(self.pid, "VmHWM"))
            time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="PostgreSQL URL of a database of its own (…_bench…)")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed for delivery")
    args = parser.parse_args()

    sink_port = free_port()
    configure(args, sink_port)
    theme = seed(args.members)
    reset()
    sink = SlowSink().start(sink_port)
    env = dict(os.environ)
    web_port = free_port()
    server = start(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--pythonpath",
            f"{ROOT / 'site'},{ROOT}",
            "--bind",
            f"127.0.0.1:{web_port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env,
    )
    worker = start(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "db_worker",
            "--queue-name",
            "*",
            "--no-reload",
            "--interval",
            "0.2",
            "-v",
            "0",
        ],
        env,
    )
    sampler = MemorySampler(worker.pid)
    sampler.start()
    try:
        wait_for_server(web_port, server)
        cookie = moderator_session()
        compose = f"/deelname/werkgroep/{theme.pk}/pushmail/"
        response, html, _elapsed = request(web_port, "GET", compose, {"Cookie": cookie})
        if response.status != 200:
            sys.exit(f"compose page: {response.status}")
        csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
        csrf = unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
        headers = {
            "Cookie": f"{cookie}; csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": "http://localhost",
            "Referer": f"http://localhost{compose}",
        }
        fields = {
            "csrfmiddlewaretoken": csrf,
            "subject": "Buurtfeest zaterdag",
            "body": "Beste buren,\n\nZaterdag is het **buurtfeest**. Iedereen welkom!\n\n" + "Meer info volgt. " * 50,
            "selection": "all",
        }
        preview, html, preview_time = request(
            web_port, "POST", compose, headers, urlencode({**fields, "token": str(uuid.uuid4()), "preview": "1"})
        )
        if f"{args.members:,}".replace(",", "") not in html.replace(",", "").replace(".", ""):
            print("warning: the preview did not show the member count")
        started = time.perf_counter()
        sent, _html, send_time = request(
            web_port, "POST", compose, headers, urlencode({**fields, "token": str(uuid.uuid4()), "send": "1"})
        )
        if sent.status != 302:
            sys.exit(f"sending answered {sent.status}")
        deadline = started + args.timeout
        while sink.count() < args.members and time.perf_counter() < deadline:
            time.sleep(0.2)
        delivered_after = time.perf_counter() - started
        time.sleep(2)  # anything sent twice would arrive now
        counter = sink.counter()
    finally:
        sampler.stop.set()
        sampler.join()
        for process in (worker, server):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        sink.stop()

    from core.models import OutboundMessage, OutboundStatus

    duplicates = sum(n - 1 for n in counter.values() if n > 1)
    statuses = {s: OutboundMessage.objects.filter(status=s).count() for s in OutboundStatus.values}
    ok = (
        send_time <= 0.3
        and len(counter) == args.members
        and duplicates == 0
        and delivered_after <= args.timeout
        and sampler.peak_rss < 300 * 2**20
    )
    print(f"members                      {args.members:,}")
    print(f"preview request              {preview_time * 1000:.0f} ms (status {preview.status})")
    print(f"sending request              {send_time * 1000:.0f} ms (target <= 300 ms)")
    print(f"all delivered after          {delivered_after:.1f} s (target <= 300 s)")
    print(f"distinct Message-IDs at sink {len(counter):,}")
    print(f"duplicates at sink           {duplicates}")
    print(f"outbox rows                  {statuses}")
    print(f"worker peak RSS (sampled)    {sampler.peak_rss / 2**20:.0f} MB (target < 300 MB)")
    print(f"worker VmHWM                 {sampler.peak_hwm / 2**20:.0f} MB")
    print("RESULT", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
