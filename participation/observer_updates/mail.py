"""The observer update e-mail (Dutch first), with the one-click unsubscribe of its notification type."""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from core.links import absolute
from core.notifications.selectors import mail_links

OBSERVER_UPDATE = "participation.observer_update"  # its notification type (observer_updates/hooks.py)


def _period_label(update):
    last_day = date.fromordinal(update.end.toordinal() - 1)
    return f"{formats.date_format(update.start, 'j F Y')} – {formats.date_format(last_day, 'j F Y')}"


def heading(update):
    """The subject (without the site's prefix) and the one-line summary of `update`, the same for every observer:
    the notice in their notification centre and digest (Dutch first)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Update for %(organisation)s: %(period)s") % {
            "organisation": update.organisation.title,
            "period": _period_label(update),
        }
        summary = _("%(members)d members, %(new)d new; %(posts)d posts and %(reactions)d reactions") % {
            "members": update.totals.members,
            "new": update.totals.new_members,
            "posts": update.totals.posts,
            "reactions": update.totals.reactions,
        }
    return subject, summary


def render_mail(update, user, *, links=None):
    """Subject and body of the update mail for `user` (Dutch first), with the one-click unsubscribe of its type.

    `links` are the person's links that :func:`core.notifications.services.tell` hands over (it adds the matching
    unsubscribe headers); without them they are made here."""
    links = links or mail_links(user, OBSERVER_UPDATE)
    subject, _summary = heading(update)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": user.display_name,
            "organisation": update.organisation.title,
            "organisation_url": absolute(update.organisation.url or "/"),
            "period": _period_label(update),
            "themes": update.themes,
            "totals": update.totals,
            "highlights": [
                {
                    "title": post.title,
                    "theme": post.theme.title,
                    "stars": post.star_count,
                    "url": absolute(post.get_absolute_url()),
                }
                for post in update.highlights
            ],
            "sections": update.sections,
            "unsubscribe_url": links.unsubscribe_url,
            "settings_url": links.settings_url,
        }
        body = render_to_string("participation/observer_updates/email/observer_update_body.txt", context)
    return f"[Werkgroepen] {subject}", body
