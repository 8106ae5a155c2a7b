"""Every write of posts, reactions, stars and attachments: one function per action, keyword-only, one transaction
each. Side effects (notifications, plugin hooks) are scheduled in the transaction or on commit.

Callers pass objects they already found through ``visible_to``; the services check visibility again and ask the
room's policies (:mod:`participation.posts.policies`), so a forged request meets the same rules as the button.
Errors a member can fix raise ``ValidationError`` (field name → message); actions the actor may not take raise
:class:`NotAllowed` with a message to show.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from config.hooks import AFTER_POST_PUBLISHED, call_safely
from core.content.services import has_text, render_member_text
from participation.access import CLOSED, NotAllowed, access_for
from participation.groups.models import Membership
from participation.groups.policies import can_speak_for
from participation.groups.selectors import organisation_of
from participation.posts import notifications
from participation.posts.models import (
    NO_REACTION_YET,
    Attachment,
    Post,
    PostAudience,
    PostFilterOption,
    PostStatus,
    Reaction,
    Section,
    Star,
)
from participation.posts.policies import (
    can_approve,
    can_edit,
    can_post_in,
    can_react,
    can_refuse,
    can_star,
    can_withdraw,
    can_withdraw_reaction,
)
from participation.posts.selectors import activity_changed

__all__ = [
    "NotAllowed",
    "nobody_chosen_message",
    "post_approve",
    "post_create",
    "post_reject",
    "post_section",
    "post_update",
    "post_withdraw",
    "reaction_approve",
    "reaction_counters_refresh",
    "reaction_create",
    "reaction_reject",
    "reaction_withdraw",
    "star_set",
]


def _check_on_behalf_of(*, user, page, organisation):
    verdict = can_speak_for(user, page, organisation)
    if not verdict:
        raise ValidationError({"on_behalf_of": verdict.reason})
    return organisation


# --- Posts --------------------------------------------------------------------------------------------


def post_section(*, group_type, section, current=None):
    """The section a post is written for, or None when the author must choose and did not.

    An open group's posts are public and a closed group's are for members; a mixed group lets the author choose.
    An edit never widens what a post was written for without the author choosing: a members' post of a group that
    became open since stays in the members' section (``current`` is the edited post's section)."""
    if group_type == "open":
        return Section.MEMBERS if current == Section.MEMBERS else Section.PUBLIC
    if group_type == CLOSED:
        return Section.MEMBERS
    return section if section in (Section.PUBLIC, Section.MEMBERS) else None


def _clean_audience(*, author, group, shielded, audience):
    """The ids of the members a post is shielded for; an empty list for an unshielded post.

    Shielding is never wider than chosen: picking members shields the post, ticked box or not, and a post that
    should be shielded (box ticked, or only the author picked) without anybody else chosen is refused rather
    than published to every member."""
    picked = list(audience or [])
    if not (shielded or picked):
        return []
    audience_ids = sorted({user.pk for user in picked if user.pk != author.pk})
    if not audience_ids:
        raise ValidationError({"audience": nobody_chosen_message()})
    members = set(
        Membership.objects.approved()
        .filter(theme_id=group.theme_id, user_id__in=audience_ids)
        .values_list("user_id", flat=True)
    )
    if len(members) != len(audience_ids):
        raise ValidationError({"audience": _("You can only choose members of this working group.")})
    return audience_ids


def nobody_chosen_message():
    """What a member reads when they shield a post without choosing anyone (the form says the same)."""
    return _(
        "You chose to shield this post but picked nobody. Choose the members who may see it, "
        "or untick “Shield this post” to show it to everyone who may read this working group."
    )


def _clean_post_fields(
    *, author, page, group, title, body, category, filter_options, section, shielded, audience, current_section=None
):
    errors = {}
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = _("Give your post a title.")
    elif len(title) > 200:
        errors["title"] = _("The title is too long: at most 200 characters.")
    html = render_member_text(body)
    if not has_text(html):
        errors["body"] = _("Write a message.")
    specific = page.specific
    if category is None:
        errors["category"] = _("Choose a category.")
    elif not specific.available_categories().filter(pk=category.pk).exists():
        errors["category"] = _("Choose one of the categories of this working group.")
    options = list(filter_options or [])
    if options:
        allowed = set(
            specific.available_filter_groups().values_list("options__pk", flat=True).exclude(options__pk=None)
        )
        if any(option.pk not in allowed for option in options):
            errors["filter_options"] = _("Choose filters of this working group only.")
    section = post_section(group_type=group.group_type, section=section, current=current_section)
    if section is None:
        errors["section"] = _("Choose where your post appears: in the public section or the members' section.")
    audience_ids = []
    try:
        audience_ids = _clean_audience(author=author, group=group, shielded=shielded, audience=audience)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return title, html, section, options, audience_ids


def _save_attachments(*, files, uploader, post=None, reaction=None):
    now = timezone.now()
    for checked in files:
        attachment = Attachment(
            post=post,
            reaction=reaction,
            kind=checked.kind,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            alt_text=checked.alt_text,
            uploaded_by=uploader,
            created_at=now,
        )
        attachment.file.save(checked.name, checked.upload, save=False)
        attachment.save()


def _after_published(post, actor):
    notifications.post_published(post)
    organisation = organisation_of(post.theme)
    transaction.on_commit(lambda: call_safely(AFTER_POST_PUBLISHED, post, actor, organisation=organisation))


def _check_attachment_count(existing, new, field="attachments"):
    limit = settings.PARTICIPATION_MAX_ATTACHMENTS
    if existing + len(new) > limit:
        raise ValidationError({field: _("At most %(limit)d attachments.") % {"limit": limit}})


@transaction.atomic
def post_create(
    *,
    author,
    page,
    title,
    body,
    category,
    filter_options=(),
    section=None,
    shielded=False,
    audience=(),
    on_behalf_of=None,
    files=(),
):
    """`author`, an approved member, posts on a theme or subtheme `page`.

    Posts of the public section (every post of an open theme, the public part of a mixed one) wait for a
    moderator; members' section posts (closed themes, the members' part of a mixed one) appear at once.
    Choosing members in `audience` shields the post for them, whatever `shielded` says; `shielded` without
    anybody chosen is refused. `files` are :class:`core.content.services.CheckedFile`.
    """
    access = access_for(author)
    can_post_in(author, page, access=access).enforce()
    group = access.pages[page.pk]
    title, html, section, options, audience_ids = _clean_post_fields(
        author=author,
        page=page,
        group=group,
        title=title,
        body=body,
        category=category,
        filter_options=filter_options,
        section=section,
        shielded=shielded,
        audience=audience,
    )
    on_behalf_of = _check_on_behalf_of(user=author, page=page, organisation=on_behalf_of)
    _check_attachment_count(0, files)
    now = timezone.now()
    status = PostStatus.PENDING if section == Section.PUBLIC else PostStatus.PUBLISHED
    post = Post.objects.create(
        theme_id=group.theme_id,
        page_id=page.pk,
        author=author,
        on_behalf_of=on_behalf_of,
        category=category,
        title=title,
        body=html,
        body_source=body,
        section=section,
        theme_type_at_writing=access.pages[group.theme_id].group_type,
        status=status,
        shielded=bool(audience_ids),
        sort_at=now,
        published_at=now if status == PostStatus.PUBLISHED else None,
    )
    PostFilterOption.objects.bulk_create([PostFilterOption(post=post, option=option) for option in options])
    PostAudience.objects.bulk_create([PostAudience(post=post, user_id=user_id) for user_id in audience_ids])
    _save_attachments(files=files, uploader=author, post=post)
    if status == PostStatus.PUBLISHED:
        _after_published(post, author)
    else:
        notifications.item_waiting(post)
    return post


@transaction.atomic
def post_update(
    *,
    post,
    by,
    title,
    body,
    category,
    filter_options=(),
    section=None,
    shielded=False,
    audience=(),
    on_behalf_of=None,
    files=(),
    remove_attachments=(),
):
    """The author edits their post. An edit of a post in a pre-moderated section (public) waits for a
    moderator again; a refused post that is edited is submitted to the moderators again, in any section.

    Shielding follows the same rule as :func:`post_create`. The post keeps the section it was written for: a
    members' post of a group that has become open stays for members (only a mixed group lets the author move
    it, by choosing)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    access = access_for(by)
    can_edit(by, post, access=access).enforce()
    group = access.pages[post.page_id]
    title, html, section, options, audience_ids = _clean_post_fields(
        author=by,
        page=post.page,
        group=group,
        title=title,
        body=body,
        category=category,
        filter_options=filter_options,
        section=section,
        shielded=shielded,
        audience=audience,
        current_section=post.section,
    )
    on_behalf_of = _check_on_behalf_of(user=by, page=post.page, organisation=on_behalf_of)
    removing = set(post.attachments.filter(pk__in=[a.pk for a in remove_attachments]).values_list("pk", flat=True))
    _check_attachment_count(post.attachments.count() - len(removing), files)
    was_published = post.status == PostStatus.PUBLISHED
    post.title, post.body, post.body_source, post.section, post.category = title, html, body, section, category
    post.on_behalf_of = on_behalf_of
    post.shielded = bool(audience_ids)
    if section == Section.PUBLIC or post.status == PostStatus.REJECTED:
        # Pre-moderated sections wait again; a refused post goes back to a moderator whatever its section, so
        # editing it is never a way around their decision.
        post.status = PostStatus.PENDING
    elif post.status == PostStatus.PENDING:
        post.status = PostStatus.PUBLISHED
    if post.status == PostStatus.PUBLISHED and post.published_at is None:
        post.published_at = timezone.now()
        post.sort_at = post.published_at
    post.save()
    PostFilterOption.objects.filter(post=post).exclude(option__in=options).delete()
    PostFilterOption.objects.bulk_create(
        [PostFilterOption(post=post, option=option) for option in options], ignore_conflicts=True
    )
    PostAudience.objects.filter(post=post).exclude(user_id__in=audience_ids).delete()
    PostAudience.objects.bulk_create(
        [PostAudience(post=post, user_id=user_id) for user_id in audience_ids], ignore_conflicts=True
    )
    for attachment in post.attachments.filter(pk__in=removing):
        attachment.file.delete(save=False)
        attachment.delete()
    _save_attachments(files=files, uploader=by, post=post)
    if post.status == PostStatus.PUBLISHED and not was_published:
        _after_published(post, by)
    elif post.status == PostStatus.PENDING:
        notifications.item_waiting(post)
    return post


@transaction.atomic
def post_withdraw(*, post, by):
    """The author withdraws their post: from then on only they see it. Withdrawing it again changes nothing."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.author_id == by.pk and post.status == PostStatus.WITHDRAWN:
        return post  # a second click
    can_withdraw(by, post).enforce()
    post.status = PostStatus.WITHDRAWN
    post.save(update_fields=["status", "updated_at"])
    return post


def _decide(model, obj, *, by, status, reason, action):
    obj = model.objects.select_for_update().get(pk=obj.pk)
    policy = can_approve if status == PostStatus.PUBLISHED else can_refuse
    policy(by, obj).enforce()
    now = timezone.now()
    obj.status = status
    obj.decided_at = now
    obj.decided_by = by
    obj.decision_reason = reason
    if status == PostStatus.PUBLISHED and obj.published_at is None:
        obj.published_at = now
        if model is Post:
            obj.sort_at = now
    obj.save()
    log(instance=obj, action=action, user=by, data={"reason": reason})
    return obj


@transaction.atomic
def post_approve(*, post, by):
    """A moderator publishes a waiting post."""
    post = _decide(Post, post, by=by, status=PostStatus.PUBLISHED, reason="", action="werkgroepen.post_approved")
    notifications.item_decided(post, by=by, event="approved")
    _after_published(post, by)
    return post


@transaction.atomic
def post_reject(*, post, by, reason):
    """A moderator refuses a post, saying why; only its author sees it from then on."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you refuse this post: the author will read it.")})
    post = _decide(Post, post, by=by, status=PostStatus.REJECTED, reason=reason, action="werkgroepen.post_rejected")
    notifications.item_decided(post, by=by, event="rejected")
    return post


# --- Reactions ----------------------------------------------------------------------------------------


def reaction_counters_refresh(*, post_id):
    """Recount a post's published reactions in the writing transaction (the sorts read these columns). Every change
    of a reaction's status calls it, in this room and in moderation."""
    counts = Reaction.objects.filter(post_id=post_id, status=PostStatus.PUBLISHED).aggregate(
        n=Count("pk"), last=Max("published_at")
    )
    Post.objects.filter(pk=post_id).update(
        reaction_count=counts["n"], last_reaction_at=counts["last"] or NO_REACTION_YET
    )
    activity_changed(Post.objects.filter(pk=post_id).values_list("theme_id", flat=True).first())


def _lock_post(post):
    return Post.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def reaction_create(*, author, post, body, on_behalf_of=None, files=()):
    """An approved member reacts on a published post. In a pre-moderated (public) section the reaction waits
    for a moderator too."""
    post = _lock_post(post)
    access = access_for(author)
    if not Post.objects.visible_to(author, access=access).filter(pk=post.pk).exists():
        raise NotAllowed(_("This post cannot be found."))
    can_react(author, post, access=access).enforce()
    html = render_member_text(body)
    if not has_text(html):
        raise ValidationError({"body": _("Write a reaction.")})
    on_behalf_of = _check_on_behalf_of(user=author, page=post.page, organisation=on_behalf_of)
    _check_attachment_count(0, files)
    now = timezone.now()
    status = PostStatus.PENDING if post.section == Section.PUBLIC else PostStatus.PUBLISHED
    reaction = Reaction.objects.create(
        post=post,
        author=author,
        on_behalf_of=on_behalf_of,
        body=html,
        body_source=body,
        status=status,
        published_at=now if status == PostStatus.PUBLISHED else None,
    )
    _save_attachments(files=files, uploader=author, reaction=reaction)
    if status == PostStatus.PUBLISHED:
        reaction_counters_refresh(post_id=post.pk)
        notifications.reaction_published(reaction)
    else:
        notifications.item_waiting(reaction)
    return reaction


@transaction.atomic
def reaction_withdraw(*, reaction, by):
    """The author withdraws their reaction. Withdrawing it again changes nothing."""
    reaction = Reaction.objects.select_for_update().get(pk=reaction.pk)
    if reaction.author_id == by.pk and reaction.status == PostStatus.WITHDRAWN:
        return reaction  # a second click
    can_withdraw_reaction(by, reaction).enforce()
    _lock_post(reaction.post)
    reaction.status = PostStatus.WITHDRAWN
    reaction.save(update_fields=["status", "updated_at"])
    reaction_counters_refresh(post_id=reaction.post_id)
    return reaction


@transaction.atomic
def reaction_approve(*, reaction, by):
    """A moderator publishes a waiting reaction."""
    _lock_post(reaction.post)
    reaction = _decide(
        Reaction, reaction, by=by, status=PostStatus.PUBLISHED, reason="", action="werkgroepen.reaction_approved"
    )
    reaction_counters_refresh(post_id=reaction.post_id)
    notifications.item_decided(reaction, by=by, event="approved")
    notifications.reaction_published(reaction)
    return reaction


@transaction.atomic
def reaction_reject(*, reaction, by, reason):
    """A moderator refuses a reaction, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you refuse this reaction: the author will read it.")})
    _lock_post(reaction.post)
    reaction = _decide(
        Reaction, reaction, by=by, status=PostStatus.REJECTED, reason=reason, action="werkgroepen.reaction_rejected"
    )
    reaction_counters_refresh(post_id=reaction.post_id)
    notifications.item_decided(reaction, by=by, event="rejected")
    return reaction


# --- Stars ---------------------------------------------------------------------------------------------


@transaction.atomic
def star_set(*, user, post, starred):
    """`user` stars (``starred=True``) or unstars a published post; returns ``(starred, star_count)``.

    Idempotent: the request says the state wanted, not "toggle", so twenty identical clicks leave one star.
    The post row is locked while the star is written and the counter recounted (REL-02, REL-10).
    """
    post = _lock_post(post)
    access = access_for(user)
    if not Post.objects.visible_to(user, access=access).filter(pk=post.pk).exists():
        raise NotAllowed(_("This post cannot be found."))
    can_star(user, post, access=access).enforce()
    if starred:
        try:
            with transaction.atomic():
                Star.objects.get_or_create(user=user, post=post)
        except IntegrityError:
            pass  # someone else's identical request won; the star is there
    else:
        Star.objects.filter(user=user, post=post).delete()
    count = Star.objects.filter(post=post).count()
    Post.objects.filter(pk=post.pk).update(star_count=count)
    activity_changed(post.theme_id)
    return starred, count
