"""The spaces' part of "Mijn gegevens" and of account deletion (``register_user_data``). Imported by
:mod:`trajectories.wagtail_hooks`."""

from wagtail import hooks

from config.hooks import REGISTER_USER_DATA, UserData
from trajectories.privacy.selectors import export_user_data
from trajectories.privacy.services import LABEL, NOTICE, erase_user_data


@hooks.register(REGISTER_USER_DATA)
def user_data():
    return UserData(label=LABEL, export=export_user_data, erase=erase_user_data, notice=NOTICE)
