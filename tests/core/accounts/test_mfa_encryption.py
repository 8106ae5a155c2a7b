"""Two-step secrets are encrypted at rest, with keys that can be rotated (issue 9, hole 2; SEC-11).

The database must never hold a TOTP secret or a recovery code in the clear: a copy of the database (a backup, a
support dump, an administrator's query) would otherwise defeat two-step verification. The tests read the raw
column, log in through allauth's real forms, rotate the key with the management command and check the start-up
refusals for a missing or corrupt key.
"""

import importlib
import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from cryptography.fernet import Fernet
from django.apps import apps as django_apps
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from core.mfa import UndecryptableSecret, decrypt_value
from tests.core.test_security_settings import PRODUCTION_ENV, run_manage

PASSWORD = "een-lang-wachtwoord-42"
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()

pytestmark = pytest.mark.django_db


def totp_code(secret, offset=0):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def raw_rows(user):
    """The authenticators' data exactly as the database column holds it (no model, no JSON decoding)."""
    table = Authenticator._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT type, data FROM {table} WHERE user_id = %s ORDER BY type", [user.pk])  # noqa: S608
        return {kind: str(data) for kind, data in cursor.fetchall()}


def log_in_with_totp(client, user, code):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code})
    return "_auth_user_id" in client.session


@pytest.fixture
def person(user_factory):
    user = user_factory("hulpverlener@example.org", "Hulpverlener")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def activate(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).generate_codes()
    return secret, codes


def test_the_database_holds_no_totp_secret_or_recovery_code_in_plain_text(person):
    secret, codes = activate(person)
    seed = decrypt_value(Authenticator.objects.get(user=person, type="recovery_codes").data["seed"])

    rows = raw_rows(person)

    assert set(rows) == {"totp", "recovery_codes"}
    raw = " ".join(rows.values())
    assert secret not in raw
    assert seed not in raw
    for code in codes:
        assert not re.search(rf"(?<![0-9]){code}(?![0-9])", raw), code
    # And through the ORM, as an administrator's query or a data dump would read them.
    for data in Authenticator.objects.filter(user=person).values_list("data", flat=True):
        assert secret not in str(data) and seed not in str(data)


def test_totp_set_up_through_the_site_is_stored_encrypted_and_the_log_in_works(client, person):
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'<code id="authenticator_secret">([A-Z2-7]+)</code>', page).group(1)
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert secret not in " ".join(raw_rows(person).values())
    client.post(reverse("account_logout"))

    assert log_in_with_totp(client, person, totp_code(secret, offset=1))


def test_a_recovery_code_still_logs_in_once(client, person):
    _secret, codes = activate(person)

    assert log_in_with_totp(client, person, codes[0])
    client.post(reverse("account_logout"))
    assert not log_in_with_totp(client, person, codes[0])


def test_rotation_re_encrypts_with_the_new_key_and_log_in_keeps_working(client, person, settings):
    settings.WERKGROEPEN_MFA_KEYS = [OLD_KEY]
    secret, codes = activate(person)
    before = raw_rows(person)

    settings.WERKGROEPEN_MFA_KEYS = [NEW_KEY, OLD_KEY]
    call_command("rotate_mfa_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.WERKGROEPEN_MFA_KEYS = [NEW_KEY]  # the old key is gone

    after = raw_rows(person)
    assert after["totp"] != before["totp"] and after["recovery_codes"] != before["recovery_codes"]
    assert secret not in after["totp"]
    assert log_in_with_totp(client, person, totp_code(secret))
    client.post(reverse("account_logout"))
    assert log_in_with_totp(client, person, codes[1])
    settings.WERKGROEPEN_MFA_KEYS = [OLD_KEY]
    with pytest.raises(UndecryptableSecret):
        decrypt_value(Authenticator.objects.get(user=person, type="totp").data["secret"])


def test_rotation_without_the_old_key_stops_and_changes_nothing(person, settings):
    settings.WERKGROEPEN_MFA_KEYS = [OLD_KEY]
    activate(person)
    before = raw_rows(person)
    settings.WERKGROEPEN_MFA_KEYS = [NEW_KEY]

    with pytest.raises(CommandError, match="Authenticator"):
        call_command("rotate_mfa_keys")

    assert raw_rows(person) == before


def test_a_wrong_key_never_falls_back_to_the_stored_text(client, person, settings):
    """No plain-text fallback: a secret the keys cannot decrypt is an error, and the log-in does not happen."""
    settings.WERKGROEPEN_MFA_KEYS = [OLD_KEY]
    secret, _codes = activate(person)
    settings.WERKGROEPEN_MFA_KEYS = [NEW_KEY]

    with pytest.raises(UndecryptableSecret):
        decrypt_value(Authenticator.objects.get(user=person, type="totp").data["secret"])
    with pytest.raises(UndecryptableSecret):
        decrypt_value(secret)  # plain text stored by someone is not accepted as a secret either
    client.raise_request_exception = False
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 500
    assert "_auth_user_id" not in client.session


def test_the_data_migration_encrypts_plain_secrets_and_reverses(person):
    secret = generate_totp_secret()
    seed = "ab" * 40
    Authenticator.objects.bulk_create(
        [
            Authenticator(user=person, type="totp", data={"secret": secret}),
            Authenticator(user=person, type="recovery_codes", data={"seed": seed, "used_mask": 0}),
        ]
    )
    migration = importlib.import_module("core.migrations.0006_encrypt_mfa_secrets")

    migration.encrypt_plain_secrets(django_apps, None)

    raw = " ".join(raw_rows(person).values())
    assert secret not in raw and seed not in raw
    assert TOTP(Authenticator.objects.get(user=person, type="totp")).validate_code(totp_code(secret))
    migration.encrypt_plain_secrets(django_apps, None)  # running it again changes nothing
    assert decrypt_value(Authenticator.objects.get(user=person, type="totp").data["secret"]) == secret

    migration.decrypt_secrets(django_apps, None)

    assert Authenticator.objects.get(user=person, type="totp").data["secret"] == secret
    assert Authenticator.objects.get(user=person, type="recovery_codes").data == {"seed": seed, "used_mask": 0}


def test_the_data_migration_refuses_ciphertext_of_an_unknown_key(person, settings):
    settings.WERKGROEPEN_MFA_KEYS = [OLD_KEY]
    activate(person)
    before = raw_rows(person)
    settings.WERKGROEPEN_MFA_KEYS = [NEW_KEY]
    migration = importlib.import_module("core.migrations.0006_encrypt_mfa_secrets")

    with pytest.raises(UndecryptableSecret):
        migration.encrypt_plain_secrets(django_apps, None)
    assert raw_rows(person) == before


@pytest.mark.parametrize("keys", [[], ["not-a-fernet-key"], [NEW_KEY, "kapot"]])
def test_the_system_check_refuses_missing_or_corrupt_keys(settings, keys):
    settings.WERKGROEPEN_MFA_KEYS = keys
    errors = [error for error in run_checks() if error.id == "werkgroepen.E005"]
    assert errors and "WERKGROEPEN_MFA_KEYS" in errors[0].msg


def test_the_system_check_refuses_an_adapter_that_stores_secrets_in_the_clear(settings):
    settings.MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
    assert [error for error in run_checks() if error.id == "werkgroepen.E005"]


def test_tests_and_development_derive_a_key_from_the_secret_key(settings):
    from config.mfa_keys import derive_key

    assert settings.WERKGROEPEN_MFA_KEYS == [derive_key(settings.SECRET_KEY)]
    Fernet(settings.WERKGROEPEN_MFA_KEYS[0])


@pytest.mark.parametrize(
    "value",
    [None, "", "geen-sleutel", f"{NEW_KEY},kapot"],
    ids=["unset", "empty", "not-a-key", "a-key-and-a-broken-one"],  # NEW_KEY is random: every process names it alike
)
def test_production_refuses_to_start_without_a_usable_key(value):
    env = dict(PRODUCTION_ENV)
    env.pop("WERKGROEPEN_MFA_KEYS")
    if value is not None:
        env["WERKGROEPEN_MFA_KEYS"] = value
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "WERKGROEPEN_MFA_KEYS" in result.stderr


def test_production_starts_with_a_key_and_keeps_old_keys_for_reading():
    env = dict(PRODUCTION_ENV, WERKGROEPEN_MFA_KEYS=f"{NEW_KEY},{OLD_KEY}")
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(len(settings.WERKGROEPEN_MFA_KEYS))",
        env_extra=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2"
