"""Push mail (issue 4 §6, seed 000): a moderator — and members, where the theme allows it — mails a chosen
selection of the theme's approved members, with a preview; recorded and visible to the sender afterwards.

Requirements: SEC-05 (authorisation on every request: nobody mails a theme they may not), REL-03 (mail leaves
through the outbox after commit), PERF-02 (the sending request costs the same for 5 and 200 members).
"""

import re
import uuid

import pytest
from django.urls import reverse

from core.models import Frequency, NotificationPreference, OutboundMessage, OutboundStatus, User
from participation.models import Membership, MembershipStatus
from participation.pushmail.models import PushMail
from participation.pushmail.services import PUSH_MAIL
from themes.models import MemberOrganisation


@pytest.fixture
def team(open_theme, make_member, make_moderator, organisation):
    """A theme with a moderator, three approved members (two for an organisation), a pending member and an
    outsider."""
    noord = MemberOrganisation.objects.create(organisation=organisation, name="Buurtwerk Noord")
    zuid = MemberOrganisation.objects.create(organisation=organisation, name="Buurtwerk Zuid")
    moderator = make_moderator(open_theme, "beheerder@example.org")
    ann = make_member(open_theme, "ann@example.org", on_behalf_of=noord)
    bert = make_member(open_theme, "bert@example.org", on_behalf_of=zuid)
    cis = make_member(open_theme, "cis@example.org")
    pending = make_member(open_theme, "wacht@example.org", status=MembershipStatus.PENDING)
    outsider = User.objects.create_user(email="buiten@example.org", password="x" * 20, display_name="Buiten")
    return {
        "theme": open_theme,
        "moderator": moderator,
        "members": [ann, bert, cis],
        "pending": pending,
        "outsider": outsider,
        "noord": noord,
        "zuid": zuid,
    }


def compose_url(theme):
    return reverse("participation:push_mail_compose", args=[theme.pk])


def data(**overrides):
    values = {
        "token": str(uuid.uuid4()),
        "subject": "Vergadering dinsdag",
        "body": "Beste leden,\n\nWe vergaderen **dinsdag** om 19 uur.",
        "selection": "all",
    }
    values.update(overrides)
    return values


def send(client, theme, capture, **overrides):
    with capture(execute=True):
        return client.post(compose_url(theme), {**data(**overrides), "send": "1"})


def test_a_moderator_previews_then_sends_and_every_approved_member_receives_it_by_smtp(
    client, team, smtp_sink, django_capture_on_commit_callbacks
):
    """The preview shows the count and the formatted text and sends nothing; sending reaches the approved members
    only (not the pending one, the outsider or the sender), over real SMTP, with a one-click unsubscribe."""
    theme, moderator = team["theme"], team["moderator"]
    client.force_login(moderator)
    form = client.get(compose_url(theme))
    assert form.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', form.content.decode()).group(1)

    preview = client.post(compose_url(theme), {**data(token=token), "preview": "1"})
    html = preview.content.decode()
    assert "3 members will receive this push mail." in html
    assert "<strong>dinsdag</strong>" in html
    assert "Send to 3 members" in html
    assert PushMail.objects.count() == 0 and OutboundMessage.objects.count() == 0, "a preview sends nothing"

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(compose_url(theme), {**data(token=token), "send": "1"})
    push = PushMail.objects.get()
    assert sent.status_code == 302 and sent["Location"] == push.get_absolute_url()
    assert (push.sender, push.recipient_count) == (moderator, 3)

    messages = smtp_sink.wait_for(3)
    assert sorted(str(m["To"]) for m in messages) == ["ann@example.org", "bert@example.org", "cis@example.org"]
    message = smtp_sink.to("ann@example.org")[0]
    assert message["Subject"] == "Vergadering dinsdag"
    # Issue 14 §9: multipart, both parts from the same member text as the preview; no raw Markdown.
    assert message.get_content_type() == "multipart/alternative"
    assert "We vergaderen dinsdag om 19 uur." in smtp_sink.body(message)
    assert "**" not in smtp_sink.body(message)
    html_part = message.get_body(preferencelist=("html",)).get_content()
    assert "<p>We vergaderen <strong>dinsdag</strong> om 19 uur.</p>" in html_part
    assert "/account/meldingen/afmelden/" in html_part  # the personal unsubscribe link in the HTML part too
    assert str(message["List-Unsubscribe"]).strip().startswith("<http") and message["List-Unsubscribe-Post"]
    assert len(smtp_sink.messages) == 3

    detail = client.get(push.get_absolute_url()).content.decode()
    assert "Vergadering dinsdag" in detail
    assert "3 delivered to the mail server" in detail
    listing = client.get(reverse("participation:push_mail_list")).content.decode()
    assert push.get_absolute_url() in listing


def test_sending_the_same_form_twice_sends_once(client, team, mailoutbox, django_capture_on_commit_callbacks):
    """A double click or a browser resend: one push mail, one e-mail per member."""
    client.force_login(team["moderator"])
    token = str(uuid.uuid4())
    send(client, team["theme"], django_capture_on_commit_callbacks, token=token)
    send(client, team["theme"], django_capture_on_commit_callbacks, token=token)
    assert PushMail.objects.count() == 1
    assert len(mailoutbox) == 3


def test_by_organisation_and_by_hand(client, team, mailoutbox, django_capture_on_commit_callbacks):
    ann, bert, cis = team["members"]
    client.force_login(team["moderator"])
    send(
        client,
        team["theme"],
        django_capture_on_commit_callbacks,
        selection="organisations",
        organisations=[team["noord"].pk],
    )
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]
    assert PushMail.objects.get().organisation_names == ["Buurtwerk Noord"]
    mailoutbox.clear()
    send(client, team["theme"], django_capture_on_commit_callbacks, selection="members", people=[bert.pk, cis.pk])
    assert sorted(m.to[0] for m in mailoutbox) == ["bert@example.org", "cis@example.org"]


def test_someone_picked_by_hand_must_be_an_approved_member(
    client, team, mailoutbox, django_capture_on_commit_callbacks
):
    """SEC-05: a forged choice (the pending member, an outsider) is refused, nothing is sent."""
    client.force_login(team["moderator"])
    for person in (team["pending"], team["outsider"]):
        response = send(
            client, team["theme"], django_capture_on_commit_callbacks, selection="members", people=[person.pk]
        )
        assert response.status_code == 400
    assert PushMail.objects.count() == 0 and mailoutbox == []


def test_no_recipients_and_too_much_text_are_refused_clearly_and_keep_what_was_typed(
    client, team, closed_theme, make_moderator, mailoutbox, django_capture_on_commit_callbacks
):
    """Bad input (issue 4): a theme without members to mail, 200 KB of text, an empty subject."""
    theme = team["theme"]
    alone = make_moderator(closed_theme, "alleen@example.org")
    client.force_login(alone)
    nobody = send(client, closed_theme, django_capture_on_commit_callbacks)
    assert nobody.status_code == 400
    assert "This selection reaches no member. Choose other recipients." in nobody.content.decode()
    assert "Vergadering dinsdag" in nobody.content.decode(), "what was typed is kept"

    client.force_login(team["moderator"])
    huge = send(client, theme, django_capture_on_commit_callbacks, body="x" * 200_000)
    assert huge.status_code == 400
    assert "Ensure this value has at most 20000 characters (it has 200000)." in huge.content.decode()

    empty = send(client, theme, django_capture_on_commit_callbacks, subject="")
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert PushMail.objects.count() == 0 and OutboundMessage.objects.count() == 0 and mailoutbox == []


def test_members_may_only_when_the_theme_allows_it(client, team, mailoutbox, django_capture_on_commit_callbacks):
    """SEC-05: a member gets 403 and sends nothing until the theme ticks "members may send push mail"."""
    theme, ann = team["theme"], team["members"][0]
    client.force_login(ann)
    assert client.get(compose_url(theme)).status_code == 403
    refused = send(client, theme, django_capture_on_commit_callbacks)
    assert refused.status_code == 403
    assert "You may not send a push mail to the members of this working group." in refused.content.decode()
    assert PushMail.objects.count() == 0 and mailoutbox == []
    assert "?tab=pushmail" not in client.get(theme.url).content.decode()

    theme.members_may_push_mail = True
    theme.save_revision().publish()
    assert "?tab=pushmail" in client.get(theme.url).content.decode(), "the theme page links to it"
    send(client, theme, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mailoutbox) == ["bert@example.org", "cis@example.org"], "not to the sender"


@pytest.mark.parametrize("who", ["pending", "outsider", "other_moderator"])
def test_non_members_pending_members_and_moderators_of_another_theme_are_refused(
    who, client, team, closed_theme, make_moderator, mailoutbox, django_capture_on_commit_callbacks
):
    theme = team["theme"]
    theme.members_may_push_mail = True
    theme.save_revision().publish()
    person = make_moderator(closed_theme, "ander@example.org") if who == "other_moderator" else team[who]
    client.force_login(person)
    assert send(client, theme, django_capture_on_commit_callbacks).status_code == 403
    assert PushMail.objects.count() == 0 and mailoutbox == []


def test_a_missing_theme_a_subtheme_and_a_visitor(client, team, open_subtheme):
    """Invisible and missing answer the same 404; a subtheme has no push mail of its own; visitors log in."""
    assert client.get(compose_url(team["theme"])).status_code == 302
    client.force_login(team["outsider"])
    assert client.get(reverse("participation:push_mail_compose", args=[999_999])).status_code == 404
    client.force_login(team["moderator"])
    assert client.get(reverse("participation:push_mail_compose", args=[open_subtheme.pk])).status_code == 404


def test_only_the_sender_sees_a_push_mail_afterwards(client, team, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(team["moderator"])
    send(client, team["theme"], django_capture_on_commit_callbacks)
    push = PushMail.objects.get()
    for person in (team["members"][0], team["outsider"]):
        client.force_login(person)
        assert client.get(push.get_absolute_url()).status_code == 404
        assert push.get_absolute_url() not in client.get(reverse("participation:push_mail_list")).content.decode()


def test_members_who_switched_push_mail_off_get_nothing(client, team, mailoutbox, django_capture_on_commit_callbacks):
    ann, bert, cis = team["members"]
    NotificationPreference.objects.create(user=ann, type=PUSH_MAIL, frequency=Frequency.OFF)
    client.force_login(team["moderator"])
    send(client, team["theme"], django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mailoutbox) == ["bert@example.org", "cis@example.org"]
    detail = client.get(PushMail.objects.get().get_absolute_url()).content.decode()
    assert "1 not sent: push mail switched off or no longer a member" in detail

    # The one-click link in bert's mail switches push mail off for him.
    link = re.search(r"<(https?://[^>]+)>", mailoutbox[0].extra_headers["List-Unsubscribe"]).group(1)
    client.logout()
    response = client.post(re.sub(r"^https?://[^/]+", "", link))
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user__email=mailoutbox[0].to[0], type=PUSH_MAIL).frequency == "off"


def test_someone_who_left_before_the_mail_was_written_gets_nothing(
    client, team, mailoutbox, django_capture_on_commit_callbacks
):
    """The recipients are fixed when sending, but the worker checks membership again when it writes the mail."""
    from participation.pushmail.services import expand_push_mail

    ann = team["members"][0]
    client.force_login(team["moderator"])
    client.post(compose_url(team["theme"]), {**data(), "send": "1"})  # no commit: the worker has not run
    Membership.objects.filter(user=ann).update(status=MembershipStatus.LEFT)
    expand_push_mail.call(PushMail.objects.get().pk)
    assert not OutboundMessage.objects.filter(email=ann.email).exists()
    assert OutboundMessage.objects.filter(status=OutboundStatus.QUEUED).count() == 2
    assert expand_push_mail.call(PushMail.objects.get().pk) == 0, "running the worker twice writes nothing more"


def test_a_large_push_mail_is_written_in_rounds_and_delivered_once(
    client, team, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """Rounds of 2 people here (1,000 in production), through the one fan-out: every member is mailed once, with
    their own one-click unsubscribe, a daily reader too (push mail is no digest item), and one delivery is
    scheduled for the whole push mail, not one per round."""
    from participation.pushmail.services import expand_push_mail

    monkeypatch.setattr("participation.pushmail.services.BATCH", 2)
    monkeypatch.setattr("core.notifications.services.BATCH", 2)
    ann, bert, cis = team["members"]
    NotificationPreference.objects.create(user=bert, type=PUSH_MAIL, frequency=Frequency.DAILY)
    client.force_login(team["moderator"])
    client.post(compose_url(team["theme"]), {**data(), "send": "1"})  # no commit: the worker has not run
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert expand_push_mail.call(PushMail.objects.get().pk) == 3
    assert len(callbacks) == 1, "one delivery for the whole push mail"
    rows = OutboundMessage.objects.filter(key=PushMail.objects.get().outbox_key)
    assert sorted(rows.values_list("email", flat=True)) == [ann.email, bert.email, cis.email]
    links = {row.headers["List-Unsubscribe"] for row in rows}
    assert len(links) == 3 and all(row.headers["List-Unsubscribe"].strip("<>") in row.body for row in rows)
    assert expand_push_mail.call(PushMail.objects.get().pk) == 0


@pytest.mark.parametrize("size", [5, 200])
def test_the_sending_request_costs_the_same_for_few_and_many_members(size, client, team, django_assert_max_num_queries):
    """PERF-02: the request records the push mail; the e-mails are written by the worker after commit."""
    theme = team["theme"]
    users = User.objects.bulk_create(
        User(email=f"m{n}@example.org", display_name=f"Lid {n}", password="!") for n in range(size)
    )
    Membership.objects.bulk_create(
        Membership(user=user, theme=theme, status=MembershipStatus.APPROVED) for user in users
    )
    client.force_login(team["moderator"])
    with django_assert_max_num_queries(25):
        response = client.post(compose_url(theme), {**data(), "send": "1"})
    assert response.status_code == 302
    assert PushMail.objects.get().recipient_count == size + 3
    assert OutboundMessage.objects.count() == 0, "fanned out after commit, not in the request"


def test_a_large_group_offers_no_hand_picking(
    client, team, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """Thousands of check boxes help nobody (and cost seconds): above the limit, picking by hand is refused."""
    monkeypatch.setattr("participation.pushmail.forms.PICK_LIMIT", 2)
    client.force_login(team["moderator"])
    assert 'name="people"' not in client.get(compose_url(team["theme"])).content.decode()
    refused = send(
        client, team["theme"], django_capture_on_commit_callbacks, selection="members", people=[team["members"][0].pk]
    )
    assert refused.status_code == 400
    assert "This working group is too large to pick members by hand." in refused.content.decode()
    assert mailoutbox == []


def test_the_push_mail_keeps_lists_links_and_line_breaks_and_no_script(
    client, team, django_capture_on_commit_callbacks
):
    """The text part reads like what was written (list items, line breaks, link addresses); the HTML part is the
    sanitised preview HTML: a script typed in the text never reaches a mailbox (SEC-08)."""
    client.force_login(team["moderator"])
    body = "Agenda:\n\n- verkeer\n- *fietspaden*\n\nMeer op [de site](https://example.org/a?b=1&c=2).\nTot dan <script>alert(1)</script>"
    send(client, team["theme"], django_capture_on_commit_callbacks, body=body)
    row = OutboundMessage.objects.filter(type="participation.push_mail").first()
    assert "Agenda:\n\n- verkeer\n- fietspaden\n\nMeer op de site (https://example.org/a?b=1&c=2).\nTot dan" in row.body
    assert "<li><em>fietspaden</em></li>" in row.html_body and "<script" not in row.html_body
    assert "<script" not in row.body
