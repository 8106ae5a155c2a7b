"""Export of a big space (issue 13 "Performance"): a space with 2,000 items and 200 MB of files, exported in the
background in under 2 minutes with memory under 300 MB, the files streamed into the ZIP.

Seeds one space into a database of its own (SQLite by default, or PostgreSQL with --database-url): a young person
and a counsellor, goals, actions, agreements, log entries and conversations with messages (2,000 items in all, of
which 100 are documents), and 100 files of 2 MB of random bytes (incompressible, like photos and scans) under a
files folder of its own. Then a fresh process — as the ``db_worker`` would — builds the young person's export with
the export service (``trajectories.export.services.export_build``) and reports the time, the peak resident memory
of that process (``ru_maxrss``: everything, Django included) and the size of the ZIP.

    .venv/bin/python bench/space_export.py                      # SQLite in var/bench/space_export.sqlite3
    .venv/bin/python bench/space_export.py --database-url postgres://u:p@127.0.0.1:5432/werkgroepen_bench_export

Options: --items 2000 --files 100 --file-mb 2 --reseed. Targets: < 120 s, < 300 MB. Not part of `make test`;
numbers in bench/README.md.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT / "site", ROOT):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

TITLE = "Bench: werkruimte met 2000 items"
BENCH_DIR = ROOT / "var" / "bench"


def configure(args):
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["WERKGROEPEN_TRAJECTORY_FILES_ROOT"] = str(BENCH_DIR / "space_export_files")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        os.environ.pop("SQLITE_PATH", None)
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(Path(args.sqlite).resolve())
    import django

    django.setup()


def prepare(args):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if args.database_url:
        from bench.theme_listing import _create_postgres_database

        _create_postgres_database(args.database_url, drop=args.reseed)
    elif args.reseed and Path(args.sqlite).exists():
        Path(args.sqlite).unlink()
    configure(args)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(args):
    """The space, its people, its items and its files; reused when it is there already."""
    from django.core.files.base import ContentFile
    from django.db import transaction

    from core.models import User
    from trajectories.access import Audience, ParticipantStatus, Regie, Role
    from trajectories.documents.models import Document, DocumentKind, DocumentVersion
    from trajectories.logbook.models import LogEntry
    from trajectories.messaging.models import Message, MessageThread
    from trajectories.plan.models import Action, Agreement, Goal
    from trajectories.spaces.models import Participant, Trajectory

    space = Trajectory.objects.filter(title=TITLE).first()
    if space is not None:
        print(f"Reusing the seeded space {space.pk} (run with --reseed to seed it again).")
        return space
    started = time.perf_counter()
    with transaction.atomic():
        young = User.objects.create_user(email="jongere@bench-export.example", password=None, display_name="Yasmine")
        pro = User.objects.create_user(email="begeleider@bench-export.example", password=None, display_name="Bram")
        space = Trajectory.objects.create(title=TITLE, started_by=young, regie=Regie.CLIENT)
        seats = [
            Participant.objects.create(
                trajectory=space, user=user, email=user.email, role=role, status=ParticipantStatus.ACTIVE
            )
            for user, role in ((young, Role.CLIENT), (pro, Role.NETWORK))
        ]
        text = "Vandaag praatten we over school, vrienden en wat er thuis goed ging. " * 6
        plain = args.items - args.files
        per_kind = plain // 5
        goals = Goal.objects.bulk_create(
            Goal(trajectory=space, author=seats[i % 2], audience=Audience.EVERYONE, title=f"Doel {i}", description=text)
            for i in range(per_kind)
        )
        Action.objects.bulk_create(
            Action(trajectory=space, author=seats[i % 2], audience=Audience.EVERYONE, goal=goals[i], title=f"Actie {i}")
            for i in range(per_kind)
        )
        Agreement.objects.bulk_create(
            Agreement(trajectory=space, author=seats[i % 2], audience=Audience.EVERYONE, title=f"Afspraak {i}")
            for i in range(per_kind)
        )
        LogEntry.objects.bulk_create(
            LogEntry(trajectory=space, author=seats[i % 2], audience=Audience.EVERYONE, text=f"{i}: {text}")
            for i in range(per_kind)
        )
        threads = MessageThread.objects.bulk_create(
            MessageThread(trajectory=space, author=seats[0], audience=Audience.EVERYONE, subject=f"Gesprek {i}")
            for i in range(plain - 4 * per_kind)
        )
        Message.objects.bulk_create(
            Message(thread=thread, trajectory=space, author=seats[j % 2], text=f"Bericht {j} in {thread.subject}")
            for thread in threads
            for j in range(5)
        )
        for i in range(args.files):
            document = Document.objects.create(
                trajectory=space,
                author=seats[i % 2],
                audience=Audience.EVERYONE,
                title=f"Verslag {i}",
                kind=DocumentKind.FILE,
                version=1,
            )
            version = DocumentVersion(
                document=document,
                number=1,
                author=seats[i % 2],
                original_name=f"verslag-{i}.pdf",
                content_type="application/pdf",
                size=args.file_mb * 1024 * 1024,
            )
            version.file.save("bestand", ContentFile(os.urandom(args.file_mb * 1024 * 1024)), save=False)
            version.save()
    print(
        f"Seeded {args.items:,} items and {args.files} files of {args.file_mb} MB in {time.perf_counter() - started:.1f} s."
    )
    return space


def build(export_id):
    """Run in a fresh process (like the worker): build one export and print what it took, as JSON."""
    from trajectories.export.models import SpaceExport
    from trajectories.export.services import export_build

    started = time.perf_counter()
    export_build(export_id=export_id)
    elapsed = time.perf_counter() - started
    export = SpaceExport.objects.get(pk=export_id)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "status": export.status, "size": export.size}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--sqlite", default=str(BENCH_DIR / "space_export.sqlite3"))
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--file-mb", type=int, default=2)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--build", type=int, default=0, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.build:
        configure(args)
        build(args.build)
        return
    prepare(args)
    space = seed(args)

    from trajectories.export.models import SpaceExport
    from trajectories.spaces.models import Participant

    young = Participant.objects.get(trajectory=space, role="client")
    export = SpaceExport.objects.create(trajectory=space, user_id=young.user_id, participant=young)
    child = [sys.executable, __file__, "--build", str(export.pk), "--sqlite", args.sqlite]
    if args.database_url:
        child += ["--database-url", args.database_url]
    result = json.loads(
        subprocess.run(child, check=True, capture_output=True, text=True)  # noqa: S603 - this script, fixed arguments
        .stdout.strip()
        .splitlines()[-1]
    )
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"{database}: export of {args.items:,} items and {args.files * args.file_mb} MB of files: "
        f"{result['seconds']:.1f} s, peak memory {result['peak_mb']:.0f} MB, ZIP {result['size'] / 1024 / 1024:.0f} MB "
        f"({result['status']}). Targets: < 120 s, < 300 MB."
    )
    export.refresh_from_db()
    if export.file_name:
        from trajectories.documents.models import files_storage

        files_storage().delete(export.file_name)


if __name__ == "__main__":
    main()
