"""Reads about accounts."""

import functools

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from wagtail.models import Page

from core.pages.selectors import visible_pages


def confirmed_primary_address(user):
    """The person's own confirmed (verified) primary address, or None."""
    address = EmailAddress.objects.filter(user=user, primary=True, verified=True).first()
    return address.email if address else None


def has_two_step(user):
    """Whether the person set up an authenticator app."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@functools.cache
def _registration_models():
    return tuple(
        model
        for model in apps.get_models()
        if issubclass(model, Page) and getattr(model, "offered_at_registration", False)
    )


def registration_choices(user):
    """The pages a person picks at registration as the ones they come for ("themes I come for"), that `user` may
    see: the live pages of every page model that declares ``offered_at_registration = True`` (the themes app's
    theme page). The core names no page model."""
    return visible_pages(user, Page.objects.type(*_registration_models()))
