"""`make run` seeds demo posts through the services; running it twice changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from participation.models import Membership, MembershipStatus, Post, PostStatus, Reaction, Star

pytestmark = pytest.mark.django_db


def test_demo_participation_is_complete_and_idempotent(django_capture_on_commit_callbacks):
    call_command("seed_demo", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo_participation", stdout=StringIO())
    counts = (Post.objects.count(), Reaction.objects.count(), Star.objects.count(), Membership.objects.count())

    call_command("seed_demo_participation", stdout=StringIO())

    assert (Post.objects.count(), Reaction.objects.count(), Star.objects.count(), Membership.objects.count()) == counts
    statuses = set(Post.objects.values_list("status", flat=True))
    assert {PostStatus.PUBLISHED, PostStatus.PENDING} <= statuses, "the moderator has something to approve"
    assert Post.objects.filter(shielded=True).exists()
    assert Membership.objects.filter(status=MembershipStatus.PENDING).exists()
    assert Post.objects.visible_to(AnonymousUser()).count() >= 3, "visitors find public posts"
    for post in Post.objects.all():
        assert post.star_count == post.stars.count()
        assert post.reaction_count == post.reactions.filter(status=PostStatus.PUBLISHED).count()
