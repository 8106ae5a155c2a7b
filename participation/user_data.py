"""Participation's personal data for "Mijn gegevens" and account deletion (hook ``register_user_data``).

Export: memberships, posts, reactions, stars, the reports the person filed, and the files they uploaded (listed
under ``__files__``, which the core packs into the ZIP). Erasure keeps discussions readable: posts and reactions
stay, their author becomes "deleted user" when the account row goes (``SET_NULL``); stars go, with the counters
they feed; memberships go with the account.
"""

from django.db.models import F
from wagtail import hooks

from config.hooks import REGISTER_USER_DATA, UserData


def _when(value):
    return value.isoformat() if value else None


def export_user_data(user):
    from participation.models import Attachment, Membership, Post, Reaction, Report, Star

    memberships = [
        {
            "theme": m.theme.title,
            "status": m.status,
            "on_behalf_of": m.on_behalf_of.name if m.on_behalf_of_id else None,
            "requested_at": _when(m.created_at),
            "decided_at": _when(m.decided_at),
        }
        for m in Membership.objects.filter(user=user).select_related("theme", "on_behalf_of").iterator(chunk_size=500)
    ]
    posts = [
        {
            "id": p.pk,
            "theme": p.theme.title,
            "title": p.title,
            "text": p.body_source or p.body,
            "status": p.status,
            "created_at": _when(p.created_at),
            "published_at": _when(p.published_at),
        }
        for p in Post.objects.filter(author=user).select_related("theme").iterator(chunk_size=500)
    ]
    reactions = [
        {
            "id": r.pk,
            "post": r.post_id,
            "text": r.body_source or r.body,
            "status": r.status,
            "created_at": _when(r.created_at),
        }
        for r in Reaction.objects.filter(author=user).iterator(chunk_size=500)
    ]
    stars = [
        {"post": s.post_id, "post_title": s.post.title}
        for s in Star.objects.filter(user=user).select_related("post").iterator(chunk_size=500)
    ]
    reports = [
        {
            "post": r.post_id,
            "reaction": r.reaction_id,
            "reason": r.reason,
            "text": r.text,
            "status": r.status,
            "created_at": _when(r.created_at),
        }
        for r in Report.objects.filter(reporter=user).iterator(chunk_size=500)
    ]
    attachments = list(Attachment.objects.filter(uploaded_by=user).order_by("pk"))
    return {
        "memberships": memberships,
        "posts": posts,
        "reactions": reactions,
        "stars": stars,
        "reports": reports,
        "attachments": [
            {"id": a.pk, "name": a.original_name, "post": a.post_id, "reaction": a.reaction_id} for a in attachments
        ],
        # Not JSON: the files themselves, packed by the core under files/<label>/.
        "__files__": [(f"{a.pk}-{a.original_name}", a.file) for a in attachments if a.file],
    }


def erase_user_data(user):
    from participation.models import Post, Star
    from participation.selectors import activity_changed

    starred = list(Star.objects.filter(user=user).values_list("post_id", "post__theme_id"))
    if starred:
        Star.objects.filter(user=user).delete()
        Post.objects.filter(pk__in=[post_id for post_id, _theme in starred]).update(star_count=F("star_count") - 1)
        for theme_id in {theme for _post, theme in starred}:
            activity_changed(theme_id)


@hooks.register(REGISTER_USER_DATA)
def participation_user_data():
    return UserData(label="Participation", export=export_user_data, erase=erase_user_data)
