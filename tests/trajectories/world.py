"""One collaboration space with every kind of person the issue names, shared by the behaviour tests and the
security sweep (tests/security/test_trajectories_sweep.py)."""

from dataclasses import dataclass, field

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from core.models import Role as SiteRole
from core.models import User
from core.roles.services import assign_role
from trajectories import factories
from trajectories.models import Regie, Role

PASSWORD = "een-lang-wachtwoord-42"  # noqa: S105

# Everyone the sweep names, plus the organisation admin of the organisation that runs the space.
PEOPLE = [
    "young",  # the young person (client)
    "parent",  # mum, parental authority
    "banned_parent",  # dad, under a contact ban
    "network",  # a teacher (network)
    "pro_a",  # professional of organisation A, in the space, the counsellor
    "pro_b",  # professional of organisation B, not in the space
    "coordinator",  # the coordinator of the plan
    "org_admin",  # organisation admin of organisation A, not in the space
    "outsider",  # a registered member with no link at all
    "superadmin",  # platform superadmin
]
IN_SPACE = {"young", "parent", "banned_parent", "network", "pro_a", "coordinator"}
ACTIVE = IN_SPACE - {"banned_parent"}
PROFESSIONALS = {"pro_a", "coordinator"}
WITH_MFA = {"pro_a", "pro_b", "coordinator", "org_admin", "superadmin"}


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@dataclass
class World:
    space: object
    organisation_a: object
    organisation_b: object
    users: dict = field(default_factory=dict)
    seats: dict = field(default_factory=dict)

    def client(self, who):
        client = Client(headers={"accept-language": "en"})
        if who != "anonymous":
            client.force_login(self.users[who])
        return client


def build_world(organisation_a, organisation_b, *, prefix=""):
    users = {}
    for who in PEOPLE:
        users[who] = User.objects.create_user(
            email=f"{prefix}{who}@example.org",
            password=PASSWORD,
            display_name=f"{prefix}{who}",
            first_name=f"Echte{who.title().replace('_', '')}",
            last_name="Naam",
        )
    users["superadmin"].is_superuser = users["superadmin"].is_staff = True
    users["superadmin"].save()
    assign_role(user=users["org_admin"], role=SiteRole.ORGANISATION_ADMIN, page=organisation_a)
    assign_role(user=users["pro_b"], role=SiteRole.EDITOR, page=organisation_b)
    # Organisation A declares its professional and the coordinator as care professionals (issue 9): only then do
    # their seats read what is only for the professionals. pro_b is an editor of B, not a declared professional.
    for who in PROFESSIONALS:
        assign_role(user=users[who], role=SiteRole.CARE_PROFESSIONAL, page=organisation_a)
    for who in WITH_MFA:
        with_totp(users[who])

    space = factories.trajectory(
        title=f"{prefix}Werkruimte van Sara Peeters",
        organisation=organisation_a,
        started_by=users["pro_a"],
        regie=Regie.CLIENT_WITH_COUNSELLOR,
    )
    seats = {
        "young": factories.participant(trajectory=space, user=users["young"], role=Role.CLIENT, name="Sara Peeters"),
        "parent": factories.participant(
            trajectory=space, user=users["parent"], role=Role.NETWORK, relation="mama", has_parental_authority=True
        ),
        "banned_parent": factories.participant(
            trajectory=space, user=users["banned_parent"], role=Role.NETWORK, relation="papa", contact_ban=True
        ),
        "network": factories.participant(
            trajectory=space, user=users["network"], role=Role.NETWORK, relation="leerkracht"
        ),
        "pro_a": factories.participant(
            trajectory=space,
            user=users["pro_a"],
            role=Role.PROFESSIONAL,
            relation="consulent",
            organisation_name="CAW Oost",  # typed once; a professional's seat shows the declaring organisation
            care_organisation=organisation_a,
        ),
        "coordinator": factories.participant(
            trajectory=space, user=users["coordinator"], role=Role.COORDINATOR, care_organisation=organisation_a
        ),
    }
    space.counsellor = seats["pro_a"]
    space.save(update_fields=["counsellor"])
    return World(space=space, organisation_a=organisation_a, organisation_b=organisation_b, users=users, seats=seats)
