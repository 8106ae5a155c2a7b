"""Two-step secrets encrypted at rest (issue 9; SEC-11).

allauth.mfa keeps a person's TOTP secret and the seed their recovery codes are derived from in
``Authenticator.data``; it passes both through the MFA adapter's ``encrypt``/``decrypt`` and stores them in the
clear unless the adapter does something. Here it does: Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``)
with the keys of ``settings.WERKGROEPEN_MFA_KEYS``. The first key encrypts, every key decrypts, so a key can be
rotated: put the new key first, run ``manage.py rotate_mfa_keys`` (re-encrypts every authenticator with it), then
drop the old key. A value that no key decrypts raises :class:`UndecryptableSecret`: there is no plain-text
fallback, so a wrong key stops a log-in with an error instead of quietly trusting what the database holds.

Production settings refuse to start without a key; development and tests derive one from ``SECRET_KEY``
(config/settings/, config/mfa_keys.py). The system check ``werkgroepen.E005`` (core/checks.py) repeats the test
for settings changed elsewhere.
"""

import functools
import re

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from config.mfa_keys import check_keys

# Where allauth keeps secrets in Authenticator.data, per authenticator type: single values and lists of values.
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}
SECRET_LISTS = {"recovery_codes": ("migrated_codes",)}

# What allauth writes when nothing encrypts: a base32 TOTP secret, a hex seed, decimal migrated codes. A Fernet
# token never looks like this (it starts with "gAAAAA" and mixes cases), so the data migration can tell the two
# apart without trying keys.
PLAIN_SECRET = re.compile(r"\A(?:[A-Z2-7]+=*|[0-9a-f]+|[0-9]+)\Z")


class UndecryptableSecret(Exception):
    """A stored two-step secret that none of the configured keys decrypts (a wrong, missing or corrupt key)."""


@functools.lru_cache(maxsize=8)
def _fernet(keys):
    return MultiFernet([Fernet(key) for key in check_keys(keys)])


def fernet(keys=None):
    """The MultiFernet of `keys` (default: the configured keys)."""
    return _fernet(tuple(settings.WERKGROEPEN_MFA_KEYS if keys is None else keys))


def encrypt_value(text, *, keys=None):
    return fernet(keys).encrypt(text.encode()).decode()


def decrypt_value(token, *, keys=None):
    try:
        return fernet(keys).decrypt(str(token).encode()).decode()
    except InvalidToken as error:
        raise UndecryptableSecret(
            "A two-step secret could not be decrypted with any key of WERKGROEPEN_MFA_KEYS "
            "(a key is missing, wrong or the value is not ciphertext)."
        ) from error


def rotate_value(token, *, keys=None):
    """The same secret, encrypted again with the first key (raises UndecryptableSecret like decrypting)."""
    try:
        return fernet(keys).rotate(str(token).encode()).decode()
    except InvalidToken as error:
        raise UndecryptableSecret("A two-step secret could not be decrypted for rotation.") from error


def transform_data(kind, data, transform):
    """A copy of an authenticator's ``data`` with `transform` applied to each secret it holds."""
    data = dict(data)
    for name in SECRET_FIELDS.get(kind, ()):
        if data.get(name) is not None:
            data[name] = transform(data[name])
    for name in SECRET_LISTS.get(kind, ()):
        if data.get(name) is not None:
            data[name] = [transform(value) for value in data[name]]
    return data


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter with secrets encrypted by the keys of ``WERKGROEPEN_MFA_KEYS``."""

    def encrypt(self, text):
        return encrypt_value(text)

    def decrypt(self, encrypted_text):
        return decrypt_value(encrypted_text)
