"""All mail goes through the outbox (issue 4 §5, REL-03): no module sends e-mail by itself."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]  # tests/core/outbox/ -> the repository
SOURCES = ["site", "participation", "themes", "trajectories", "bench"]
ALLOWED = {Path("site/core/outbox/services.py")}
FORBIDDEN = re.compile(
    r"from django\.core\.mail import|django\.core\.mail\.(send|mail_)|(?<!def )\b(send_mail|send_mass_mail|"
    r"mail_admins|mail_managers)\(|\bEmail(Multi)?(Alternatives|Message)\("
)


def test_no_mail_is_sent_outside_the_outbox():
    """REL-03: the only module that hands mail to Django's mail backends is core/outbox/services.py."""
    offenders = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in ALLOWED or "migrations" in relative.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FORBIDDEN.search(line):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
    assert (ROOT / "site" / "core" / "outbox" / "services.py").exists(), "the sources are where the check looks"


def test_the_check_would_see_a_direct_send():
    """The pattern above really catches the usual ways of sending mail (and not the adapter's own method)."""
    assert FORBIDDEN.search("from django.core.mail import send_mail")
    assert FORBIDDEN.search("    send_mail(subject, body, None, [to])")
    assert FORBIDDEN.search("msg = EmailMultiAlternatives(subject, body)")
    assert not FORBIDDEN.search("    def send_mail(self, template_prefix, email, context):")
