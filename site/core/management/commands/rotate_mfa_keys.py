"""Re-encrypt every two-step secret with the first key of WERKGROEPEN_MFA_KEYS (core/mfa.py).

Rotating a key: put the new key first in WERKGROEPEN_MFA_KEYS and keep the old one after it, restart, run this
command, then remove the old key. Running it twice changes nothing the second time that matters (REL-12): values
already under the first key are encrypted again with it. A secret that no configured key decrypts stops the
command with the authenticator's id, and nothing is changed (one transaction).
"""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.mfa import SECRET_FIELDS, UndecryptableSecret, rotate_value, transform_data


class Command(BaseCommand):
    help = "Re-encrypt every two-step secret (TOTP, recovery codes) with the first key of WERKGROEPEN_MFA_KEYS."

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            authenticators = Authenticator.objects.select_for_update().filter(type__in=list(SECRET_FIELDS))
            for authenticator in authenticators.order_by("pk").iterator(chunk_size=500):
                try:
                    data = transform_data(authenticator.type, authenticator.data, rotate_value)
                except UndecryptableSecret as error:
                    raise CommandError(
                        f"Authenticator {authenticator.pk}: {error} Nothing was changed; add the key it was "
                        "encrypted with to WERKGROEPEN_MFA_KEYS (after the new one) and run this again."
                    ) from error
                Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
                count += 1
        self.stdout.write(f"Re-encrypted the secrets of {count} authenticator(s) with the first key.")
