"""Production settings and security headers (SEC-09), health endpoints (REL-08)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x7!kq2-3v@rj0p9m#w1z$l8n6b5c4d3e2f1g0h9i8j7k6l5m4n3o2p1",
    "DJANGO_ALLOWED_HOSTS": "werkgroepen.example",
    "WERKGROEPEN_MFA_KEYS": "2kqLmZqSDLvI4vKXZ-Aq-9ulQlVhEPZ2dRfnkLBOMmQ=",  # a Fernet key (core/mfa.py)
    "WERKGROEPEN_ROOT_URL": "https://werkgroepen.example",
}


def test_check_deploy_is_clean_with_production_settings():
    """SEC-09: `manage.py check --deploy` passes with zero warnings."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION_ENV)
    env.pop("DJANGO_SECRET_KEY")
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "root_url",
    ["", "http://werkgroepen.example", "https://elders.example", "https://werkgroepen.example/sub/"],
    ids=["missing", "not-https", "host-not-allowed", "not-the-root"],
)
def test_production_refuses_to_start_without_the_sites_root_url(root_url):
    """Issue 14 §2: every link in every e-mail starts with the root URL, so production does not start without a
    usable one (no mail pointing at the development default http://127.0.0.1:8000)."""
    env = {**PRODUCTION_ENV, "WERKGROEPEN_ROOT_URL": root_url}
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "WERKGROEPEN_ROOT_URL" in result.stderr


def test_production_links_mail_to_the_configured_root():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; from core.links import absolute; "
        "print(s.WAGTAILADMIN_BASE_URL, absolute('/deelname/berichten/1/'))",
        env_extra=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["https://werkgroepen.example", "https://werkgroepen.example/deelname/berichten/1/"]


def test_make_run_sets_the_root_url_from_host_and_port():
    """`make run HOST=… PORT=…` mails links to where the site actually runs (dry run: nothing is started)."""
    env = {k: v for k, v in os.environ.items() if k not in ("WERKGROEPEN_ROOT_URL", "WAGTAILADMIN_BASE_URL")}
    result = subprocess.run(
        ["make", "-n", "run", "HOST=192.0.2.7", "PORT=8123"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert "Links in e-mails start with http://192.0.2.7:8123." in result.stdout
    assert "runserver 192.0.2.7:8123" in result.stdout


def test_production_settings_harden_cookies_and_transport():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME, s.PASSWORD_HASHERS[0], s.DEBUG)",
        env_extra=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "__Host-sessionid",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "False",
    ]


@pytest.mark.django_db
def test_public_pages_carry_a_strict_csp_and_security_headers(client):
    """SEC-09: no unsafe-inline script on public pages, frame-ancestors 'none', nosniff, referrer policy, COOP."""
    response = client.get(reverse("search"), {"q": "x"})
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert any(source.startswith("'nonce-") for source in directives["style-src"]) or directives["style-src"] == [
        "'self'"
    ]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_html_has_no_inline_script_or_style_attributes(client, theme):
    """Strict CSP means every script is a file; inline styles only in a nonce'd <style>."""
    response = client.get(reverse("search"), {"q": "Mobiliteit"})
    html = response.content.decode()
    import re

    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert " style=" not in html
    assert " onclick=" not in html.lower()


@pytest.mark.django_db
def test_admin_gets_its_own_looser_policy_but_still_no_framing(client, superadmin):
    response = client.get("/admin/login/")
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in csp
    assert "frame-ancestors 'self'" in csp


def test_healthz_answers_without_the_database(db, client, django_assert_num_queries):
    """REL-08: liveness does not touch the database."""
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readyz_reports_the_database(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


@pytest.mark.django_db
def test_readyz_turns_503_when_the_database_is_down(client, monkeypatch):
    """REL-08: readiness fails while the database does not answer."""

    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}
