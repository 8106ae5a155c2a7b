"""Participation's personal data for "Mijn gegevens" and account deletion (hook ``register_user_data``): the export
is privacy/selectors.py, the erasure privacy/services.py. Imported by participation/wagtail_hooks.py."""

from wagtail import hooks

from config.hooks import REGISTER_USER_DATA, UserData
from participation.privacy.selectors import export_user_data
from participation.privacy.services import erase_user_data


@hooks.register(REGISTER_USER_DATA)
def participation_user_data():
    return UserData(label="Participation", export=export_user_data, erase=erase_user_data)
