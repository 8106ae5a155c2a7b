"""Reads of the consultation room, all starting from ``ConsultationPage.objects.visible_to(user)``."""

from datetime import datetime, time

from django.core.cache import cache
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.request_cache import memoise
from werkgroepen_consultations.consultation.models import Ballot, ConsultationPage, Tally
from werkgroepen_consultations.plans.models import Pin, PinReaction
from werkgroepen_consultations.surveys.models import SurveyDraft


def consultations_in(page, user):
    """The consultations directly below a theme or subtheme `page` that `user` may see, newest closing last."""
    return ConsultationPage.objects.visible_to(user).child_of(page).order_by("closes_at", "pk")


def consultation_for(user, pk):
    """One consultation `user` may see, or None (invisible, switched off and missing are the same)."""
    return ConsultationPage.objects.visible_to(user).filter(pk=pk).first()


def search(user, query, limit):
    return list(ConsultationPage.objects.visible_to(user).filter(title__icontains=query).order_by("-closes_at")[:limit])


def tally(page):
    """``(ballots, version)`` of `page`: one query per request; (0, 0) before the first ballot."""
    return memoise(
        ("consultation-tally", page.pk),
        lambda: Tally.objects.filter(consultation=page).values_list("ballots", "version").first() or (0, 0),
    )


def cached_results(page, name, compute):
    """`compute()` cached until the next ballot or moderation (the tally's version is in the key): a results page
    of a consultation with 10,000 ballots costs one query while nothing changes (PERF)."""
    ballots, version = tally(page)
    key = f"consultations:{name}:{page.pk}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, 60 * 60 * 24)
    return ballots, value


EXPORT_BATCH = 1000


def ballots_in_batches(page, *, prefetch=(), batch=EXPORT_BATCH):
    """Every ballot of `page` in id order, `batch` at a time (keyset: ``id > last``), with `prefetch` and the
    author: an export of 10,000 ballots keeps a few queries per batch and little memory."""
    last = 0
    while True:
        rows = list(
            Ballot.objects.filter(consultation=page, pk__gt=last)
            .select_related("user", "organisation")
            .prefetch_related(*prefetch)
            .order_by("pk")[:batch]
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].pk


def export_table(page, *, with_names, columns, cells, prefetch=()):
    """``(header, rows)`` of an export: ballot number, time, the author where `with_names` (a named consultation,
    for its moderators), then the kind's `columns` and ``cells(ballot)``. An anonymous ballot holds no author, so
    no export of an anonymous consultation can name one."""
    header = ["ballot", "submitted_at"] + (["name", "organisation"] if with_names else []) + list(columns)

    def rows():
        for number, ballot in enumerate(ballots_in_batches(page, prefetch=prefetch), start=1):
            who = []
            if with_names:
                who = [
                    ballot.user.display_name if ballot.user else "",
                    ballot.organisation.name if ballot.organisation else "",
                ]
            yield [number, ballot.submitted_at.isoformat(timespec="seconds")] + who + list(cells(ballot))

    return header, rows()


def personal_data(user):
    """What the plugin keeps about `user`, for "Mijn gegevens": their named ballots (anonymous ballots name nobody,
    not even for their author), their saved drafts, pins and reactions."""
    return {
        "ballots": [
            {"consultation": title, "submitted_at": when.isoformat(), "reason": reason}
            for title, when, reason in Ballot.objects.filter(user=user).values_list(
                "consultation__title", "submitted_at", "reason"
            )
        ],
        "drafts": [
            {"consultation": title, "data": data}
            for title, data in SurveyDraft.objects.filter(user=user).values_list("consultation__title", "data")
        ],
        "pins": [
            {"consultation": title, "category": category, "comment": comment, "x": str(x), "y": str(y)}
            for title, category, comment, x, y in Pin.objects.filter(author=user).values_list(
                "consultation__title", "category", "comment", "x", "y"
            )
        ],
        "reactions": list(PinReaction.objects.filter(author=user).values_list("text", flat=True)),
    }


def running_in_period(organisation, start, end):
    """The live consultations of `organisation` that were open at some time in ``[start, end)`` (dates), with
    their number of ballots (one query), for the observers' update."""
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end, time.min))
    return list(
        ConsultationPage.objects.live()
        .descendant_of(organisation)
        .filter(opens_at__lt=until, closes_at__gte=since)
        .annotate(ballot_count=Coalesce(Max("tally__ballots"), 0))
        .order_by("opens_at", "pk")
    )
