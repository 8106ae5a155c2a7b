"""A demo collaboration space (issue 15 §11): a young person, her mum, two professionals of two organisations,
items of every kind and every audience, and a conversation. Idempotent; run after ``seed_demo`` (it needs the
organisations and the declared care professional of Koepel Jeugdhulp Vlaanderen). ``--logins`` prints the space's
log-ins instead (``make run`` shows them under the site's).

Everything in the space is written through the app's own services, as the people themselves would, so the
access log, the unread counts and the notifications are what the demo shows.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.models import Role as SiteRole
from core.models import RoleAssignment, User
from core.roles.services import assign_role
from themes.management.commands.seed_demo import DEMO_EMAIL_DOMAIN
from themes.models import OrganisationPage
from trajectories import factories
from trajectories.agenda import services as agenda
from trajectories.agenda.models import Appointment
from trajectories.blueprints.models import SpacePhase
from trajectories.blueprints.selectors import shipped_template
from trajectories.blueprints.services import phase_advance, template_apply
from trajectories.documents import services as documents
from trajectories.items.services import item_create, item_update
from trajectories.logbook.models import LogEntry
from trajectories.messaging import services as messaging
from trajectories.models import Audience, Regie, Role, Trajectory
from trajectories.network import services as network
from trajectories.network.models import Contact
from trajectories.plan.models import Action, Agreement, EvaluationMoment, Goal

SPACE_TITLE = "Werkruimte van Yasmine"
PEOPLE = [
    {
        "key": "young",
        "email": f"jongere@{DEMO_EMAIL_DOMAIN}",
        "display_name": "Yasmine",
        "first_name": "Yasmine",
        "last_name": "El Amrani",
        "seat": {"role": Role.CLIENT, "name": "Yasmine El Amrani"},
        "try": "The young person (16): on a phone she lands straight in her space; she decides with her counsellor "
        "who sees what, reads the access log and writes to her counsellor.",
    },
    {
        "key": "parent",
        "email": f"ouder@{DEMO_EMAIL_DOMAIN}",
        "display_name": "Mama Nadia",
        "first_name": "Nadia",
        "last_name": "El Amrani",
        "seat": {"role": Role.NETWORK, "relation": "mama", "has_parental_authority": True},
        "try": "Her mum (parental authority): reads what is for everyone, not the professionals-only notes nor "
        "what Yasmine shares only with her counsellor.",
    },
    {
        "key": "pro_a",
        "email": f"hulpverlener@{DEMO_EMAIL_DOMAIN}",  # made by seed_demo, declared by Koepel Jeugdhulp Vlaanderen
        "organisation": "koepel",
        "seat": {"role": Role.PROFESSIONAL, "relation": "begeleider"},
        "try": "Her counsellor (Koepel Jeugdhulp Vlaanderen; two-step verification first): decides with Yasmine, "
        "invites, removes, closes.",
    },
    {
        "key": "pro_b",
        "email": f"consulent@{DEMO_EMAIL_DOMAIN}",
        "display_name": "Consulent Houtem",
        "first_name": "Karim",
        "last_name": "Vermeulen",
        "organisation": "houtem",
        "seat": {"role": Role.PROFESSIONAL, "relation": "consulent"},
        "try": "A professional of another organisation (Gemeente Houtem; two-step verification first): reads what "
        "is for the professionals, sees only what is shared with him.",
    },
]


def space_logins():
    """The rows of the demo space's log-in table: (who, e-mail, what to try)."""
    return [(person["key"], person["email"], person["try"]) for person in PEOPLE]


class Command(BaseCommand):
    help = "Create the demo collaboration space with its people and items (idempotent), or print its log-ins."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="Print the demo space's log-ins and stop.")

    def handle(self, *args, logins=False, **options):
        if logins:
            return self._print_logins()
        koepel = OrganisationPage.objects.filter(title="Koepel Jeugdhulp Vlaanderen").first()
        houtem = OrganisationPage.objects.filter(title="Gemeente Houtem").first()
        if koepel is None or houtem is None:
            raise CommandError("Run `manage.py seed_demo` first: the demo space needs its organisations.")
        if Trajectory.objects.filter(title=SPACE_TITLE).exists():
            self.stdout.write("The demo space is already there; nothing created.")
            return None
        with transaction.atomic():
            users = {person["key"]: self._user(person, {"koepel": koepel, "houtem": houtem}) for person in PEOPLE}
            space = self._space(users, koepel)
            self._items(space, users)
            self._follow_template(space, users)
        self.stdout.write(self.style.SUCCESS(f"Demo space ready: /werkruimte/{space.pk}/ ({SPACE_TITLE})."))
        return None

    def _print_logins(self):
        rows = [(who, email, text) for who, email, text in space_logins() if User.objects.filter(email=email).exists()]
        if not rows:
            self.stdout.write("No demo space yet: run `manage.py seed_demo_space`.")
            return
        self.stdout.write(f"Demo space '{SPACE_TITLE}' (password {settings.DEMO_PASSWORD}):")
        width = max(len(email) for _who, email, _text in rows)
        for _who, email, text in rows:
            self.stdout.write(f"  {email.ljust(width)}  {text}")

    def _user(self, person, organisations):
        user = User.objects.filter(email=person["email"]).first()
        if user is None:
            if "display_name" not in person:
                raise CommandError(f"{person['email']} is missing: run `manage.py seed_demo` first.")
            user = User.objects.create_user(
                email=person["email"],
                password=settings.DEMO_PASSWORD,
                display_name=person["display_name"],
                first_name=person["first_name"],
                last_name=person["last_name"],
            )
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        organisation = organisations.get(person.get("organisation"))
        if (
            organisation is not None
            and not RoleAssignment.objects.filter(
                user=user, role=SiteRole.CARE_PROFESSIONAL, page=organisation
            ).exists()
        ):
            assign_role(user=user, role=SiteRole.CARE_PROFESSIONAL, page=organisation)
        user.demo_organisation = organisation
        return user

    def _space(self, users, koepel):
        space = factories.trajectory(
            title=SPACE_TITLE, organisation=koepel, started_by=users["pro_a"], regie=Regie.CLIENT_WITH_COUNSELLOR
        )
        self.seats = {}
        for person in PEOPLE:
            user = users[person["key"]]
            seat = dict(person["seat"])
            if getattr(user, "demo_organisation", None) is not None:
                seat["care_organisation"] = user.demo_organisation
            self.seats[person["key"]] = factories.participant(trajectory=space, user=user, **seat)
        space.counsellor = self.seats["pro_a"]
        space.save(update_fields=["counsellor"])
        return space

    def _follow_template(self, space, users):
        """The space follows the shipped youth-care trajectory (issue 13 §1) and is in its second phase, the plan:
        the Traject tab shows the phases, the checklist and who moved on when."""
        template = shipped_template()
        if template is None:
            return
        template_apply(trajectory=space, by=users["pro_a"], template=template, target_group="jongeren en hun gezin")
        first = SpacePhase.objects.get(trajectory=space, started_at__isnull=False, ended_at__isnull=True)
        phase_advance(trajectory=space, by=users["pro_a"], from_phase=first)

    def _items(self, space, users):
        young, parent, pro_a, pro_b = (users[key] for key in ("young", "parent", "pro_a", "pro_b"))
        counsellor = [self.seats["pro_a"].pk]
        goal = item_create(
            model=Goal,
            trajectory=space,
            by=pro_a,
            title="Zelfstandig met de bus naar school",
            description="Yasmine wil tegen de zomer alleen naar school kunnen.",
            progress=40,
        )
        # Yasmine moved her goal on herself: the goal shows "laatst gewijzigd door Yasmine" and has a history of two
        # versions; her counsellor, who wrote it, is told (issue 13 §2).
        goal = item_update(
            item=goal,
            by=young,
            description="Yasmine wil tegen de zomer alleen met de bus naar school kunnen.",
            progress=50,
        )
        item_create(
            model=Action,
            trajectory=space,
            by=young,
            goal=goal,
            title="Busabonnement aanvragen",
            owner=self.seats["young"],
            due_date=timezone.localdate() + timedelta(days=14),
        )
        item_create(model=Agreement, trajectory=space, by=parent, title="We bellen elke vrijdag na school")
        item_create(
            model=EvaluationMoment,
            trajectory=space,
            by=pro_a,
            date=timezone.localdate() + timedelta(days=30),
            note="Samen kijken hoe het gaat met de bus.",
            goal=goal,
            audience=Audience.EVERYONE,
        )
        item_create(
            model=LogEntry,
            trajectory=space,
            by=young,
            text="Vandaag ging het goed op school.",
            mood="good",
        )
        item_create(
            model=LogEntry,
            trajectory=space,
            by=young,
            audience=Audience.CHOSEN,
            chosen=counsellor,
            text="Ik voel me niet goed op school, maar zeg het nog niet tegen mama.",
        )
        item_create(
            model=LogEntry,
            trajectory=space,
            by=pro_b,
            audience=Audience.PROFESSIONALS,
            text="Overleg met de school: de leerkracht merkt dat Yasmine vaak moe is.",
        )
        start = timezone.localtime().replace(hour=16, minute=0, second=0, microsecond=0) + timedelta(days=3)
        item_create(
            model=Appointment,
            trajectory=space,
            by=pro_a,
            title="Gesprek op school",
            start=start,
            end=start + timedelta(hours=1),
            place="De Schakel, lokaal 4",
        )
        item_create(
            model=Appointment,
            trajectory=space,
            by=pro_a,
            title="Online gesprek met Yasmine",
            audience=Audience.CHOSEN,
            chosen=[self.seats["young"].pk],
            start=start + timedelta(days=7),
            end=start + timedelta(days=7, hours=1),
            video_call=True,
        )
        # Planning together (issue 13 §3): the counsellor proposes two times; Yasmine and her mum answer.
        agenda.proposal_create(
            trajectory=space,
            by=pro_a,
            title="Evaluatiegesprek met mama",
            place="Koepel Jeugdhulp, gesprekslokaal 2",
            options=[
                (start + timedelta(days=10), start + timedelta(days=10, hours=1)),
                (start + timedelta(days=11, hours=-2), start + timedelta(days=11, hours=-1)),
            ],
            invited=[self.seats["young"], self.seats["parent"]],
        )
        item_create(
            model=Contact,
            trajectory=space,
            by=parent,
            name="Oma Fatima",
            relation="oma",
            phone="+32 470 12 34 56",
            is_emergency=True,
        )
        item_create(
            model=Contact,
            trajectory=space,
            by=pro_b,
            name="Dokter Janssens",
            relation="huisarts",
            phone="+32 9 123 45 67",
            audience=Audience.PROFESSIONALS,
        )
        documents.document_create_text(
            trajectory=space,
            by=pro_a,
            title="Verslag eerste gesprek",
            text="We spraken over school, vrienden en de bus. Yasmine wil zelf meer beslissen.",
        )
        documents.document_create_text(
            trajectory=space,
            by=pro_b,
            title="Nota voor de professionals",
            audience=Audience.PROFESSIONALS,
            text="Afspraken met de school over opvolging.",
        )
        for name, circle, closeness in (
            ("Mama", "gezin", 1),
            ("Oma Fatima", "familie", 1),
            ("Lina", "vrienden", 2),
            ("Juf Annemarie", "school", 2),
            ("Voetbalcoach Tom", "vrije_tijd", 3),
        ):
            network.social_map_add_person(trajectory=space, by=young, name=name, circle=circle, closeness=closeness)
        network.social_map_share(trajectory=space, by=young, audience=Audience.CHOSEN, chosen=counsellor)
        thread = messaging.thread_start(
            trajectory=space,
            by=young,
            subject="Weekend thuis",
            text="Mag ik zaterdag thuis slapen?",
            audience=Audience.CHOSEN,
            chosen=counsellor,
        )
        messaging.message_send(thread=thread, by=pro_a, text="Ik vraag het na bij de leefgroep en laat het je weten.")
        messaging.message_send(thread=thread, by=young, text="Oké, dank je!")
        messaging.thread_start(
            trajectory=space,
            by=pro_a,
            subject="Iedereen: planning examens",
            audience=Audience.EVERYONE,
            text="De examens beginnen op 10 juni. Laten we samen kijken hoe we Yasmine kunnen helpen.",
        )
