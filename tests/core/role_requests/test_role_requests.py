"""Role requests (issue 4 §9, seed 002): a logged-in person asks for moderator rights for an organisation (work phone,
work e-mail, reason); the organisation's admins and the superadmins decide in the admin; the person hears the
outcome by e-mail over real SMTP."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.models import Notification, RoleAssignment, RoleRequest, RoleRequestStatus
from core.role_requests.services import role_request_create
from tests.core.accounts_fixtures import *  # noqa: F403
from tests.core.accounts_fixtures import deliver
from themes.factories import theme_page

URL = "/account/rechten-aanvragen/"


def request_data(organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "work_phone": "+32491166542",
        "work_email": "jan.janssens@gent.be",
        "reason": "Ik zou graag de werkgroepen van de stad Gent modereren.",
        "confirm": "1",
    }
    data.update(overrides)
    return data


def test_member_asks_and_the_organisation_admin_approves_on_a_theme(
    client, member, org_admin, superadmin, organisation, theme, smtp_sink
):
    """The admins are told (e-mail and notification centre); the admin approves as moderator of one theme; the
    role is given through core.roles, audit-logged, and the person gets an e-mail."""
    client.force_login(member)
    response = client.post(URL, request_data(organisation))
    assert response.status_code == 302
    role_request = RoleRequest.objects.get()
    assert (role_request.user, role_request.status) == (member, RoleRequestStatus.OPEN)
    assert role_request.work_phone == "+32491166542"

    told = deliver(smtp_sink, 2)
    assert {str(m["To"]) for m in told} == {org_admin.email, superadmin.email}
    assert "Lid asks for moderator rights" in str(told[0]["Subject"])
    assert Notification.objects.filter(recipient=org_admin, type="core.role_request").exists()
    assert not Notification.objects.filter(recipient=member, type="core.role_request").exists()

    admin = type(client)(headers={"accept-language": "en"})
    admin.force_login(org_admin)
    listing = admin.get("/admin/role-requests/").content.decode()
    assert "jan.janssens@gent.be" in listing
    page = admin.get(reverse("role_requests:decide", args=[role_request.pk])).content.decode()
    assert "+32491166542" in page and "modereren" in page
    decided = admin.post(
        reverse("role_requests:decide", args=[role_request.pk]), {"decision": "approve", "page": theme.pk}
    )
    assert decided.status_code == 302
    assert RoleAssignment.objects.filter(user=member, role="moderator", page=theme).exists()
    role_request.refresh_from_db()
    assert role_request.status == RoleRequestStatus.APPROVED and role_request.decided_by == org_admin
    assert ModelLogEntry.objects.filter(action="werkgroepen.role_request_approved", user_id=org_admin.pk).exists()

    answers = deliver(smtp_sink, 4)[2:]
    # Seed 002: the answer reaches the account's address and the work address given in the request.
    assert {str(m["To"]) for m in answers} == {member.email, "jan.janssens@gent.be"}
    assert all("approved" in str(m["Subject"]) for m in answers)
    # The sweep principle: the new moderator has no user-management permission.
    member.refresh_from_db()
    assert not any(p.startswith(("auth.", "wg_core.")) for p in member.get_all_permissions())


def test_rejection_needs_a_reason_and_the_person_receives_it(client, member, org_admin, organisation, smtp_sink):
    role_request = role_request_create(user=member, organisation=organisation, **_fields())
    client.force_login(org_admin)
    url = reverse("role_requests:decide", args=[role_request.pk])

    empty = client.post(url, {"decision": "reject", "reason": "  "})
    assert empty.status_code == 400 and "Give a reason" in empty.content.decode()
    assert RoleRequest.objects.get().status == RoleRequestStatus.OPEN

    client.post(url, {"decision": "reject", "reason": "Je werkt niet voor deze gemeente."})
    role_request.refresh_from_db()
    assert role_request.status == RoleRequestStatus.REJECTED
    assert not RoleAssignment.objects.filter(user=member).exists()
    smtp_sink.clear()
    received = deliver(smtp_sink, 2)
    mail = [m for m in received if member.email in str(m["To"])]
    assert mail and "Je werkt niet voor deze gemeente." in smtp_sink.body(mail[0])
    assert any("werk@gemeente.be" in str(m["To"]) for m in received)

    # Decided once: a second decision changes nothing.
    client.post(url, {"decision": "approve", "page": organisation.pk})
    assert not RoleAssignment.objects.filter(user=member).exists()


def _fields(**overrides):
    data = {"work_phone": "+3212345678", "work_email": "werk@gemeente.be", "reason": "Ik beheer de werkgroepen."}
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("work_phone", "", "This field is required."),
        ("work_phone", "bel me", "Enter a phone number with digits only"),
        ("work_email", "geen-adres", "Enter a valid email address."),
        ("reason", "", "This field is required."),
    ],
)
def test_bad_input_keeps_what_was_typed(client, member, organisation, field, value, message):
    client.force_login(member)
    response = client.post(URL, request_data(organisation, **{field: value}))
    body = response.content.decode()
    assert response.status_code == 400 and message in body
    assert "Ik zou graag de werkgroepen" in body or field == "reason"  # what was typed stays
    assert not RoleRequest.objects.exists()


def test_the_request_is_checked_before_it_is_sent(client, member, organisation):
    """Seed 002: fill in, check the summary, then confirm; "back" returns to the form with what was typed."""
    client.force_login(member)
    data = request_data(organisation)
    del data["confirm"]
    review = client.post(URL, data)
    body = review.content.decode()
    assert review.status_code == 200 and "Check your request" in body and "+32491166542" in body
    assert not RoleRequest.objects.exists()

    back = client.post(URL, {**data, "back": "1"})
    assert "Check your request" not in back.content.decode()
    assert 'value="jan.janssens@gent.be"' in back.content.decode()
    assert not RoleRequest.objects.exists()

    assert client.post(URL, {**data, "confirm": "1"}).status_code == 302
    assert RoleRequest.objects.count() == 1


def test_one_open_request_per_organisation(client, member, organisation, other_organisation):
    client.force_login(member)
    client.post(URL, request_data(organisation))
    again = client.post(URL, request_data(organisation))
    assert again.status_code == 400 and "already have an open request" in again.content.decode()
    assert client.post(URL, request_data(other_organisation)).status_code == 302
    assert RoleRequest.objects.count() == 2


def test_anonymous_visitors_are_sent_to_log_in(client, organisation):
    response = client.post(URL, request_data(organisation))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not RoleRequest.objects.exists()


def test_other_organisations_admins_and_moderators_cannot_decide(
    client, member, organisation, other_organisation, user_factory, moderator
):
    """An admin of another organisation, and a moderator, see nothing and cannot decide (404/redirect, SEC-04)."""
    from core.models import Role
    from core.roles import services as roles

    role_request = role_request_create(user=member, organisation=organisation, **_fields())
    elsewhere = user_factory("elders@example.org", "Elders")
    roles.assign_role(user=elsewhere, role=Role.ORGANISATION_ADMIN, page=other_organisation)
    outside_theme = theme_page(title="Buiten", organisation=other_organisation)

    client.force_login(elsewhere)
    assert "werk@gemeente.be" not in client.get("/admin/role-requests/").content.decode()
    url = reverse("role_requests:decide", args=[role_request.pk])
    assert client.post(url, {"decision": "approve", "page": outside_theme.pk}).status_code == 404

    client.force_login(moderator)
    response = client.post(url, {"decision": "approve", "page": organisation.pk})
    assert response.status_code in (302, 403, 404)
    assert not RoleAssignment.objects.filter(user=member).exists()
    assert RoleRequest.objects.get().status == RoleRequestStatus.OPEN


def test_the_chosen_page_must_lie_in_the_requested_organisation(client, member, org_admin, organisation, superadmin):
    """Even a superadmin cannot turn a request for organisation A into a role in organisation B."""
    from themes.factories import organisation_page

    role_request = role_request_create(user=member, organisation=organisation, **_fields())
    other = organisation_page(title="Andere Gemeente")
    elsewhere = theme_page(title="Ander Thema", organisation=other)
    client.force_login(superadmin)
    response = client.post(
        reverse("role_requests:decide", args=[role_request.pk]), {"decision": "approve", "page": elsewhere.pk}
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=member).exists()


def test_requests_are_rate_limited(client, member, organisation, home):
    from themes.factories import organisation_page

    client.force_login(member)
    for n in range(5):
        client.post(URL, request_data(organisation_page(title=f"Gemeente {n}")))
    response = client.post(URL, request_data(organisation))
    assert response.status_code == 429
    assert not RoleRequest.objects.filter(organisation=organisation).exists()


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_admin_list_costs_the_same_for_3_and_30_requests(client, org_admin, organisation, user_factory):
    """PERF-02: the role request list is a constant number of queries whatever its length."""

    def add(start, count):
        for n in range(start, start + count):
            role_request_create(
                user=user_factory(f"vrager{n}@example.org", f"Vrager {n}"), organisation=organisation, **_fields()
            )

    add(0, 3)
    client.force_login(org_admin)
    _count_queries(client, "/admin/role-requests/")  # the first request fills the tree cache
    small = _count_queries(client, "/admin/role-requests/")
    add(3, 27)
    large = _count_queries(client, "/admin/role-requests/")
    assert large == small


def test_the_request_page_costs_the_same_for_1_and_10_requests(client, member, home):
    from themes.factories import organisation_page

    client.force_login(member)
    organisations = [organisation_page(title=f"Gemeente {n}") for n in range(10)]
    role_request_create(user=member, organisation=organisations[0], **_fields())
    _count_queries(client, URL)  # the first request fills the tree cache
    small = _count_queries(client, URL)
    for organisation in organisations[1:]:
        role_request_create(user=member, organisation=organisation, **_fields())
    assert _count_queries(client, URL) == small


def test_open_requests_count_on_the_moderation_dashboard_of_their_deciders_only(
    member, org_admin, organisation, other_organisation, user_factory, moderator
):
    """The "to moderate" count includes open role requests for the admins who decide them, and nobody else."""
    from config.hooks import REGISTER_MODERATION_QUEUE, call
    from core.models import Role
    from core.roles import services as roles

    [queue] = [q for q in call(REGISTER_MODERATION_QUEUE) if q.label == "Role requests"]
    elsewhere = user_factory("elders@example.org", "Elders")
    roles.assign_role(user=elsewhere, role=Role.ORGANISATION_ADMIN, page=other_organisation)
    role_request = role_request_create(user=member, organisation=organisation, **_fields())

    assert queue.count(org_admin) == 1
    assert queue.count(elsewhere) == 0 and queue.count(moderator) == 0 and queue.count(member) == 0
    from core.role_requests.services import role_request_reject

    role_request_reject(role_request=role_request, reason="Nee.", by=org_admin)
    assert queue.count(org_admin) == 0
