"""The keys that encrypt two-step secrets at rest (core/mfa.py), checked when settings load.

Kept apart from core/mfa.py because settings import it before Django's apps are ready. ``WERKGROEPEN_MFA_KEYS``
is a list of Fernet keys: the first encrypts, every one decrypts.
"""

import base64
import hashlib

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

GENERATE = 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'


def derive_key(secret_key):
    """A Fernet key derived from Django's SECRET_KEY: for development and tests only, never production."""
    digest = hashlib.sha256(f"werkgroepen-mfa-keys:{secret_key}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def keys_problem(keys):
    """Why `keys` cannot encrypt two-step secrets (a sentence), or None when they can."""
    if not keys:
        return "WERKGROEPEN_MFA_KEYS is not set: two-step secrets cannot be encrypted."
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            return (
                f"Key number {position} of WERKGROEPEN_MFA_KEYS is not a Fernet key "
                "(32 url-safe base64-encoded bytes, 44 characters)."
            )
    return None


def check_keys(keys):
    """`keys` as a list, or ImproperlyConfigured with a clear message when they cannot be used."""
    problem = keys_problem(keys)
    if problem:
        raise ImproperlyConfigured(
            f"{problem} Generate a key with `{GENERATE}` and set WERKGROEPEN_MFA_KEYS to it (comma-separated "
            "keys; the first encrypts, all decrypt)."
        )
    return list(keys)
