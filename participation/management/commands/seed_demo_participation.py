"""Demo members, posts, reactions and stars in the demo themes (after ``seed_demo``). Idempotent.

Everything goes through the services, as if members clicked: memberships are requested and approved, posts
wait for the moderator where the group type says so and are approved by them, stars and reactions are given.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from modelsearch.index import insert_or_update_object

from core.models import User
from participation.groups import services as group_services
from participation.models import Membership, MembershipStatus, Post, PostStatus, Section
from participation.posts import services as post_services
from themes.fiches import services as fiche_services
from themes.models import MemberOrganisation, OrganisationPage, ThemePage

DOMAIN = "werkgroepen.example"
MEMBERS = [
    ("jonas", "Jonas"),
    ("fatima", "Fatima"),
    ("kobe", "Kobe"),
    ("elif", "Elif"),
]
LOTTE = f"lid@{DOMAIN}"
MODERATOR = f"moderator@{DOMAIN}"
ORGANISATION_ADMIN = f"organisatiebeheer@{DOMAIN}"

# (theme, subtheme or None, author, category, filter options, section or None, title, body, extra)
POSTS = [
    (
        "Mobiliteit en verkeer",
        None,
        "jonas",
        "Idee",
        ["Noord", "Jongeren"],
        None,
        "Een veilige fietsroute naar de sporthal",
        "De weg naar de sporthal is 's avonds donker en smal.\n\nKunnen we:\n\n- extra verlichting plaatsen\n"
        "- de berm verharden\n\nZo fietsen **jongeren** veiliger naar de training.",
        {
            "stars": ["fatima", "kobe", "lotte"],
            "reactions": [("fatima", "Goed idee! Ook ouders zouden dan vaker met de fiets gaan.")],
        },
    ),
    (
        "Mobiliteit en verkeer",
        None,
        "fatima",
        "Vraag",
        ["Centrum"],
        None,
        "Wanneer komt de nieuwe bushalte aan het station?",
        "Op de infoavond werd gezegd dat de halte in het voorjaar verhuist. Is daar al een datum voor?",
        {"stars": ["jonas"], "reactions": [("kobe", "Ik hoorde iets over mei, maar ik ben niet zeker.")]},
    ),
    (
        "Mobiliteit en verkeer",
        "Fietspaden",
        "kobe",
        "Knelpunt",
        ["Kerkstraat"],
        None,
        "Putten in het fietspad aan de Kerkstraat",
        "Ter hoogte van nummer 40 zijn er diepe putten. Bij regen zie je ze niet.",
        {"stars": ["jonas", "fatima"], "reactions": []},
    ),
    (
        "Mobiliteit en verkeer",
        None,
        "lotte",
        "Verslag",
        ["Zuid"],
        None,
        "Verslag van de wandeling door Houtem-Zuid",
        "Met twaalf buren liepen we de schoolroute. De belangrijkste punten: oversteekplaatsen en snelheid.",
        {"pending": True},
    ),
    (
        "Jeugdraad",
        None,
        "elif",
        "Verslag",
        ["Jongeren"],
        None,
        "Verslag jeugdraad 12 november",
        "We bespraken het fuifreglement en de subsidies voor jeugdverenigingen. Volgende keer: de jeugdruimte.",
        {"stars": ["jonas"], "reactions": [("jonas", "Bedankt voor het verslag!")]},
    ),
    (
        "Dorpskernvernieuwing Houtem-centrum",
        None,
        "fatima",
        "Idee",
        ["Centrum"],
        Section.PUBLIC,
        "Meer groen en zitbanken op het dorpsplein",
        "Het plein is nu vooral parking. Met bomen en banken wordt het een plek om elkaar te ontmoeten.",
        {"stars": ["lotte", "kobe"], "reactions": [("lotte", "Graag ook een drinkfontein!")]},
    ),
    (
        "Dorpskernvernieuwing Houtem-centrum",
        None,
        "kobe",
        "Vraag",
        [],
        Section.MEMBERS,
        "Wie komt mee naar de werkvergadering van dinsdag?",
        "We verdelen de taken voor de bewonersbevraging. Laat even weten of je erbij bent.",
        {"shielded_for": ["fatima", "lotte"]},
    ),
]


class Command(BaseCommand):
    help = "Create demo memberships, posts, reactions and stars in the demo themes (run seed_demo first)."

    def handle(self, *args, **options):
        if not ThemePage.objects.exists():
            raise CommandError("Run `manage.py seed_demo` first: there are no themes yet.")
        if Post.objects.exists():
            self.stdout.write("Demo posts are already there; nothing created.")
            return
        with transaction.atomic():
            created = self._seed()
        for post in Post.objects.all():
            insert_or_update_object(post)  # searchable without a worker
        self.stdout.write(self.style.SUCCESS(f"Demo participation ready ({created} posts)."))

    def _person(self, key, name):
        email = f"{key}@{DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=settings.DEMO_PASSWORD, display_name=name)
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def _seed(self):
        people = {key: self._person(key, name) for key, name in MEMBERS}
        people["lotte"] = User.objects.get(email=LOTTE)
        moderator = User.objects.filter(email=MODERATOR).first()
        admin = User.objects.filter(email=ORGANISATION_ADMIN).first()
        themes = {theme.title: theme for theme in ThemePage.objects.all()}

        houtem = OrganisationPage.objects.filter(slug="houtem").first() or OrganisationPage.objects.first()
        if houtem is not None and not houtem.embed_origins:
            houtem.embed_origins = "https://www.houtem.example"
            houtem.save_revision().publish()
        bond = MemberOrganisation.objects.filter(name__icontains="fietsersbond").first()
        if bond is not None:
            bond.representatives.add(people["kobe"])

        # Everyone joins the themes they post in; moderators decide the requests of closed and mixed ones.
        for title in {row[0] for row in POSTS}:
            theme = themes.get(title)
            if theme is None:
                continue
            for person in people.values():
                membership = group_services.membership_join(user=person, theme=theme)
                if membership.status == MembershipStatus.PENDING:
                    group_services.membership_approve(membership=membership, by=admin or moderator)
        # One request stays open so the moderator has something to decide.
        jeugdraad = themes.get("Jeugdraad")
        if jeugdraad is not None:
            Membership.objects.filter(user=people["kobe"], theme=jeugdraad).update(status=MembershipStatus.PENDING)
        # A request to represent an organisation waits for the organisation admin (issue 14 §4); once there (or
        # decided), seeding again leaves it.
        schakel = MemberOrganisation.objects.filter(name="Jeugdhuis De Schakel").first()
        if schakel is not None and not schakel.representation_requests.filter(user=people["jonas"]).exists():
            fiche_services.representation_request(user=people["jonas"], fiche=schakel)

        count = 0
        for theme_title, sub_title, author, category, options, section, title, body, extra in POSTS:
            theme = themes.get(theme_title)
            if theme is None:
                continue
            page = theme
            if sub_title:
                page = theme.get_children().filter(title=sub_title).specific().first() or theme
            specific = page.specific
            category_obj = specific.available_categories().filter(name=category).first()
            option_objs = [
                option
                for group in specific.available_filter_groups()
                for option in group.options.all()
                if option.name in options
            ]
            audience = [people[key] for key in extra.get("shielded_for", [])]
            post = post_services.post_create(
                author=people[author],
                page=specific,
                title=title,
                body=body,
                category=category_obj,
                filter_options=option_objs,
                section=section,
                shielded=bool(audience),
                audience=audience,
                on_behalf_of=bond if author == "kobe" and bond and sub_title else None,
            )
            count += 1
            if post.status == PostStatus.PENDING and not extra.get("pending"):
                post = post_services.post_approve(post=post, by=admin or moderator)
            for key, text in extra.get("reactions", []):
                reaction = post_services.reaction_create(author=people[key], post=post, body=text)
                if reaction.status == PostStatus.PENDING:
                    post_services.reaction_approve(reaction=reaction, by=admin or moderator)
            for key in extra.get("stars", []):
                post_services.star_set(user=people[key], post=post, starred=True)
        return count
