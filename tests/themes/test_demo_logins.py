"""`manage.py demo_logins` on a site that has no demo yet (the table of log-ins is tested in test_seed_demo.py, on
the demo that module seeds once)."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_logins_before_seeding_says_what_to_do(db):
    out = StringIO()

    call_command("demo_logins", stdout=out)

    assert "seed_demo" in out.getvalue()
