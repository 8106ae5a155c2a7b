"""The collaboration spaces' part of "Mijn gegevens" and of account deletion (hook ``register_user_data``, SEC-16,
SEC-17, issue 9).

Export — what the person wrote and what is about them that they may see, read through ``visible_to`` only:

* their participations (role, relation, name, dates; a space's name only while they take part in it);
* in every space they take part in: the items they wrote (every registered kind: goals, actions, agreements,
  evaluations, log entries, appointments, documents, conversations, contacts, social maps…), the actions they were
  given, their messages and their social map with its people; the young person, about whom the space is, gets
  every item and message they may read there;
* the files they uploaded (``__files__``, packed by the core under ``files/werkruimtes/``);
* the access log of the spaces where they may read it (the young person, the coordinators);
* the log-ins after a password reset or a new address that were recorded for their account.

Someone who no longer takes part (removed, or under a contact ban) gets only the bare facts of that participation:
by the one rule they see nothing of the space any more, and the export cannot be a way around it.

Erasure — what the law lets us delete goes, what it makes us keep is kept restricted and without their name:

* every participant row of theirs (accepted, or an invitation to one of their addresses) loses its name and
  e-mail address and shows "verwijderde deelnemer" (``erased_at``); the person is out of the space;
* the copies of their name in the access log are pseudonymised through the log's one documented erasure path
  (:meth:`trajectories.models.AccessLogQuerySet.pseudonymise_actor`); the rows themselves stay (NEN 7513);
* their name is taken out of the names of spaces (a space is often called after the young person);
* their personal social map is deleted;
* what they wrote in a space (logbook, plan, messages, documents, appointments, contacts) stays in that space for
  the people who could read it before: it is part of the young person's care record, which the care providers
  must keep for the legal retention period. It shows "verwijderde deelnemer" as its author. :data:`NOTICE` says so
  on "Mijn gegevens".
"""

import re

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.hooks import UserData
from trajectories import account_events
from trajectories.models import (
    AccessLogEntry,
    AccountSecurityEvent,
    Action,
    Participant,
    ParticipantStatus,
    Role,
    Trajectory,
    authentication_label,
)
from trajectories.registry import item_kinds

LABEL = "Werkruimtes"
SKIPPED_FIELDS = {"id", "trajectory", "author", "updated_by", "chosen"}

NOTICE = _(
    "Collaboration spaces: your download holds what you wrote in the spaces you take part in and what is about you "
    "there, as far as you may see it. When you delete your account, your name and e-mail address disappear from "
    "every space and the access log, and your social map is deleted. What you wrote in a space (logbook, plan, "
    "messages, documents) stays in that space for the people who could already read it, with “deleted "
    "participant” instead of your name: it belongs to the young person's care record, which the care providers "
    "must keep for the period the law prescribes. The access log is kept too, without your name."
)


def _when(value):
    return value.isoformat() if value else None


def _addresses(user):
    addresses = {user.email.lower()} if user.email else set()
    addresses.update(
        address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return addresses


# --- Export ------------------------------------------------------------------------------------------------------


def _value(item, field, people):
    value = field.value_from_object(item)
    if isinstance(field, models.ForeignKey):
        if field.related_model is Participant:
            person = people.get(value)
            return person.label if person is not None else None
        return value
    if isinstance(field, models.FileField):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _item_dict(kind, item, people, mine):
    data = {
        "kind": str(kind.label),
        "id": item.pk,
        "space": item.trajectory_id,
        "written_by": people[item.author_id].label if item.author_id in people else None,
        "written_by_me": item.author_id in mine,
        "who_may_see": item.get_audience_display(),
        "created_at": _when(item.created_at),
        "updated_at": _when(item.updated_at),
    }
    for field in type(item)._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.name in data or field.attname in data:
            continue
        data[field.name] = _value(item, field, people)
    return data


def _participation_dict(seat, user):
    active = seat.is_active and seat.user_id == user.pk
    # Under a contact ban a person is out of the space, whatever the row's status says.
    status = seat.status if active or seat.status != ParticipantStatus.ACTIVE else ParticipantStatus.REMOVED
    data = {
        "space": seat.trajectory_id,
        "role": seat.get_role_display(),
        "status": str(ParticipantStatus(status).label),
        "invited_at": _when(seat.invited_at),
        "accepted_at": _when(seat.accepted_at),
        "removed_at": _when(seat.removed_at),
    }
    if active:
        # While they take part they see all of this in the space; afterwards, by the one rule, nothing of it.
        data.update(
            {
                "space_name": seat.trajectory.title,
                "my_name_in_the_space": seat.label,
                "relation": seat.relation,
                "organisation": seat.organisation_label,
                "has_parental_authority": seat.has_parental_authority,
            }
        )
    return data


def export_user_data(user):
    """Everything of the spaces about `user` that they may see (see the module docstring)."""
    from trajectories.messaging.models import Message
    from trajectories.models_tools import Document, DocumentVersion
    from trajectories.network.models import SocialMap, SocialMapPerson

    seats = list(
        Participant.objects.filter(models.Q(user=user) | models.Q(user__isnull=True, email__in=_addresses(user)))
        .select_related("trajectory", "care_organisation", "member_organisation", "user")
        .with_declaration()
        .order_by("trajectory_id", "pk")
    )
    active = [seat for seat in seats if seat.is_active and seat.user_id == user.pk]
    mine = {seat.pk for seat in active}
    client_spaces = {seat.trajectory_id for seat in active if seat.role == Role.CLIENT}
    space_ids = {seat.trajectory_id for seat in active}
    people = {
        person.pk: person
        for person in Participant.objects.visible_to(user).filter(trajectory_id__in=space_ids).select_related("user")
    }

    items = []
    for kind in item_kinds():
        readable = kind.model.objects.visible_to(user).filter(trajectory_id__in=space_ids)
        about_me = models.Q(author_id__in=mine) | models.Q(trajectory_id__in=client_spaces)
        if kind.model is Action:
            about_me |= models.Q(owner_id__in=mine)
        for item in readable.filter(about_me).order_by("trajectory_id", "created_at", "pk").iterator(chunk_size=500):
            items.append(_item_dict(kind, item, people, mine))

    messages = [
        {
            "conversation": message.thread_id,
            "space": message.trajectory_id,
            "written_by": people[message.author_id].label if message.author_id in people else None,
            "written_by_me": message.author_id in mine,
            "text": message.text,
            "created_at": _when(message.created_at),
        }
        for message in Message.objects.visible_to(user)
        .filter(models.Q(author_id__in=mine) | models.Q(trajectory_id__in=client_spaces))
        .order_by("pk")
        .iterator(chunk_size=500)
    ]

    maps = []
    for social_map in SocialMap.objects.visible_to(user).filter(author_id__in=mine).order_by("pk"):
        maps.append(
            {
                "space": social_map.trajectory_id,
                "who_may_see": social_map.get_audience_display(),
                "people": [
                    {
                        "name": person.name,
                        "circle": person.get_circle_display(),
                        "how_close": person.get_closeness_display(),
                        "note": person.note,
                    }
                    for person in SocialMapPerson.objects.visible_to(user)
                    .filter(social_map=social_map)
                    .order_by("circle", "pk")
                ],
            }
        )

    uploads = list(
        DocumentVersion.objects.filter(
            author_id__in=mine,
            document__in=Document.objects.visible_to(user).values("pk"),
        )
        .exclude(file="")
        .order_by("pk")
    )

    access_log = [
        {
            "space": row.trajectory_id,
            "at": _when(row.at),
            "who": row.actor_name,
            "on_behalf_of": row.on_behalf_of,
            "what": row.get_action_display(),
            "which": account_events.label_of(row.item_type) or row.item_type,
            "item": row.item_id,
            "result": row.get_outcome_display(),
            "logged_in_with": authentication_label(row.authentication),
        }
        for row in AccessLogEntry.objects.visible_to(user).order_by("pk").iterator(chunk_size=2000)
    ]

    return {
        "participations": [_participation_dict(seat, user) for seat in seats],
        "items": items,
        "messages": messages,
        "social_maps": maps,
        "uploaded_files": [
            {"document": version.document_id, "version": version.number, "name": version.original_name}
            for version in uploads
        ],
        "access_log": access_log,
        "account_security_events": [
            {"what": event.get_kind_display(), "at": _when(event.at)}
            for event in AccountSecurityEvent.objects.filter(user=user).order_by("pk")
        ],
        # Not JSON: the files themselves, packed by the core under files/werkruimtes/.
        "__files__": [
            (f"{version.document_id}-{version.number}-{version.original_name}", version.file) for version in uploads
        ],
    }


# --- Erasure -----------------------------------------------------------------------------------------------------


def deleted_label():
    """ "verwijderde deelnemer", in the site's language: it is stored in the access log, a record."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("deleted participant")


def _names_of(user, seats):
    """The names `user` went by, longest first (a full name before its parts): words of three letters or more."""
    names = {user.get_full_name(), user.first_name, user.last_name, user.display_name}
    names.update(seat.name for seat in seats)
    for name in list(names):
        names.update((name or "").split())
    return sorted({name.strip() for name in names if name and len(name.strip()) >= 3}, key=len, reverse=True)


def _without_names(text, names, replacement):
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", replacement, text, flags=re.IGNORECASE)
    while f"{replacement} {replacement}" in text:
        text = text.replace(f"{replacement} {replacement}", replacement)
    return text


@transaction.atomic
def erase_user_data(user):
    """Take `user`'s name and address out of every space (see the module docstring). Runs in the core's account
    deletion transaction, before the account row goes."""
    from trajectories.network.models import SocialMap

    replacement = deleted_label()
    now = timezone.now()
    seats = list(
        Participant.objects.select_for_update().filter(
            models.Q(user=user) | models.Q(user__isnull=True, email__in=_addresses(user))
        )
    )
    seat_ids = [seat.pk for seat in seats]
    names = _names_of(user, seats)
    # Their personal social map goes (with its people).
    for social_map in SocialMap.objects.filter(author_id__in=seat_ids):
        social_map.chosen.clear()
        social_map.delete()
    # The log keeps its rows; only the copies of the name change (the one permitted update of the log).
    AccessLogEntry.objects.filter(models.Q(participant_id__in=seat_ids) | models.Q(actor=user)).pseudonymise_actor(
        replacement=replacement
    )
    for trajectory in Trajectory.objects.filter(pk__in={seat.trajectory_id for seat in seats}):
        title = _without_names(trajectory.title, names, replacement)
        if title != trajectory.title:
            Trajectory.objects.filter(pk=trajectory.pk).update(title=title[:120])
    Trajectory.objects.filter(counsellor_id__in=seat_ids).update(counsellor=None)
    for seat in seats:
        Participant.objects.filter(pk=seat.pk).update(
            name="",
            email=f"verwijderd-{seat.pk}@deelnemer.invalid",
            user=None,
            status=ParticipantStatus.REMOVED,
            removed_at=seat.removed_at or now,
            token_hash=None,
            token_expires_at=None,
            erased_at=now,
        )


def user_data():
    """The ``register_user_data`` entry of the spaces (registered in :mod:`trajectories.wagtail_hooks`)."""
    return UserData(label=LABEL, export=export_user_data, erase=erase_user_data, notice=NOTICE)
