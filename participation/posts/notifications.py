"""What the posts room tells people (core.notifications): one function per event. Its notification types are
declared in ``posts/hooks.py``.

Every function is called inside the transaction of its event (the services), with ``obj`` = what it is about,
so only people who may see it are told — now and again when the mail leaves (SEC-22): a new post of a closed
theme never reaches a non-member. Keys name the event, so telling twice about one event does nothing more.
"""

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.content.services import plain_text
from core.notifications.services import notify
from core.roles.selectors import moderators_of
from participation.access import MembershipStatus
from participation.groups.models import Membership
from participation.posts.models import Reaction

ITEM_DECIDED = "participation.item_decided"
REACTION_ON_MY_POST = "participation.reaction_on_my_post"
NEW_POST = "participation.new_post"
# Declared by the moderation room (moderation/hooks.py): every item that waits for a moderator.
TO_MODERATE = "participation.to_moderate"


def _moderators(page):
    return list(moderators_of(page))


def _stamp():
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def _excerpt(html):
    """The start of a post or reaction as plain text that keeps its paragraphs, line breaks and list items (the
    notification centre and the mail show them as lines; issue 14 §8)."""
    return Truncator(plain_text(html)).chars(400)


def item_decided(item, *, by, event):
    """Tell the author what a moderator decided on their post or reaction: approved or refused (with the reason).
    Hidden and removed after reports are told by the moderation room, in the same type."""
    is_reaction = isinstance(item, Reaction)
    post = item.post if is_reaction else item
    titles = {
        ("approved", False): _("Your post “%(title)s” has been published"),
        ("rejected", False): _("Your post “%(title)s” was refused"),
        ("approved", True): _("Your reaction on “%(title)s” has been published"),
        ("rejected", True): _("Your reaction on “%(title)s” was refused"),
    }
    reason = item.decision_reason
    notify(
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
    notify(
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
    members = [
        membership.user
        for membership in Membership.objects.filter(theme_id=post.theme_id, status=MembershipStatus.APPROVED)
        .exclude(user_id=post.author_id)
        .select_related("user")
    ]
    if post.shielded:
        allowed = set(post.audience_links.values_list("user_id", flat=True))
        members = [user for user in members if user.pk in allowed]
    notify(
        code=NEW_POST,
        users=members,
        key=f"{NEW_POST}:{post.pk}",
        title=_("New post in %(theme)s: %(title)s") % {"theme": post.theme.title, "title": post.title},
        text=_excerpt(post.body),
        url=post.get_absolute_url(),
        obj=post,
        actor=post.author,
    )


def item_waiting(item):
    """Tell the moderators of the page that a post or reaction waits for approval."""
    is_reaction = isinstance(item, Reaction)
    post = item.post if is_reaction else item
    if is_reaction:
        title = _("A reaction on “%(title)s” waits for approval") % {"title": post.title}
    else:
        title = _("A post waits for approval: %(title)s") % {"title": post.title}
    notify(
        code=TO_MODERATE,
        users=_moderators(post.page),
        key=f"{TO_MODERATE}:{'reaction' if is_reaction else 'post'}:{item.pk}:{_stamp()}",
        title=title,
        text=_excerpt(item.body),
        url=item.get_absolute_url(),
        obj=item,
        actor=item.author,
    )
