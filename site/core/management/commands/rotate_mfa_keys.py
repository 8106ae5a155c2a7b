"""Re-encrypt every two-step secret with the first key of WERKGROEPEN_MFA_KEYS (core/mfa.py).

Rotating a key: put the new key first in WERKGROEPEN_MFA_KEYS and keep the old one after it, restart, run this
command, then remove the old key. Running it twice changes nothing the second time that matters (REL-12): values
already under the first key are encrypted again with it. A secret that no configured key decrypts stops the
command with the authenticator's id, and nothing is changed (one transaction: core.accounts.services).
"""

from django.core.management.base import BaseCommand, CommandError

from core.accounts.services import UndecryptableAuthenticator, mfa_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt every two-step secret (TOTP, recovery codes) with the first key of WERKGROEPEN_MFA_KEYS."

    def handle(self, *args, **options):
        try:
            count = mfa_keys_rotate()
        except UndecryptableAuthenticator as error:
            raise CommandError(
                f"{error} Nothing was changed; add the key it was encrypted with to WERKGROEPEN_MFA_KEYS (after the "
                "new one) and run this again."
            ) from error
        self.stdout.write(f"Re-encrypted the secrets of {count} authenticator(s) with the first key.")
