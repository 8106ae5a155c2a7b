"""Reads about accounts."""

import functools

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from wagtail.models import Page

from config.hooks import REGISTER_LOGIN_PLACES, call
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


def login_landing(user):
    """Where `user` lands after logging in without asking for a page: the one place they use when the apps name
    exactly one (``register_login_places``, e.g. a young person's only space, issue 15 §1), else None (the home
    page). Someone with a way into the administration keeps the home page, and so does someone with a role: their
    work is spread over the site, unless every role they hold is the one a place is given for (``LoginPlace.role``:
    an observer lands on their overview, issue 14 §6)."""
    if not user.is_authenticated or user.is_staff or user.is_superuser:
        return None
    roles = set(user.role_assignments.values_list("role", flat=True))
    places = {place.url: place for place in call(REGISTER_LOGIN_PLACES, user)}
    if roles:
        places = {url: place for url, place in places.items() if place.role is not None and roles == {place.role}}
    if len(places) != 1:
        return None
    (place,) = places.values()
    return place.url if place.land else None
