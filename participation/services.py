"""Every write of the working groups: one function per action, keyword-only, one transaction each.

Side effects (plugin hooks) run on commit. Callers pass objects they already found through ``visible_to``;
the services check again what the actor may do (a forged request meets the same rules as the form).
Errors a member can fix raise ``ValidationError`` (field name → message); actions the actor may not take raise
:class:`NotAllowed` with a message to show.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from config.hooks import AFTER_MEMBERSHIP_DECIDED, AFTER_POST_PUBLISHED, call_safely
from core.content.services import has_text, render_member_text
from core.request_cache import forget
from participation import moderation_hooks, notifications  # noqa: F401 - moderation_hooks registers its hooks
from participation.access import CLOSED, access_for
from participation.models import (
    NO_REACTION_YET,
    Attachment,
    Membership,
    MembershipStatus,
    Post,
    PostAudience,
    PostFilterOption,
    PostStatus,
    Reaction,
    Section,
    Star,
)
from participation.selectors import activity_changed


class NotAllowed(PermissionDenied):
    """The actor may not do this; ``str(error)`` is a message for them."""


# --- Memberships ------------------------------------------------------------------------------------


def _organisation_of(theme):
    from themes.models import OrganisationPage

    return OrganisationPage.objects.ancestor_of(theme).first()


def representable_organisations(*, user, page):
    """Member organisations `user` may speak for on `page` (a theme or subtheme): those that list them as
    representative and take part in the page or its theme."""
    from themes.models import MemberOrganisation, ThemeMemberOrganisation

    if not user.is_authenticated:
        return MemberOrganisation.objects.none()
    page = page.specific
    taking_part = ThemeMemberOrganisation.objects.filter(page_id__in=page.own_and_inherited_pages())
    return MemberOrganisation.objects.filter(
        representatives=user, pk__in=taking_part.values("member_organisation_id")
    ).order_by("name")


def _check_on_behalf_of(*, user, page, organisation, field="on_behalf_of"):
    if organisation is None:
        return None
    if not representable_organisations(user=user, page=page).filter(pk=organisation.pk).exists():
        raise ValidationError({field: _("You cannot speak for this organisation in this working group.")})
    return organisation


@transaction.atomic
def membership_join(*, user, theme, on_behalf_of=None):
    """`user` joins `theme`: at once in an open theme, as a request for the moderators in a closed or mixed one.

    Joining twice changes nothing; after leaving or a rejection, joining asks again. A membership taken at once is
    marked so: members' posts written before (when the group was closed or mixed) are not for them.
    """
    if not user.is_authenticated:
        raise NotAllowed(_("Log in to join this working group."))
    _require_not_blocked(access_for(user), theme.pk)
    on_behalf_of = _check_on_behalf_of(user=user, page=theme, organisation=on_behalf_of)
    status = MembershipStatus.APPROVED if theme.group_type == "open" else MembershipStatus.PENDING
    at_once = status == MembershipStatus.APPROVED
    now = timezone.now()
    defaults = {"status": status, "on_behalf_of": on_behalf_of, "joined_at_once": at_once}
    if at_once:
        defaults["decided_at"] = now
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user, theme=theme, defaults=defaults
    )
    asked = created and status == MembershipStatus.PENDING
    if not created and membership.status in (MembershipStatus.LEFT, MembershipStatus.REJECTED):
        membership.status = status
        membership.on_behalf_of = on_behalf_of
        membership.created_at = now
        membership.decided_at = now if status == MembershipStatus.APPROVED else None
        membership.decided_by = None
        membership.reason = ""
        membership.joined_at_once = at_once
        membership.save()
        asked = status == MembershipStatus.PENDING
    elif not created and on_behalf_of is not None and membership.on_behalf_of_id != on_behalf_of.pk:
        membership.on_behalf_of = on_behalf_of
        membership.save(update_fields=["on_behalf_of"])
    if asked:
        notifications.membership_requested(membership)
    forget()
    return membership


@transaction.atomic
def membership_leave(*, membership):
    """The member leaves the theme (and its subthemes). Their posts stay; they no longer see members-only ones."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status in (MembershipStatus.APPROVED, MembershipStatus.PENDING):
        membership.status = MembershipStatus.LEFT
        membership.save(update_fields=["status"])
    forget()
    return membership


def _require_moderator(by, page_id):
    if not access_for(by).moderates(page_id):
        raise NotAllowed(_("Only the moderators of this working group can do this."))


def _decide_membership(*, membership, by, status, reason):
    _require_moderator(by, membership.theme_id)
    membership = Membership.objects.select_for_update().select_related("theme").get(pk=membership.pk)
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.reason = reason
    membership.joined_at_once = False  # a moderator admitted them, whatever the type is now
    membership.save()
    log(
        instance=membership,
        action=f"werkgroepen.membership_{'approved' if status == MembershipStatus.APPROVED else 'rejected'}",
        user=by,
        data={"reason": reason, "theme": membership.theme_id, "member": membership.user_id},
    )
    notifications.membership_decided(membership, by=by)
    organisation = _organisation_of(membership.theme)
    transaction.on_commit(lambda: call_safely(AFTER_MEMBERSHIP_DECIDED, membership, by, organisation=organisation))
    forget()
    return membership


@transaction.atomic
def membership_approve(*, membership, by):
    """A moderator of the theme accepts a membership request."""
    return _decide_membership(membership=membership, by=by, status=MembershipStatus.APPROVED, reason="")


@transaction.atomic
def membership_reject(*, membership, by, reason):
    """A moderator of the theme refuses a membership request, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you refuse this request: the person will read it.")})
    return _decide_membership(membership=membership, by=by, status=MembershipStatus.REJECTED, reason=reason)


# --- Posts --------------------------------------------------------------------------------------------


def _page_rules(access, page):
    group = access.pages.get(page.pk)
    if group is None or not (access.is_superuser or group.visible):
        raise NotAllowed(_("This working group cannot be found."))
    return group


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
    organisation = _organisation_of(post.theme)
    transaction.on_commit(lambda: call_safely(AFTER_POST_PUBLISHED, post, actor, organisation=organisation))


def _check_attachment_count(existing, new, field="attachments"):
    from django.conf import settings

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
    group = _page_rules(access, page)
    if not access.is_member(group.theme_id):
        raise NotAllowed(_("Only members of this working group can post. Join the working group first."))
    _require_not_blocked(access, group.theme_id)
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
    if post.author_id != by.pk or post.status == PostStatus.WITHDRAWN:
        raise NotAllowed(_("Only the author can change this post."))
    access = access_for(by)
    group = _page_rules(access, post.page)
    if not access.is_member(group.theme_id):
        raise NotAllowed(_("Only members of this working group can post. Join the working group first."))
    _require_not_blocked(access, group.theme_id)
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
    """The author withdraws their post: from then on only they see it."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.author_id != by.pk:
        raise NotAllowed(_("Only the author can withdraw this post."))
    post.status = PostStatus.WITHDRAWN
    post.save(update_fields=["status", "updated_at"])
    return post


def _decide(model, obj, *, by, status, reason, action):
    obj = model.objects.select_for_update().get(pk=obj.pk)
    page_id = obj.page_id if model is Post else obj.post.page_id
    _require_moderator(by, page_id)
    if obj.status not in (PostStatus.PENDING, PostStatus.HIDDEN) and not (
        status == PostStatus.REJECTED and obj.status == PostStatus.PUBLISHED
    ):
        raise ValidationError(_("This has already been decided."))
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


def _refresh_reaction_counters(post_id):
    """Recount a post's published reactions in the writing transaction (the sorts read these columns)."""
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
    if not access.is_member(post.theme_id):
        raise NotAllowed(_("Only members of this working group can react. Join the working group first."))
    _require_not_blocked(access, post.theme_id)
    if post.status != PostStatus.PUBLISHED:
        raise NotAllowed(_("You can react once the post has been published."))
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
        _refresh_reaction_counters(post.pk)
        notifications.reaction_published(reaction)
    else:
        notifications.item_waiting(reaction)
    return reaction


@transaction.atomic
def reaction_withdraw(*, reaction, by):
    """The author withdraws their reaction."""
    reaction = Reaction.objects.select_for_update().get(pk=reaction.pk)
    if reaction.author_id != by.pk:
        raise NotAllowed(_("Only the author can withdraw this reaction."))
    _lock_post(reaction.post)
    reaction.status = PostStatus.WITHDRAWN
    reaction.save(update_fields=["status", "updated_at"])
    _refresh_reaction_counters(reaction.post_id)
    return reaction


@transaction.atomic
def reaction_approve(*, reaction, by):
    """A moderator publishes a waiting reaction."""
    _lock_post(reaction.post)
    reaction = _decide(
        Reaction, reaction, by=by, status=PostStatus.PUBLISHED, reason="", action="werkgroepen.reaction_approved"
    )
    _refresh_reaction_counters(reaction.post_id)
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
    _refresh_reaction_counters(reaction.post_id)
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
    if not access.is_member(post.theme_id):
        raise NotAllowed(_("Only members of this working group can give a star. Join the working group first."))
    _require_not_blocked(access, post.theme_id)
    if post.status != PostStatus.PUBLISHED:
        raise NotAllowed(_("You can give a star once the post has been published."))
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


def counters_drift():
    """Posts whose counters disagree with their rows (for the consistency check, REL-10)."""
    stars = Count("stars", distinct=True)
    reactions = Count("reactions", filter=Q(reactions__status=PostStatus.PUBLISHED), distinct=True)
    return (
        Post.objects.annotate(real_stars=stars, real_reactions=reactions)
        .exclude(star_count=F("real_stars"), reaction_count=F("real_reactions"))
        .values_list("pk", flat=True)
    )


# --- Moderation: blocks, hiding, reports (issue 4) ------------------------------------------------------


def blocked_message():
    return _(
        "A moderator has blocked you in this working group: you can still read, but not post, react, give stars "
        "or report."
    )


def _require_not_blocked(access, theme_id):
    if access.is_blocked(theme_id):
        raise NotAllowed(blocked_message())


def _item_and_post(*, post=None, reaction=None):
    """Lock and return ``(item, post)`` for a post or a reaction (exactly one of the two)."""
    if (post is None) == (reaction is None):
        raise TypeError("Pass a post or a reaction.")
    if reaction is not None:
        locked_post = _lock_post(reaction.post)
        return Reaction.objects.select_for_update().get(pk=reaction.pk), locked_post
    locked_post = _lock_post(post)
    return locked_post, locked_post


def _save_status(item, *, fields=()):
    """Save a status change; a post's ``save`` starts a new content version (listing caches, facet counts)."""
    item.save(update_fields=["status", "updated_at", *fields])
    if isinstance(item, Reaction):
        _refresh_reaction_counters(item.post_id)


def _kind(item):
    return "reaction" if isinstance(item, Reaction) else "post"


def _log_decision(item, *, action, by, reason, **data):
    post = item.post if isinstance(item, Reaction) else item
    log(
        instance=item,
        action=action,
        user=by,
        data={"reason": reason, "actor": by.pk if by else None, "theme": post.theme_id, **data},
    )


@transaction.atomic
def member_block(*, theme, user, by, reason):
    """A moderator of `theme` blocks `user` there: they keep reading, but can no longer post, react, star or
    report in the theme (and its subthemes). Blocking twice changes nothing. Returns the :class:`Block`."""
    from participation.models import Block

    _require_moderator(by, theme.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you block this member: it is kept in the history.")})
    if user.pk == by.pk:
        raise NotAllowed(_("You cannot block yourself."))
    if access_for(user).moderates(theme.pk):
        raise NotAllowed(_("You cannot block a moderator of this working group."))
    if not Membership.objects.filter(theme=theme, user=user).exists():
        raise NotAllowed(_("Only people who joined this working group can be blocked."))
    block, created = Block.objects.get_or_create(theme=theme, user=user, defaults={"reason": reason, "created_by": by})
    if created:
        log(
            instance=block,
            action="werkgroepen.member_blocked",
            user=by,
            data={"reason": reason, "actor": by.pk, "theme": theme.pk, "member": user.pk},
        )
    forget()
    return block


@transaction.atomic
def member_unblock(*, theme, user, by, reason=""):
    """A moderator of `theme` lifts the block of `user`. The history stays in the audit log."""
    from participation.models import Block

    _require_moderator(by, theme.pk)
    block = Block.objects.select_for_update().filter(theme=theme, user=user).first()
    if block is None:
        raise ValidationError(_("This member is not blocked."))
    log(
        instance=block,
        action="werkgroepen.member_unblocked",
        user=by,
        data={"reason": (reason or "").strip(), "actor": by.pk, "theme": theme.pk, "member": user.pk},
    )
    block.delete()
    forget()


def _hide(item, *, by, reason, action):
    item.status = PostStatus.HIDDEN
    item.decided_at = timezone.now()
    item.decided_by = by
    item.decision_reason = reason
    _save_status(item, fields=["decided_at", "decided_by", "decision_reason"])
    _log_decision(item, action=action, by=by, reason=reason)
    return item


@transaction.atomic
def item_hide(*, by, reason, post=None, reaction=None):
    """A moderator hides a published post or reaction, saying why (the author reads it). Until it is unhidden
    only its author and the moderators see it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you hide this: the author will read it.")})
    item, locked_post = _item_and_post(post=post, reaction=reaction)
    _require_moderator(by, locked_post.page_id)
    if item.status != PostStatus.PUBLISHED:
        raise ValidationError(_("Only a published item can be hidden."))
    _hide(item, by=by, reason=reason, action=f"werkgroepen.{_kind(item)}_hidden")
    _notify_author_decision(item, by=by, event="hidden")
    return item


@transaction.atomic
def item_unhide(*, by, reason="", post=None, reaction=None):
    """A moderator puts a hidden post or reaction back online. Open reports on it are dismissed (kept)."""
    item, locked_post = _item_and_post(post=post, reaction=reaction)
    _require_moderator(by, locked_post.page_id)
    if item.status != PostStatus.HIDDEN:
        raise ValidationError(_("This is not hidden."))
    reason = (reason or "").strip()
    _unhide(item, by=by, reason=reason)
    _log_decision(item, action=f"werkgroepen.{_kind(item)}_unhidden", by=by, reason=reason)
    _close_reports(item, by=by, reason=reason, status="kept")
    return item


def _unhide(item, *, by, reason):
    item.status = PostStatus.PUBLISHED
    item.decided_at = timezone.now()
    item.decided_by = by
    item.decision_reason = reason
    if item.published_at is None:
        item.published_at = item.decided_at
    _save_status(item, fields=["decided_at", "decided_by", "decision_reason", "published_at"])


def post_hide(*, post, by, reason):
    """A moderator hides a published post (see :func:`item_hide`)."""
    return item_hide(post=post, by=by, reason=reason)


def post_unhide(*, post, by, reason=""):
    """A moderator puts a hidden post back online (see :func:`item_unhide`)."""
    return item_unhide(post=post, by=by, reason=reason)


def reaction_hide(*, reaction, by, reason):
    """A moderator hides a published reaction (see :func:`item_hide`)."""
    return item_hide(reaction=reaction, by=by, reason=reason)


def reaction_unhide(*, reaction, by, reason=""):
    """A moderator puts a hidden reaction back online (see :func:`item_unhide`)."""
    return item_unhide(reaction=reaction, by=by, reason=reason)


def _open_reports(item):
    from participation.models import Report, ReportStatus

    reports = Report.objects.filter(status=ReportStatus.OPEN)
    if isinstance(item, Reaction):
        return reports.filter(reaction=item)
    return reports.filter(post=item, reaction__isnull=True)


def _close_reports(item, *, by, reason, status):
    """Close the open reports on `item` with `status` (kept / removed) and tell each reporter the outcome."""
    from participation.models import ReportStatus

    now = timezone.now()
    reports = list(_open_reports(item).select_for_update(of=("self",)).select_related("reporter", "post__theme"))
    for report in reports:
        report.status = status
        report.decided_at = now
        report.decided_by = by
        report.decision_reason = reason
        report.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    type(item).objects.filter(pk=item.pk).update(open_report_count=0)
    item.open_report_count = 0
    from participation import notifications

    for report in reports:
        notifications.report_outcome(report, kept=status == ReportStatus.KEPT, by=by)
    return len(reports)


def _report_rate_limited(reporter):
    from django.conf import settings

    from core.ratelimit import allow

    limit, period = getattr(settings, "PARTICIPATION_RATE_LIMITS", {}).get("report", (10, 3600))
    return not allow(scope="participation-report", key=reporter.pk, limit=limit, period=period)


@transaction.atomic
def report_create(*, reporter, reason, text="", post=None, reaction=None):
    """`reporter`, a member who sees a published post or reaction, reports it (Melden); returns
    ``(report, created)``.

    One report per member and item: reporting again (or two identical requests at once) leaves one row. The
    post row is locked while the report is counted; at the theme's ``report_threshold`` distinct open reports
    the item hides itself until a moderator decides, and the moderators are told. Rate-limited per reporter.
    """
    from participation.models import Report, ReportReason

    if not reporter.is_authenticated:
        raise NotAllowed(_("Log in to report something."))
    item, locked_post = _item_and_post(post=post, reaction=reaction)
    access = access_for(reporter)
    visible = (Reaction if isinstance(item, Reaction) else Post).objects.visible_to(reporter, access=access)
    if not visible.filter(pk=item.pk).exists():
        raise NotAllowed(_("This cannot be found."))
    if not access.is_member(locked_post.theme_id):
        raise NotAllowed(_("Only members of this working group can report. Join the working group first."))
    _require_not_blocked(access, locked_post.theme_id)
    if item.author_id == reporter.pk:
        raise NotAllowed(_("You cannot report your own post or reaction."))
    if item.status == PostStatus.HIDDEN:
        raise NotAllowed(_("This is already hidden: a moderator is looking at it."))
    if item.status != PostStatus.PUBLISHED:
        raise NotAllowed(_("Only published posts and reactions can be reported."))
    errors = {}
    if reason not in ReportReason.values:
        errors["reason"] = _("Choose why you report this.")
    text = (text or "").strip()
    if reason == ReportReason.OTHER and not text:
        errors["text"] = _("Explain what is wrong.")
    elif len(text) > 2000:
        errors["text"] = _("Your explanation is too long: at most 2000 characters.")
    if errors:
        raise ValidationError(errors)
    lookup = {"reporter": reporter, "post": locked_post, "reaction": item if isinstance(item, Reaction) else None}
    existing = Report.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    if _report_rate_limited(reporter):
        raise NotAllowed(_("You have reported a lot in a short time. Wait an hour and try again."))
    try:
        with transaction.atomic():
            report = Report.objects.create(**lookup, theme_id=locked_post.theme_id, reason=reason, text=text)
    except IntegrityError:
        return Report.objects.get(**lookup), False  # an identical request won
    count = _open_reports(item).count()
    item.open_report_count = count
    type(item).objects.filter(pk=item.pk).update(open_report_count=count)
    threshold = locked_post.theme.report_threshold or 3
    from participation import notifications

    if count >= threshold:
        _hide(item, by=None, reason="", action="werkgroepen.hidden_by_reports")
        notifications.hidden_by_reports(item, count=count)
    return report, True


def _reported_item(post, reaction):
    item, locked_post = _item_and_post(post=post, reaction=reaction)
    return item, locked_post


@transaction.atomic
def report_keep(*, by, reason="", post=None, reaction=None):
    """A moderator decides the reported item may stay: it comes back online if it was hidden, its open reports
    are dismissed and the reporters hear the outcome. Returns the number of reports closed."""
    item, locked_post = _reported_item(post, reaction)
    _require_moderator(by, locked_post.page_id)
    reason = (reason or "").strip()
    if not _open_reports(item).exists() and item.status != PostStatus.HIDDEN:
        raise ValidationError(_("There are no open reports on this."))
    if item.status == PostStatus.HIDDEN:
        _unhide(item, by=by, reason=reason)
    _log_decision(item, action="werkgroepen.reports_kept", by=by, reason=reason)
    return _close_reports(item, by=by, reason=reason, status="kept")


@transaction.atomic
def report_remove(*, by, reason, post=None, reaction=None):
    """A moderator removes the reported item: it is refused (only its author sees it, with the reason), the
    reports are closed as upheld and the reporters hear the outcome. Returns the number of reports closed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you remove this: the author will read it.")})
    item, locked_post = _reported_item(post, reaction)
    _require_moderator(by, locked_post.page_id)
    if item.status not in (PostStatus.PUBLISHED, PostStatus.HIDDEN):
        raise ValidationError(_("This has already been decided."))
    item.status = PostStatus.REJECTED
    item.decided_at = timezone.now()
    item.decided_by = by
    item.decision_reason = reason
    _save_status(item, fields=["decided_at", "decided_by", "decision_reason"])
    _log_decision(item, action="werkgroepen.reports_removed", by=by, reason=reason)
    _notify_author_decision(item, by=by, event="removed")
    return _close_reports(item, by=by, reason=reason, status="removed")


def _notify_author_decision(item, *, by, event):
    from participation import notifications

    notifications.item_decided(item, by=by, event=event)
