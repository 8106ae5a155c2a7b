"""The periodic update for observers (seed 001: "om de 3 maanden krijgen alle politici ... een update in hun
mailbox"), issue 4 §7.

Every ``OrganisationPage.observer_update_months`` months (default 3; periods start in January, so 3 months means
quarters) the observers of an organisation (core role OBSERVER on the organisation) receive its figures for the
period that just ended — members per theme, new members, posts and reactions in the period, what waits for a
moderator now — and its highlights: the most-starred *public* posts of the period (``Post.objects.visible_to``
an anonymous visitor, so nothing of a closed theme, a members' section, a shielded post or a hidden theme is ever
named; counts are fine). ``manage.py send_observer_updates`` runs from cron (daily is fine): the key per
organisation and period makes a second run send nothing, and an observer added later in the period still gets it.
Each observer is told as they chose for "observer update": by mail now, in their daily or weekly digest, or not.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from config.hooks import REGISTER_OBSERVER_UPDATE_SECTION, call
from core.models import Frequency, Notification, OutboundMessage, Role, RoleAssignment, User
from participation.digests import OBSERVER_UPDATE
from participation.models import Membership, MembershipStatus, Post, PostStatus, Reaction

HIGHLIGHTS = 5


def _month(index):
    return date(index // 12, index % 12 + 1, 1)


def last_period(months, now=None):
    """``(start, end)`` dates of the last complete period of `months` months before `now` (periods start in
    January: with 3 months, on 24 November that is 1 July – 1 October)."""
    today = timezone.localdate(now or timezone.now())
    index = today.year * 12 + today.month - 1
    current = index - index % months
    return _month(current - months), _month(current)


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class ThemeFigures:
    title: str
    members: int = 0
    new_members: int = 0
    posts: int = 0
    reactions: int = 0
    waiting: int = 0


@dataclass
class Update:
    organisation: object
    start: date
    end: date
    themes: list = field(default_factory=list)
    highlights: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # register_observer_update_section: what plugins add

    @property
    def totals(self):
        return ThemeFigures(
            title="",
            members=sum(theme.members for theme in self.themes),
            new_members=sum(theme.new_members for theme in self.themes),
            posts=sum(theme.posts for theme in self.themes),
            reactions=sum(theme.reactions for theme in self.themes),
            waiting=sum(theme.waiting for theme in self.themes),
        )


def _counts(queryset, key, **conditions):
    return {
        row[key]: row["n"] for row in queryset.values(key).annotate(n=Count("pk", filter=Q(**conditions))).order_by()
    }


def figures(organisation, start, end):
    """The :class:`Update` of `organisation` for ``[start, end)``: a fixed number of queries."""
    from themes.models import ThemePage

    since, until = _aware(start), _aware(end)
    themes = list(ThemePage.objects.live().descendant_of(organisation).order_by("path").only("pk", "title"))
    ids = [theme.pk for theme in themes]
    memberships = Membership.objects.filter(theme_id__in=ids).annotate(joined=Coalesce("decided_at", "created_at"))
    members = _counts(memberships, "theme_id", status=MembershipStatus.APPROVED)
    new_members = _counts(
        memberships, "theme_id", status=MembershipStatus.APPROVED, joined__gte=since, joined__lt=until
    )
    pending_members = _counts(memberships, "theme_id", status=MembershipStatus.PENDING)
    posts = Post.objects.filter(theme_id__in=ids)
    published = _counts(posts, "theme_id", status=PostStatus.PUBLISHED, published_at__gte=since, published_at__lt=until)
    pending_posts = _counts(posts, "theme_id", status=PostStatus.PENDING)
    reactions = Reaction.objects.filter(post__theme_id__in=ids)
    reacted = _counts(
        reactions, "post__theme_id", status=PostStatus.PUBLISHED, published_at__gte=since, published_at__lt=until
    )
    pending_reactions = _counts(reactions, "post__theme_id", status=PostStatus.PENDING)
    update = Update(organisation=organisation, start=start, end=end)
    for theme in themes:
        update.themes.append(
            ThemeFigures(
                title=theme.title,
                members=members.get(theme.pk, 0),
                new_members=new_members.get(theme.pk, 0),
                posts=published.get(theme.pk, 0),
                reactions=reacted.get(theme.pk, 0),
                waiting=pending_members.get(theme.pk, 0)
                + pending_posts.get(theme.pk, 0)
                + pending_reactions.get(theme.pk, 0),
            )
        )
    # Highlights: public posts only, by the one definition of who sees what (an anonymous visitor).
    update.highlights = list(
        Post.objects.visible_to(AnonymousUser())
        .filter(theme_id__in=ids, published_at__gte=since, published_at__lt=until, star_count__gt=0)
        .select_related("theme")
        .order_by("-star_count", "-published_at", "-id")[:HIGHLIGHTS]
    )
    update.sections = call(REGISTER_OBSERVER_UPDATE_SECTION, organisation, start, end, organisation=organisation)
    return update


def observers_of(organisation):
    """Active people holding the observer role on `organisation` itself."""
    return list(
        User.objects.filter(
            is_active=True,
            pk__in=RoleAssignment.objects.filter(role=Role.OBSERVER, page_id=organisation.pk).values("user_id"),
        ).order_by("pk")
    )


def _period_label(update):
    last_day = date.fromordinal(update.end.toordinal() - 1)
    return f"{formats.date_format(update.start, 'j F Y')} – {formats.date_format(last_day, 'j F Y')}"


def render_mail(update, user):
    """Subject, body and headers of the update mail for `user` (Dutch first), with the unsubscribe of its type."""
    from core.notifications import absolute, unsubscribe_token

    unsubscribe = absolute(reverse("notification_unsubscribe", args=[unsubscribe_token(user, OBSERVER_UPDATE)]))
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
            "sections": update.sections,
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
        body = render_to_string("participation/email/observer_update_body.txt", context)
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return f"[Werkgroepen] {subject}", body, headers, summary


def update_key(organisation, start, end):
    return f"observer-update:{organisation.pk}:{start:%Y-%m}:{end:%Y-%m}"


@transaction.atomic
def send_update(*, organisation, now=None):
    """Tell the observers of `organisation` about its last complete period, as each chose; returns how many were
    told now (0 when they all were before: safe to run twice)."""
    from core.notifications import frequencies_for
    from core.outbox import schedule_delivery

    now = now or timezone.now()
    start, end = last_period(organisation.observer_update_months or 3, now)
    key = update_key(organisation, start, end)
    observers = observers_of(organisation)
    done = set(Notification.objects.filter(key=key, recipient__in=observers).values_list("recipient_id", flat=True))
    observers = [user for user in observers if user.pk not in done]
    if not observers:
        return 0
    frequencies = frequencies_for(observers, OBSERVER_UPDATE)
    observers = [user for user in observers if frequencies[user.pk] != Frequency.OFF]
    if not observers:
        return 0
    update = figures(organisation, start, end)
    notifications, messages = [], []
    for user in observers:
        immediately = frequencies[user.pk] == Frequency.IMMEDIATELY
        subject, body, headers, summary = render_mail(update, user)
        notifications.append(
            Notification(
                recipient=user,
                type=OBSERVER_UPDATE,
                key=key,
                title=subject.removeprefix("[Werkgroepen] ")[:300],
                text=summary,
                url=organisation.url or "",
                frequency=frequencies[user.pk],
                emailed_at=now if immediately else None,
            )
        )
        if immediately:
            messages.append(
                OutboundMessage(
                    key=key,
                    email=user.email,
                    recipient=user,
                    type=OBSERVER_UPDATE,
                    subject=subject[:300],
                    body=body,
                    headers=headers,
                    next_attempt_at=timezone.now(),  # due at once, also when catching up on a past date
                )
            )
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    OutboundMessage.objects.bulk_create(messages, ignore_conflicts=True)
    if messages:
        schedule_delivery()
    return len(observers)


def send_updates(*, now=None):
    """:func:`send_update` for every live organisation; returns the number of observers told."""
    from themes.models import OrganisationPage

    return sum(
        send_update(organisation=organisation, now=now)
        for organisation in OrganisationPage.objects.live().order_by("path")
    )
