"""Rate limits count the visitor, not the reverse proxy, and nobody picks their own address (issue 9 hole 10;
SEC-10, SEC-13).

Behind the production proxy every request came from the proxy's address: allauth's log-in limits and the site's own
(core.ratelimit: contact form, invitation links) counted all visitors as one. With the number of trusted proxies set
(production reads ``WERKGROEPEN_TRUSTED_PROXY_COUNT``), two visitors behind the proxy are counted apart; without it
``X-Forwarded-For`` is something anyone can write, and is ignored.
"""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from core.ratelimit import client_ip
from tests.core.test_security_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the site's own nginx, as gunicorn sees it
VISITOR_A, VISITOR_B = "203.0.113.5", "203.0.113.77"


def behind_proxy(forwarded_for):
    """A browser whose requests reach the site through the proxy, which appended `forwarded_for`."""
    return Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": forwarded_for, "accept-language": "en"})


def log_in_attempt(client):
    return client.post(reverse("account_login"), {"login": "niemand@example.org", "password": "verkeerd-wachtwoord"})


@pytest.fixture
def tight_login_limit(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}


def test_behind_the_proxy_two_visitors_have_their_own_log_in_limit(settings, home, tight_login_limit):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    a, b = behind_proxy(VISITOR_A), behind_proxy(VISITOR_B)
    assert [log_in_attempt(a).status_code for _ in range(3)] == [200, 200, 200]
    assert log_in_attempt(a).status_code == 429
    assert log_in_attempt(b).status_code == 200  # another person behind the same proxy may still log in
    # What visitor A writes in front of the address the proxy appended is not read: still A, still limited.
    forged = behind_proxy(f"{VISITOR_B}, 198.51.100.9, {VISITOR_A}")
    assert log_in_attempt(forged).status_code == 429


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(settings, home, tight_login_limit):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    a, b = behind_proxy(VISITOR_A), behind_proxy(VISITOR_B)
    assert [log_in_attempt(a).status_code for _ in range(3)] == [200, 200, 200]
    # Same connecting address, another X-Forwarded-For: the same visitor to the site, so limited.
    assert log_in_attempt(b).status_code == 429
    assert log_in_attempt(Client(REMOTE_ADDR="10.9.9.9")).status_code == 200


CONTACT = {"name": "Jan Peeters", "email": "jan@example.org", "message": "Wanneer is de volgende bijeenkomst?"}


def test_the_sites_own_limits_count_visitors_by_the_same_rule(settings, theme):
    """The contact form's limit (core.ratelimit) behind the proxy: per visitor with the proxy count set, and a
    forged X-Forwarded-For buys nothing without it."""
    settings.CONTACT_RATE_LIMIT = (1, 600)
    url = theme.url + "contact/"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert behind_proxy(VISITOR_A).post(url, CONTACT).status_code == 302
    assert behind_proxy(VISITOR_B).post(url, CONTACT).status_code == 302
    assert behind_proxy(VISITOR_A).post(url, CONTACT).status_code == 429
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert behind_proxy("192.0.2.1").post(url, CONTACT).status_code == 302  # counted as the proxy itself
    assert behind_proxy("192.0.2.2").post(url, CONTACT).status_code == 429


def request_from(remote_addr, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers)


def test_client_ip_follows_allauths_rule(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from(PROXY, x_forwarded_for=VISITOR_A)) == PROXY
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2  # a load balancer, then nginx
    assert client_ip(request_from(PROXY, x_forwarded_for=f"6.6.6.6, {VISITOR_A}, 10.0.0.2")) == VISITOR_A
    # Fewer forwarded addresses than proxies: not placed by the rule, so counted as the connection itself.
    assert client_ip(request_from(PROXY, x_forwarded_for=VISITOR_A)) == PROXY
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(request_from(PROXY, x_real_ip=VISITOR_B, x_forwarded_for=VISITOR_A)) == VISITOR_B
    assert client_ip(request_from(PROXY)) == PROXY  # the proxy did not set it


def test_an_ipv6_visitor_counts_for_their_network(settings):
    """Rotating through the 2**64 addresses of one's own /64 network buys no extra attempts (as in allauth)."""
    one = client_ip(request_from("2001:db8:1:2:aaaa::1"))
    other = client_ip(request_from("2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::"
    assert client_ip(request_from("2001:db8:1:3::1")) != one


def test_production_reads_the_proxy_settings_from_the_environment():
    script = "from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    default = run_manage("shell", "-c", script, env_extra=PRODUCTION_ENV)
    assert default.returncode == 0, default.stderr
    assert default.stdout.splitlines()[-1].split() == ["0", "None"]
    env = {
        **PRODUCTION_ENV,
        "WERKGROEPEN_TRUSTED_PROXY_COUNT": "2",
        "WERKGROEPEN_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
    }
    configured = run_manage("shell", "-c", script, env_extra=env)
    assert configured.stdout.splitlines()[-1].split() == ["2", "X-Real-IP"]
    wrong = run_manage("check", env_extra={**PRODUCTION_ENV, "WERKGROEPEN_TRUSTED_PROXY_COUNT": "een"})
    assert wrong.returncode != 0
    assert "WERKGROEPEN_TRUSTED_PROXY_COUNT" in wrong.stderr
