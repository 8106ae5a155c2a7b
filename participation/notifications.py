"""What the working groups tell people (core.notifications): the types they declare and one function per event.

Every function is called inside the transaction of its event (the services), with ``obj`` = what it is about,
so only people who may see it are told — now and again when the mail leaves (SEC-22): a new post of a closed
theme never reaches a non-member. Keys name the event, so telling twice about one event does nothing more.
"""

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.hooks import NotificationType

MEMBERSHIP_DECIDED = "participation.membership_decided"
ITEM_DECIDED = "participation.item_decided"
REACTION_ON_MY_POST = "participation.reaction_on_my_post"
NEW_POST = "participation.new_post"
REPORT_OUTCOME = "participation.report_outcome"
TO_MODERATE = "participation.to_moderate"

TYPES = [
    NotificationType(
        code=MEMBERSHIP_DECIDED, label=gettext_lazy("Decisions on my requests to join"), default_frequency="immediately"
    ),
    NotificationType(
        code=ITEM_DECIDED,
        label=gettext_lazy("Decisions of moderators on my posts and reactions"),
        default_frequency="immediately",
    ),
    NotificationType(
        code=REACTION_ON_MY_POST, label=gettext_lazy("Reactions on my posts"), default_frequency="immediately"
    ),
    NotificationType(code=NEW_POST, label=gettext_lazy("New posts in my working groups"), default_frequency="daily"),
    NotificationType(
        code=REPORT_OUTCOME, label=gettext_lazy("What happened with my reports"), default_frequency="immediately"
    ),
    NotificationType(
        code=TO_MODERATE,
        label=gettext_lazy("New items to moderate"),
        default_frequency="immediately",
        audience="moderators",
    ),
]


def _notify(**kwargs):
    from core.notifications import notify

    notify(**kwargs)


def _moderators(page):
    from core.roles import moderators_of

    return list(moderators_of(page))


def _stamp():
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def _excerpt(html):
    from django.utils.html import strip_tags

    return Truncator(strip_tags(html)).words(40)


def membership_decided(membership, *, by):
    """Tell the person the moderators' decision on their request to join (with the reason of a refusal)."""
    from participation.models import MembershipStatus

    theme = membership.theme
    if membership.status == MembershipStatus.APPROVED:
        title = _("You are now a member of %(theme)s") % {"theme": theme.title}
        text = ""
    else:
        title = _("Your request to join %(theme)s was refused") % {"theme": theme.title}
        text = _("Reason: %(reason)s") % {"reason": membership.reason}
    _notify(
        code=MEMBERSHIP_DECIDED,
        users=[membership.user],
        key=f"{MEMBERSHIP_DECIDED}:{membership.pk}:{_stamp()}",
        title=title,
        text=text,
        url=theme.url or "",
        obj=membership,
        actor=by,
    )


def item_decided(item, *, by, event):
    """Tell the author what a moderator decided on their post or reaction: approved, refused, hidden or removed
    after reports (with the reason)."""
    from participation.models import Reaction

    is_reaction = isinstance(item, Reaction)
    post = item.post if is_reaction else item
    titles = {
        ("approved", False): _("Your post “%(title)s” has been published"),
        ("rejected", False): _("Your post “%(title)s” was refused"),
        ("hidden", False): _("Your post “%(title)s” was hidden by a moderator"),
        ("removed", False): _("Your post “%(title)s” was removed after reports"),
        ("approved", True): _("Your reaction on “%(title)s” has been published"),
        ("rejected", True): _("Your reaction on “%(title)s” was refused"),
        ("hidden", True): _("Your reaction on “%(title)s” was hidden by a moderator"),
        ("removed", True): _("Your reaction on “%(title)s” was removed after reports"),
    }
    reason = item.decision_reason
    _notify(
        code=ITEM_DECIDED,
        users=[item.author],
        key=f"{ITEM_DECIDED}:{'reaction' if is_reaction else 'post'}:{item.pk}:{event}:{_stamp()}",
        title=titles[(event, is_reaction)] % {"title": post.title},
        text=(_("Reason: %(reason)s") % {"reason": reason}) if reason else "",
        url=item.get_absolute_url(),
        obj=item,
        actor=by,
    )


def reaction_published(reaction):
    """Tell the post's author that a (published) reaction came on their post."""
    post = reaction.post
    if post.author is None or post.author_id == reaction.author_id:
        return
    name = reaction.author.display_name if reaction.author else _("deleted user")
    _notify(
        code=REACTION_ON_MY_POST,
        users=[post.author],
        key=f"{REACTION_ON_MY_POST}:{reaction.pk}",
        title=_("%(name)s reacted on your post “%(title)s”") % {"name": name, "title": post.title},
        text=_excerpt(reaction.body),
        url=reaction.get_absolute_url(),
        obj=reaction,
        actor=reaction.author,
    )


def post_published(post):
    """Tell the theme's members about a new published post. ``obj`` is the post: a member who may not see it
    (members' section of a closed theme for a non-member, a shielded post) is not told."""
    from participation.models import Membership, MembershipStatus

    members = [
        membership.user
        for membership in Membership.objects.filter(theme_id=post.theme_id, status=MembershipStatus.APPROVED)
        .exclude(user_id=post.author_id)
        .select_related("user")
    ]
    if post.shielded:
        allowed = set(post.audience_links.values_list("user_id", flat=True))
        members = [user for user in members if user.pk in allowed]
    _notify(
        code=NEW_POST,
        users=members,
        key=f"{NEW_POST}:{post.pk}",
        title=_("New post in %(theme)s: %(title)s") % {"theme": post.theme.title, "title": post.title},
        text=_excerpt(post.body),
        url=post.get_absolute_url(),
        obj=post,
        actor=post.author,
    )


def report_outcome(report, *, kept, by):
    """Tell one reporter what the moderators decided (``obj`` is their own report: only they see it)."""
    if report.reporter is None:
        return
    post = report.post
    if kept:
        title = _("Your report on “%(title)s”: the moderators left it online") % {"title": post.title}
    else:
        title = _("Your report on “%(title)s”: the moderators removed it") % {"title": post.title}
    _notify(
        code=REPORT_OUTCOME,
        users=[report.reporter],
        key=f"{REPORT_OUTCOME}:{report.pk}",
        title=title,
        text=_("Thank you for reporting."),
        url=post.theme.url or "",
        obj=report,
        actor=by,
    )


def membership_requested(membership):
    """Tell the theme's moderators that a request to join waits for them."""
    theme = membership.theme
    _notify(
        code=TO_MODERATE,
        users=_moderators(theme),
        key=f"{TO_MODERATE}:membership:{membership.pk}:{_stamp()}",
        title=_("%(name)s asks to join %(theme)s") % {"name": membership.user.display_name, "theme": theme.title},
        url=f"{theme.url}?tab=leden#tab-panel" if theme.url else "",
        obj=membership,
        actor=membership.user,
    )


def item_waiting(item):
    """Tell the moderators of the page that a post or reaction waits for approval."""
    from participation.models import Reaction

    is_reaction = isinstance(item, Reaction)
    post = item.post if is_reaction else item
    if is_reaction:
        title = _("A reaction on “%(title)s” waits for approval") % {"title": post.title}
    else:
        title = _("A post waits for approval: %(title)s") % {"title": post.title}
    _notify(
        code=TO_MODERATE,
        users=_moderators(post.page),
        key=f"{TO_MODERATE}:{'reaction' if is_reaction else 'post'}:{item.pk}:{_stamp()}",
        title=title,
        text=_excerpt(item.body),
        url=item.get_absolute_url(),
        obj=item,
        actor=item.author,
    )


def hidden_by_reports(item, *, count):
    """Tell the moderators that an item hid itself after `count` reports and waits for their decision."""
    from participation.models import Reaction

    is_reaction = isinstance(item, Reaction)
    post = item.post if is_reaction else item
    _notify(
        code=TO_MODERATE,
        users=_moderators(post.page),
        key=f"{TO_MODERATE}:reported:{'reaction' if is_reaction else 'post'}:{item.pk}:{_stamp()}",
        title=_("Hidden after %(count)d reports: “%(title)s”. Decide whether it stays online.")
        % {"count": count, "title": post.title},
        url=item.get_absolute_url(),
        obj=item,
    )
