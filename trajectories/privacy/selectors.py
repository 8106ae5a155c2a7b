"""The export of "Mijn gegevens" for the collaboration spaces (SEC-16): what the person wrote and what is about them
that they may see, read through ``visible_to`` only. What goes in and why is said in
:mod:`trajectories.privacy.services`."""

from django.db import models

from trajectories.access import ParticipantStatus, Role
from trajectories.agenda.models import AppointmentDecline, AppointmentProposal, ProposalAnswer
from trajectories.audit.models import AccessLogEntry, AccountSecurityEvent, authentication_label
from trajectories.audit.selectors import account_event_label
from trajectories.blueprints.models import Signature
from trajectories.documents.models import Document, DocumentVersion
from trajectories.items.selectors import item_kinds
from trajectories.messaging.models import Message
from trajectories.network.models import SocialMap, SocialMapPerson
from trajectories.plan.models import Action
from trajectories.spaces.models import Participant
from trajectories.spaces.selectors import account_seats

SKIPPED_FIELDS = {"id", "trajectory", "author", "updated_by", "chosen"}


def _when(value):
    return value.isoformat() if value else None


def _value(item, field, people):
    value = field.value_from_object(item)
    if isinstance(field, models.ForeignKey):
        if field.related_model is Participant:
            return _label(people, value)
        return value
    if isinstance(field, models.FileField):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _label(people, participant_id):
    """How the export names a participant: their label, or None for a seat not among `people`."""
    person = people.get(participant_id)
    return person.label if person is not None else None


def _item_dict(kind, item, people, mine):
    data = {
        "kind": str(kind.label),
        "id": item.pk,
        "space": item.trajectory_id,
        "written_by": _label(people, item.author_id),
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
    if seat.birth_date is not None:  # the young person's own birth date and her choice at 18 (issue 13 §6)
        data["birth_date"] = seat.birth_date.isoformat()
        data["choice_at_18"] = seat.majority_choice or None
    if active:
        # While they take part they see all of this in the space; afterwards, by the one rule, nothing of it.
        data.update(
            {
                "space_name": seat.trajectory.title,
                "my_name_in_the_space": seat.label,
                "relation": seat.relation,
                "work_phone": seat.work_phone,
                "work_email": seat.work_email,
                "organisation": seat.organisation_label,
                "has_parental_authority": seat.has_parental_authority,
            }
        )
    return data


def export_user_data(user):
    """Everything of the spaces about `user` that they may see (see :mod:`trajectories.privacy.services`)."""
    seats = list(
        account_seats(user)
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
            "written_by": _label(people, message.author_id),
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
            "which": account_event_label(row.item_type) or row.item_type,
            "item": row.item_id,
            "result": row.get_outcome_display(),
            "logged_in_with": authentication_label(row.authentication),
        }
        for row in AccessLogEntry.objects.visible_to(user).order_by("pk").iterator(chunk_size=2000)
    ]

    return {
        "participations": [_participation_dict(seat, user) for seat in seats],
        "proposed_appointments": _proposals(user, mine, people),
        "declined_appointments": [
            {
                "space": decline.appointment.trajectory_id,
                "appointment": decline.appointment_id,
                "at": _when(decline.declined_at),
            }
            for decline in AppointmentDecline.objects.filter(participant_id__in=mine)
            .select_related("appointment")
            .order_by("pk")
        ],
        "signatures": [
            {
                "space": signature.phase_document.phase.trajectory_id,
                "document": signature.phase_document.title,
                "chosen_at": _when(signature.chosen_at),
                "signed_at": _when(signature.signed_at),
            }
            for signature in Signature.objects.filter(participant_id__in=mine)
            .select_related("phase_document__phase")
            .order_by("pk")
        ],
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


def _proposals(user, mine, people):
    """The proposed appointments `user` made or was asked about (``visible_to``), each with its times and the
    answers they gave (what others answered is theirs, not part of this person's data)."""
    proposals = list(
        AppointmentProposal.objects.visible_to(user).prefetch_related("options").order_by("trajectory_id", "pk")
    )
    answers = {
        (row.option_id): row
        for row in ProposalAnswer.objects.filter(participant_id__in=mine, proposal__in=[p.pk for p in proposals])
    }
    return [
        {
            "space": proposal.trajectory_id,
            "what": proposal.title,
            "place": proposal.place,
            "video_call": proposal.video_call,
            "notes": proposal.notes,
            "proposed_by": _label(people, proposal.proposer_id),
            "proposed_by_me": proposal.proposer_id in mine,
            "status": proposal.get_status_display(),
            "created_at": _when(proposal.created_at),
            "confirmed_at": _when(proposal.confirmed_at),
            "times": [
                {
                    "start": _when(option.start),
                    "end": _when(option.end),
                    "my_answer": answers[option.pk].get_answer_display() if option.pk in answers else None,
                    "answered_at": _when(answers[option.pk].answered_at) if option.pk in answers else None,
                    "confirmed": option.pk == proposal.confirmed_option_id,
                }
                for option in proposal.options.all()
            ],
        }
        for proposal in proposals
    ]
