"""Encrypt the two-step secrets allauth stored in the clear before core.mfa.MFAAdapter existed (issue 9).

Forwards: every TOTP secret, recovery-code seed and migrated recovery code that is still plain text is encrypted
with the first key of WERKGROEPEN_MFA_KEYS; values that are already ciphertext must decrypt with the configured
keys (a wrong key stops the migration instead of encrypting ciphertext twice). Backwards: every secret is
decrypted again, for code that stored them in the clear.
"""

from django.db import migrations


def _rewrite(apps, transform):
    from core.mfa import transform_data

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]).iterator(chunk_size=500):
        data = transform_data(authenticator.type, authenticator.data, transform)
        if data != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


def encrypt_plain_secrets(apps, schema_editor):
    from core.mfa import PLAIN_SECRET, decrypt_value, encrypt_value

    def encrypt(value):
        if PLAIN_SECRET.match(str(value)):
            return encrypt_value(str(value))
        decrypt_value(value)  # already encrypted: it must be readable with the configured keys
        return value

    _rewrite(apps, encrypt)


def decrypt_secrets(apps, schema_editor):
    from core.mfa import PLAIN_SECRET, decrypt_value

    _rewrite(apps, lambda value: value if PLAIN_SECRET.match(str(value)) else decrypt_value(value))


class Migration(migrations.Migration):
    dependencies = [
        ("wg_core", "0005_care_professional_role"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_plain_secrets, decrypt_secrets)]
