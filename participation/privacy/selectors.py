"""Participation's personal data for "Mijn gegevens" (hook ``register_user_data``, privacy/hooks.py): memberships,
posts, reactions, stars, the reports the person filed, and the files they uploaded (listed under ``__files__``,
which the core packs into the ZIP). The person's own rows, whatever their status: it is their data."""

from participation.groups.models import Membership
from participation.moderation.models import Report
from participation.posts.models import Attachment, Post, Reaction, Star


def _when(value):
    return value.isoformat() if value else None


def export_user_data(user):
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
