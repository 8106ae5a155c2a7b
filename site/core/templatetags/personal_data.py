"""What each app says on "Mijn gegevens" about the data it keeps after an account is deleted (``UserData.notice``
of the ``register_user_data`` hook): the core names no app."""

from django import template

from config.hooks import REGISTER_USER_DATA, call

register = template.Library()


@register.simple_tag
def user_data_notices():
    """The non-empty notices of every app's ``register_user_data`` entry, in hook order."""
    return [str(data.notice) for data in call(REGISTER_USER_DATA) if data.notice]
