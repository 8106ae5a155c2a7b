"""The collaboration spaces' part of "Mijn gegevens" and of account deletion (hook ``register_user_data``, SEC-16,
SEC-17, issue 9): the export is read in :mod:`trajectories.privacy.selectors`, the erasure written here (each room's
own rows through its own services), and both are registered in :mod:`trajectories.privacy.hooks`.

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
  (``trajectories.audit.services.actor_pseudonymise``); the rows themselves stay (NEN 7513);
* their name is taken out of the names of spaces (a space is often called after the young person);
* their personal social map is deleted;
* what they wrote in a space (logbook, plan, messages, documents, appointments, contacts) stays in that space for
  the people who could read it before: it is part of the young person's care record, which the care providers
  must keep for the legal retention period. It shows "verwijderde deelnemer" as its author. :data:`NOTICE` says so
  on "Mijn gegevens".
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trajectories.audit.services import actor_pseudonymise
from trajectories.network.services import social_maps_delete
from trajectories.spaces.selectors import account_seats
from trajectories.spaces.services import participants_erase

LABEL = "Werkruimtes"

NOTICE = _(
    "Collaboration spaces: your download holds what you wrote in the spaces you take part in and what is about you "
    "there, as far as you may see it. When you delete your account, your name and e-mail address disappear from "
    "every space and the access log, and your social map is deleted. What you wrote in a space (logbook, plan, "
    "messages, documents) stays in that space for the people who could already read it, with “deleted "
    "participant” instead of your name: it belongs to the young person's care record, which the care providers "
    "must keep for the period the law prescribes. The access log is kept too, without your name."
)


def deleted_label():
    """ "verwijderde deelnemer", in the site's language: it is stored in the access log, a record."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("deleted participant")


@transaction.atomic
def erase_user_data(user):
    """Take `user`'s name and address out of every space (see the module docstring). Runs in the core's account
    deletion transaction, before the account row goes."""
    replacement = deleted_label()
    seats = list(account_seats(user).select_for_update())
    seat_ids = [seat.pk for seat in seats]
    # Their personal social map goes (with its people).
    social_maps_delete(author_ids=seat_ids)
    # The log keeps its rows; only the copies of the name change (the one permitted update of the log).
    actor_pseudonymise(participant_ids=seat_ids, user=user, replacement=replacement)
    participants_erase(user=user, seats=seats, replacement=replacement)
