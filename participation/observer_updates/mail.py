"""The observer update e-mail (Dutch first), with the one-click unsubscribe of its notification type."""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from core.links import absolute
from core.notifications.selectors import mail_links

OBSERVER_UPDATE = "participation.observer_update"  # its notification type (observer_updates/hooks.py)


def _period_label(update):
    last_day = date.fromordinal(update.end.toordinal() - 1)
    return f"{formats.date_format(update.start, 'j F Y')} – {formats.date_format(last_day, 'j F Y')}"


def render_mail(update, user):
    """Subject, body and headers of the update mail for `user` (Dutch first), with the unsubscribe of its type."""
    unsubscribe = mail_links(user, OBSERVER_UPDATE).unsubscribe_url
    with translation.override(settings.LANGUAGE_CODE):
        period = _period_label(update)
        context = {
            "name": user.display_name,
            "organisation": update.organisation.title,
            "organisation_url": absolute(update.organisation.url or "/"),
            "period": period,
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
            "unsubscribe_url": unsubscribe,
            "settings_url": absolute(reverse("notification_settings")),
        }
        subject = _("Update for %(organisation)s: %(period)s") % {
            "organisation": update.organisation.title,
            "period": period,
        }
        summary = _("%(members)d members, %(new)d new; %(posts)d posts and %(reactions)d reactions") % {
            "members": update.totals.members,
            "new": update.totals.new_members,
            "posts": update.totals.posts,
            "reactions": update.totals.reactions,
        }
        body = render_to_string("participation/observer_updates/email/observer_update_body.txt", context)
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return f"[Werkgroepen] {subject}", body, headers, summary
