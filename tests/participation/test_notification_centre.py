"""The notification centre and settings in everyday use (issue 14 §8): "alles gelezen", settings grouped by what
they are about (my posts, my working groups, moderation; collaboration spaces only for people who take part in
one), without a "(required)" that means nothing, and notifications that keep lists and line breaks."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Notification
from core.notifications.services import notify
from participation import factories
from participation.models import PostStatus
from participation.posts import notifications as post_notifications

pytestmark = pytest.mark.django_db


def english(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_mark_all_as_read_reads_every_notification_also_on_older_pages(member, user_factory):
    other = user_factory("ander@example.org", "Ander")
    for number in range(60):
        notify(code="core.invitation", users=[member, other], key=f"test:{number}", title=f"Bericht {number}", url="/")
    client = english(member)
    html = client.get(reverse("notification_centre")).content.decode()
    assert "Mark all as read" in html
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).exists()  # older pages still unread

    response = client.post(reverse("notifications_all_read"), follow=True)

    assert "All your notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 60  # only one's own
    assert "Mark all as read" not in client.get(reverse("notification_centre")).content.decode()


def test_mark_all_as_read_is_a_post_for_the_person_logged_in(member):
    assert Client().post(reverse("notifications_all_read")).status_code == 302  # to the log-in
    assert english(member).get(reverse("notifications_all_read")).status_code == 405


def test_the_settings_are_grouped_by_what_they_are_about_most_used_first(member):
    html = english(member).get(reverse("notification_settings")).content.decode()
    headings = re.findall(r'<h2 id="settings-group-\d+">(.*?)</h2>', html)
    assert headings[:3] == ["My posts", "My working groups", "Moderation"]
    assert "Collaboration spaces" not in headings  # only for people who take part in a space
    my_posts = html.split(">My posts</h2>")[1].split("</section>")[0]
    legends = re.findall(r"<legend>(.*?)</legend>", my_posts)
    assert legends[0] == "Reactions on my posts"
    assert "Decisions of moderators on my posts and reactions" in legends
    settings_form = html.split('<section class="extra-addresses"')[0]
    assert "(required)" not in settings_form  # a choice that always has a value needs no "(verplicht)"
    assert "“Off” switches it off completely" in html


def test_a_notification_keeps_the_lists_and_line_breaks_of_the_post(open_theme, make_member):
    author = make_member(open_theme, "auteur@example.org")
    reader = make_member(open_theme, "lezer@example.org")
    post = factories.post(
        author=author,
        page=open_theme,
        title="Agenda",
        body="<p>We bespreken:</p><ul><li>fietspaden</li><li>verlichting</li></ul><p>Tot dan,<br>Auteur</p>",
        status=PostStatus.PUBLISHED,
    )
    text = post_notifications._excerpt(post.body)
    assert text == "We bespreken:\n\n- fietspaden\n- verlichting\n\nTot dan,\nAuteur"
    notify(code=post_notifications.NEW_POST, users=[reader], key="t", title="Agenda", text=text, url="/")
    html = english(reader).get(reverse("notification_centre")).content.decode()
    assert "- fietspaden<br>- verlichting" in html and "Tot dan,<br>Auteur" in html
