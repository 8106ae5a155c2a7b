"""The signed one-click unsubscribe links (RFC 8058) of notification mails and digests, and the links every such
mail carries."""

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from core.links import absolute

UNSUBSCRIBE_SALT = "werkgroepen.unsubscribe"
DIGEST_UNSUBSCRIBE_SALT = "werkgroepen.digest-unsubscribe"
TOKEN_MAX_AGE = 60 * 60 * 24 * 365


@dataclass(frozen=True)
class Links:
    """The links a notification mail of one type carries for one person: where they switch that type off in one
    click, and all their notification settings."""

    unsubscribe_url: str
    settings_url: str


def unsubscribe_token(user, code):
    return signing.dumps({"u": user.pk, "t": code}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """``(user_id, type code)`` from a token of :func:`unsubscribe_token`, or None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return data.get("u"), data.get("t")


def unsubscribe_url(user, code):
    """The full address that switches `code` off for `user` in one click."""
    return absolute(reverse("notification_unsubscribe", args=[unsubscribe_token(user, code)]))


def settings_url():
    return absolute(reverse("notification_settings"))


def unsubscribe_headers(url):
    """The headers of RFC 8058: mail clients offer "unsubscribe" and POST it without a session."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def digest_unsubscribe_token(user, codes):
    return signing.dumps({"u": user.pk, "t": sorted(codes)}, salt=DIGEST_UNSUBSCRIBE_SALT, compress=True)


def read_digest_unsubscribe_token(token):
    """``(user_id, [type codes])`` from :func:`digest_unsubscribe_token`, or None."""
    try:
        data = signing.loads(token, salt=DIGEST_UNSUBSCRIBE_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return data.get("u"), list(data.get("t") or [])


def links_for(user, code):
    """The :class:`Links` of a mail of type `code` to `user`."""
    return Links(unsubscribe_url=unsubscribe_url(user, code), settings_url=settings_url())
