"""Demo content for `make run`: two organisations, their themes and subthemes, and a user for every role.

Idempotent: every object is looked up first and only created when missing, so a second run changes
nothing (and an editor's later changes to the demo pages are kept). Prints what it created.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify
from modelsearch.index import insert_or_update_object
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from core.models import Role, RoleAssignment, User
from core.roles.services import assign_role, organisation_collection_ensure
from themes import factories
from themes.models import (
    Category,
    CategoryIcon,
    FilterGroup,
    FilterOption,
    GroupType,
    HomePage,
    MemberOrganisation,
    OrganisationPage,
    SubthemePage,
    ThemeMemberOrganisation,
    ThemePage,
)

HOME_INTRO = (
    "<p>Op Werkgroepen werken gemeenten, koepels en hulpverleners samen met inwoners, jongeren en professionals. "
    "Kies een organisatie, ontdek haar thema's en doe mee in een werkgroep.</p>"
)

# --- Organisations --------------------------------------------------------------------------------

ORGANISATIONS = [
    {
        "key": "houtem",
        "title": "Gemeente Houtem",
        "slug": "gemeente-houtem",
        "brand_colour": "#1f5f8b",
        "logo_text": "GH",
        "intro": (
            "<p>De gemeente Houtem wil haar beleid samen met inwoners maken. In onze werkgroepen denk je mee over "
            "mobiliteit, de vernieuwing van het dorpscentrum en het jeugdbeleid. Iedereen die in Houtem woont, "
            "werkt of naar school gaat, is welkom.</p>"
        ),
        "contact_email": "participatie@houtem.example",
        "contact_phone": "050 12 34 56",
        "address": "Gemeentehuis Houtem\nMarktplein 1\n8999 Houtem",
        "website": "https://www.houtem.example",
    },
    {
        "key": "koepel",
        "title": "Koepel Jeugdhulp Vlaanderen",
        "slug": "koepel-jeugdhulp-vlaanderen",
        "brand_colour": "#6b2d5c",
        "logo_text": "KJV",
        "intro": (
            "<p>De Koepel Jeugdhulp Vlaanderen verenigt voorzieningen voor jeugdhulp. Hier werken hulpverleners, "
            "jongeren en hun netwerk samen aan betere hulp: we delen ervaringen, bespreken casussen en bouwen mee "
            "aan een digitale werkruimte.</p>"
        ),
        "contact_email": "info@koepeljeugdhulp.example",
        "contact_phone": "02 987 65 43",
        "address": "Koepel Jeugdhulp Vlaanderen vzw\nZorglaan 12\n1000 Brussel",
        "website": "https://www.koepeljeugdhulp.example",
    },
]

# --- Member organisations (organisatiefiches) -------------------------------------------------------

MEMBER_ORGANISATIONS = [
    {
        "key": "schakel",
        "organisation": "houtem",
        "name": "Jeugdhuis De Schakel",
        "logo_text": "DS",
        "colour": "#2e6930",
        "activities": "Open jeugdwerking voor jongeren van 12 tot 25 jaar: fuiven, workshops, huiswerkklas en een "
        "wekelijkse open avond.",
        "contact_email": "info@deschakel.example",
        "contact_phone": "050 22 33 44",
        "website": "https://www.deschakel.example",
    },
    {
        "key": "fietsersbond",
        "organisation": "houtem",
        "name": "Fietsersbond Houtem",
        "logo_text": "FB",
        "colour": "#8a4b08",
        "activities": "Vrijwilligers die opkomen voor veilige fietsroutes, fietslessen geven en jaarlijks een "
        "fietsdag organiseren.",
        "contact_email": "houtem@fietsersbond.example",
        "contact_phone": "",
        "website": "https://www.fietsersbond.example/houtem",
    },
    {
        "key": "kompas",
        "organisation": "koepel",
        "name": "Vzw Kompas Jeugdhulp",
        "logo_text": "KO",
        "colour": "#005a70",
        "activities": "Contextbegeleiding, kamertraining en verblijf voor jongeren en gezinnen in de regio Houtem.",
        "contact_email": "onthaal@kompas.example",
        "contact_phone": "050 44 55 66",
        "website": "https://www.kompas.example",
    },
    {
        "key": "clb",
        "organisation": "koepel",
        "name": "CLB Houtem-Regio",
        "logo_text": "CLB",
        "colour": "#1f4e79",
        "activities": "Het centrum voor leerlingenbegeleiding helpt leerlingen, ouders en scholen bij leren, "
        "studiekeuze, welzijn en gezondheid.",
        "contact_email": "clb@houtem-regio.example",
        "contact_phone": "050 77 88 99",
        "website": "",
    },
]

# --- Categories and filters -------------------------------------------------------------------------

CATEGORIES = {
    "vraag": ("Vraag", "Je wilt iets weten van de werkgroep of van de beheerders.", CategoryIcon.QUESTION),
    "idee": ("Idee", "Een voorstel om iets te verbeteren of nieuw te beginnen.", CategoryIcon.IDEA),
    "verslag": ("Verslag", "Het verslag van een bijeenkomst, werksessie of overleg.", CategoryIcon.REPORT),
    "activiteit": ("Activiteit", "Een bijeenkomst, workshop of uitstap die eraan komt.", CategoryIcon.EVENT),
    "nieuws": ("Nieuws", "Een update van de beheerders over het project.", CategoryIcon.NEWS),
    "knelpunt": ("Knelpunt", "Een gevaarlijke of hinderlijke plek die je wilt melden.", CategoryIcon.OTHER),
    "casus": ("Casus", "Een situatie uit de praktijk die je met collega's wilt bespreken.", CategoryIcon.OTHER),
    "goede-praktijk": ("Goede praktijk", "Iets wat goed werkt en wat anderen kunnen overnemen.", CategoryIcon.IDEA),
}

FILTERS = {
    "regio": ("Regio", ["Noord", "Zuid", "Centrum"]),
    "doelgroep": ("Doelgroep", ["Jongeren", "Ouders", "Professionals"]),
    "sector": ("Sector", ["Onderwijs", "Jeugdhulp", "Welzijn"]),
    "straat": ("Straat", ["Kerkstraat", "Stationsweg", "Molenweg"]),
    "fase": ("Fase", ["Aanmelding", "Begeleiding", "Nazorg"]),
}


def _body(*, text, phases, cta_text, cta_label, cta_page=None, cta_url=""):
    """A StreamField body in Wagtail's raw form: text, a timeline of phases and a call to action."""
    return [
        ("text", RichText(text)),
        (
            "timeline",
            {
                "heading": "Tijdlijn",
                "phases": [
                    {
                        "title": title,
                        "start_date": start,
                        "end_date": end,
                        "description": description,
                    }
                    for title, start, end, description in phases
                ],
            },
        ),
        ("call_to_action", {"text": cta_text, "button_label": cta_label, "page": cta_page, "url": cta_url}),
    ]


D = datetime.date

# Each theme: its organisation, type, project fields, categories, filters, member organisations with a
# vision, body, and subthemes (which may override the type and add categories and filters of their own).
THEMES = [
    {
        "organisation": "houtem",
        "title": "Mobiliteit en verkeer",
        "group_type": GroupType.OPEN,
        "intro": "<p>Hoe komen we veilig en vlot van A naar B in Houtem? Denk mee over fietspaden, schoolstraten "
        "en het openbaar vervoer.</p>",
        "goal": "Een mobiliteitsplan voor 2027–2032 dat inwoners mee hebben gemaakt.",
        "target_audience": "Alle inwoners van Houtem, scholen, handelaars en pendelaars.",
        "process": "We verzamelen ideeën en knelpunten online en op drie dorpsavonden. De mobiliteitsdienst "
        "verwerkt alles in een ontwerpplan dat we opnieuw aan de werkgroep voorleggen.",
        "categories": ["vraag", "idee", "verslag", "activiteit"],
        "filters": ["regio", "doelgroep"],
        "members": [
            ("fietsersbond", "Veilige fietsroutes naar elke school moeten voorrang krijgen op extra parkeerplaatsen."),
            ("schakel", "Jongeren fietsen 's avonds naar huis: verlichte fietspaden zijn voor ons prioriteit."),
        ],
        "phases": [
            ("Ideeën verzamelen", D(2026, 9, 1), D(2026, 11, 30), "Online en op de dorpsavonden."),
            ("Ontwerpplan", D(2026, 12, 1), D(2027, 2, 28), "De mobiliteitsdienst werkt de ideeën uit."),
            ("Terugkoppeling", D(2027, 3, 1), None, "We leggen het plan voor aan de werkgroep."),
        ],
        "subthemes": [
            {
                "title": "Fietspaden",
                "group_type": "",
                "intro": "<p>Waar ontbreekt een veilig fietspad? Meld knelpunten en stel verbeteringen voor.</p>",
                "categories": ["knelpunt"],
                "filters": ["straat"],
                "members": [("fietsersbond", "We brengen elk knelpunt ter plaatse in kaart met foto's.")],
            },
            {
                "title": "Schoolstraten",
                "group_type": "",
                "intro": "<p>Welke straten worden autovrij bij het begin en einde van de schooldag?</p>",
                "categories": [],
                "filters": [],
                "members": [],
            },
        ],
    },
    {
        "organisation": "houtem",
        "title": "Jeugdraad",
        "group_type": GroupType.CLOSED,
        "intro": "<p>De jeugdraad adviseert het gemeentebestuur over alles wat jongeren aanbelangt.</p>",
        "goal": "Elk advies van de jeugdraad wordt binnen twee maanden door het college beantwoord.",
        "target_audience": "Leden van de jeugdraad: jongeren en vertegenwoordigers van jeugdverenigingen.",
        "process": "De jeugdraad vergadert maandelijks. Voorbereiding en verslagen delen we in deze gesloten werkgroep.",
        "categories": ["verslag", "vraag", "activiteit"],
        "filters": ["doelgroep"],
        "members": [("schakel", "Het jeugdhuis wil dat jongeren zelf het jeugdbeleid mee bepalen.")],
        "phases": [
            ("Werkjaar 2026–2027", D(2026, 9, 15), D(2027, 6, 30), "Maandelijkse vergaderingen."),
        ],
        "subthemes": [
            {
                "title": "Fuifbeleid",
                "group_type": GroupType.MIXED,  # overrides the closed theme: part of it is public
                "intro": "<p>Regels voor fuiven in Houtem: wat mag, wat moet en wie helpt?</p>",
                "categories": ["idee"],
                "filters": [],
                "members": [],
            },
        ],
    },
    {
        "organisation": "houtem",
        "title": "Dorpskernvernieuwing Houtem-centrum",
        "group_type": GroupType.MIXED,
        "intro": "<p>Het centrum van Houtem krijgt een nieuw gezicht. Wat vind jij belangrijk?</p>",
        "goal": "Een ontwerp voor het centrum dat groener, veiliger en gezelliger is.",
        "target_audience": "Inwoners, handelaars en verenigingen uit het centrum.",
        "process": "Iedereen kan publiek reageren; buurtbewoners bespreken hun eigen straat in het ledengedeelte.",
        "categories": ["idee", "vraag", "nieuws"],
        "filters": ["regio"],
        "members": [("fietsersbond", "Het nieuwe centrum moet fietsvriendelijk en autoluw worden.")],
        "phases": [
            ("Bevraging", D(2026, 10, 1), D(2026, 12, 15), "Online bevraging en wandeling door het centrum."),
            ("Ontwerpend onderzoek", D(2027, 1, 10), D(2027, 5, 31), "Een ontwerpbureau maakt drie scenario's."),
        ],
        "subthemes": [
            {
                "title": "Marktplein",
                "group_type": GroupType.OPEN,
                "intro": "<p>Wat moet er op het vernieuwde marktplein kunnen?</p>",
                "categories": [],
                "filters": [],
                "members": [],
            },
        ],
    },
    {
        "organisation": "houtem",
        "title": "Begroting 2027",
        "group_type": GroupType.OPEN,
        "hidden": True,  # temporarily hidden (seed 001): only people with a role on Houtem see it
        "intro": "<p>Denk mee over de investeringen van de gemeente in 2027.</p>",
        "goal": "Inwoners kiezen mee welke projecten voorrang krijgen.",
        "target_audience": "Alle inwoners van Houtem.",
        "process": "Deze werkgroep opent pas als de ontwerpbegroting klaar is.",
        "categories": ["idee", "vraag"],
        "filters": [],
        "members": [],
        "phases": [("Voorbereiding", D(2027, 1, 1), None, "")],
        "subthemes": [],
    },
    {
        "organisation": "koepel",
        "title": "Digitale werkruimte jeugdhulp",
        "group_type": GroupType.MIXED,
        "intro": "<p>Samen met jongeren, hun netwerk en hulpverleners bouwen we aan een digitale werkruimte "
        "voor de jeugdhulp.</p>",
        "goal": "Een werkruimte waarin de jongere beslist wie wat ziet, van hulpverleningsplan tot logboek.",
        "target_audience": "Jongeren in de jeugdhulp, hun ouders en netwerk, en hulpverleners van verschillende organisaties.",
        "process": "Publieke updates over het project; testers bespreken hun ervaringen in het ledengedeelte.",
        "categories": ["idee", "verslag", "nieuws"],
        "filters": ["doelgroep", "sector"],
        "members": [
            ("kompas", "Jongeren moeten zelf kunnen kiezen welke hulpverlener hun logboek leest."),
            ("clb", "De werkruimte moet ook werken voor leerlingen die door het CLB begeleid worden."),
        ],
        "phases": [
            ("Behoeften in kaart", D(2026, 6, 1), D(2026, 9, 30), "Interviews met jongeren en hulpverleners."),
            ("Prototype testen", D(2026, 10, 1), D(2027, 3, 31), "Drie voorzieningen testen de werkruimte."),
            ("Uitrol", D(2027, 4, 1), None, "Alle leden van de koepel kunnen instappen."),
        ],
        "subthemes": [
            {
                "title": "Privacy en toestemming",
                "group_type": GroupType.CLOSED,
                "intro": "<p>Wie mag wat zien? Hulpverleners en juristen werken de toestemmingsregels uit.</p>",
                "categories": ["vraag"],
                "filters": ["fase"],
                "members": [("kompas", "Toestemming van de jongere is het vertrekpunt, ook na het traject.")],
            },
            {
                "title": "Netwerk van de jongere",
                "group_type": "",
                "intro": "<p>Hoe betrekken we ouders, familie, vrienden en school in de werkruimte?</p>",
                "categories": [],
                "filters": [],
                "members": [],
            },
        ],
    },
    {
        "organisation": "koepel",
        "title": "Intervisie hulpverleners",
        "group_type": GroupType.CLOSED,
        "intro": "<p>Een veilige plek voor hulpverleners om casussen en twijfels te bespreken.</p>",
        "goal": "Van elkaar leren en moeilijke situaties niet alleen dragen.",
        "target_audience": "Hulpverleners van de voorzieningen die lid zijn van de koepel.",
        "process": "Maandelijkse intervisie; casussen worden altijd anoniem besproken.",
        "categories": ["casus", "goede-praktijk", "vraag"],
        "filters": ["sector"],
        "members": [
            ("kompas", "Intervisie voorkomt dat hulpverleners afhaken na een zware casus."),
            ("clb", "We brengen de blik van de school mee in de bespreking."),
        ],
        "phases": [("Intervisiereeks 2026–2027", D(2026, 9, 1), D(2027, 6, 30), "Elke eerste dinsdag van de maand.")],
        "subthemes": [
            {
                "title": "Casusbespreking",
                "group_type": "",
                "intro": "<p>Breng een casus in en krijg feedback van collega's.</p>",
                "categories": [],
                "filters": [],
                "members": [],
            },
        ],
    },
    {
        "organisation": "koepel",
        "title": "Participatie van jongeren",
        "group_type": GroupType.OPEN,
        "intro": "<p>Jongeren vertellen wat er beter kan in de jeugdhulp, en wij luisteren.</p>",
        "goal": "Elke voorziening heeft tegen eind 2027 een jongerenraad.",
        "target_audience": "Jongeren in de jeugdhulp en de begeleiders die hen ondersteunen.",
        "process": "Jongeren posten ideeën; de koepel bundelt ze in een jaarlijks advies aan de sector.",
        "categories": ["idee", "vraag", "activiteit"],
        "filters": ["doelgroep"],
        "members": [("kompas", "Onze jongerenraad draait al twee jaar en deelt graag wat werkt.")],
        "phases": [("Jongerenpanels", D(2026, 11, 1), D(2027, 5, 31), "Vijf panels in heel Vlaanderen.")],
        "subthemes": [
            {
                "title": "Jongerenpanel",
                "group_type": "",
                "intro": "<p>Schrijf je in voor een jongerenpanel bij jou in de buurt.</p>",
                "categories": ["activiteit"],
                "filters": [],
                "members": [],
            },
        ],
    },
]

# --- Users: one for every role, plus an ordinary member --------------------------------------------

DEMO_EMAIL_DOMAIN = "werkgroepen.example"
DEMO_USERS = [
    {
        "role": Role.SUPERADMIN,
        "email": f"superadmin@{DEMO_EMAIL_DOMAIN}",
        "display_name": "Sitebeheer",
        "first_name": "Sara",
        "last_name": "Verbeke",
        "page": None,
        "try": "Open /admin/: every organisation, theme, user and setting; hidden pages show on the site.",
    },
    {
        "role": Role.ORGANISATION_ADMIN,
        "email": f"organisatiebeheer@{DEMO_EMAIL_DOMAIN}",
        "display_name": "Beheer Houtem",
        "first_name": "Omar",
        "last_name": "Peeters",
        "page": ("organisation", "houtem"),
        "try": "Manage Gemeente Houtem in /admin/, switch plugins on, upload images; see the hidden theme 'Begroting "
        "2027'; confirm Jonas's request to represent Jeugdhuis De Schakel (menu: Aanvragen vertegenwoordiging).",
    },
    {
        "role": Role.EDITOR,
        "email": f"redacteur@{DEMO_EMAIL_DOMAIN}",
        "display_name": "Redactie Koepel",
        "first_name": "Eva",
        "last_name": "Claes",
        "page": ("organisation", "koepel"),
        "try": "Edit the pages of Koepel Jeugdhulp Vlaanderen and upload images and documents for them (/admin/images/); "
        "Gemeente Houtem and its images are out of reach.",
    },
    {
        "role": Role.MODERATOR,
        "email": f"moderator@{DEMO_EMAIL_DOMAIN}",
        "display_name": "Beheerder Mobiliteit",
        "first_name": "Mehdi",
        "last_name": "Janssens",
        "page": ("theme", "Mobiliteit en verkeer"),
        "try": "Moderate 'Mobiliteit en verkeer': approve the waiting post, edit categories and filters, read its "
        "contact form.",
    },
    {
        "role": Role.OBSERVER,
        "email": f"observator@{DEMO_EMAIL_DOMAIN}",
        "display_name": "Diensthoofd Houtem",
        "first_name": "Olivia",
        "last_name": "Maes",
        "page": ("organisation", "houtem"),
        "try": "Read-only follow-up of Gemeente Houtem (department head, seed 001): the live figures and latest posts at "
        "/deelname/observator/ (header: Overzicht voor observatoren).",
    },
    {
        "role": Role.CARE_PROFESSIONAL,
        "email": f"hulpverlener@{DEMO_EMAIL_DOMAIN}",
        "display_name": "Hulpverlener Koepel",
        "first_name": "Hanne",
        "last_name": "Desmet",
        "page": ("organisation", "koepel"),
        "try": "A care professional declared by Koepel Jeugdhulp Vlaanderen: start a werkruimte under /werkruimte/ "
        "(two-step verification first); no way into /admin/.",
    },
    {
        "role": None,
        "email": f"lid@{DEMO_EMAIL_DOMAIN}",
        "display_name": "Lotte",
        "first_name": "Lotte",
        "last_name": "Wouters",
        "page": None,
        "try": "An ordinary member: join themes, post, star and react; 'Mijn berichten' shows her waiting post.",
    },
]


class Command(BaseCommand):
    help = "Create the demo organisations, themes, member organisations and one user per role (idempotent)."

    def handle(self, *args, **options):
        self.created = []
        with transaction.atomic():
            home = self._home()
            organisations = {spec["key"]: self._organisation(home, spec) for spec in ORGANISATIONS}
            fiches = {spec["key"]: self._member_organisation(organisations, spec) for spec in MEMBER_ORGANISATIONS}
            themes = {}
            for spec in THEMES:
                theme = self._theme(organisations[spec["organisation"]], spec, fiches)
                themes[spec["title"]] = theme
            self._users(organisations, themes)
        if self.created:
            for line in self.created:
                self.stdout.write(f"Created {line}")
            self.stdout.write(self.style.SUCCESS(f"Demo content ready ({len(self.created)} objects created)."))
        else:
            self.stdout.write("The demo content is already there; nothing created.")

    # --- helpers ------------------------------------------------------------------------------------

    def _note(self, kind, name):
        self.created.append(f"{kind}: {name}")

    def _index(self, obj):
        # Wagtail indexes through a background task; the demo must be searchable without a worker.
        insert_or_update_object(obj)

    def _image(self, *, title, colour, text, collection=None):
        image_model = get_image_model()
        existing = image_model.objects.filter(title=title).first()
        if existing is not None:
            return existing
        self._note("image", title)
        return factories.image(title=title, colour=colour, text=text, collection=collection)

    def _home(self):
        home = HomePage.objects.first()
        if home is None:
            home = factories.home_page()
            home.title = "Werkgroepen"
            home.intro = HOME_INTRO
            home.save_revision().publish()
            self._note("home page", home.title)
            self._index(home)
        return home

    def _organisation(self, home, spec):
        page = OrganisationPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is not None:
            organisation_collection_ensure(organisation=page)  # a demo seeded before collections existed
            return page
        logo = self._image(title=f"Logo {spec['title']}", colour=spec["brand_colour"], text=spec["logo_text"])
        page = OrganisationPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            logo=logo,
            brand_colour=spec["brand_colour"],
            contact_email=spec["contact_email"],
            contact_phone=spec["contact_phone"],
            address=spec["address"],
            website=spec["website"],
        )
        page.full_clean(exclude=["path", "depth"])  # brand colour contrast, logo size
        home.add_child(instance=page)  # creates the organisation's collection of images and documents
        page.save_revision().publish()
        # The logo belongs to the organisation: its editors find it in their collection (issue 14 §12).
        get_image_model().objects.filter(pk=logo.pk).update(
            collection=organisation_collection_ensure(organisation=page)
        )
        self._note("organisation", page.title)
        self._index(page)
        return page

    def _member_organisation(self, organisations, spec):
        organisation = organisations[spec["organisation"]]
        fiche = MemberOrganisation.objects.filter(organisation=organisation, name=spec["name"]).first()
        if fiche is not None:
            return fiche
        logo = self._image(
            title=f"Logo {spec['name']}",
            colour=spec["colour"],
            text=spec["logo_text"],
            collection=organisation_collection_ensure(organisation=organisation),
        )
        fiche = MemberOrganisation.objects.create(
            organisation=organisation,
            name=spec["name"],
            logo=logo,
            activities=spec["activities"],
            contact_email=spec["contact_email"],
            contact_phone=spec["contact_phone"],
            website=spec["website"],
        )
        self._note("member organisation", fiche.name)
        self._index(fiche)
        return fiche

    @staticmethod
    def _inline(spec, fiches):
        """Categories, filter groups and member organisations of one (sub)theme, as unsaved inline objects."""
        categories = [
            Category(name=CATEGORIES[key][0], description=CATEGORIES[key][1], icon=CATEGORIES[key][2], sort_order=i)
            for i, key in enumerate(spec["categories"])
        ]
        filter_groups = [
            FilterGroup(
                name=FILTERS[key][0],
                sort_order=i,
                options=[FilterOption(name=name, sort_order=j) for j, name in enumerate(FILTERS[key][1])],
            )
            for i, key in enumerate(spec["filters"])
        ]
        participants = [
            ThemeMemberOrganisation(member_organisation=fiches[key], vision=vision, sort_order=i)
            for i, (key, vision) in enumerate(spec["members"])
        ]
        return {"categories": categories, "filter_groups": filter_groups, "participating_organisations": participants}

    def _theme(self, organisation, spec, fiches):
        slug = slugify(spec["title"])
        theme = ThemePage.objects.child_of(organisation).filter(slug=slug).first()
        if theme is None:
            theme = ThemePage(
                title=spec["title"],
                slug=slug,
                group_type=spec["group_type"],
                hidden=spec.get("hidden", False),
                intro=spec["intro"],
                goal=spec["goal"],
                target_audience=spec["target_audience"],
                process=spec["process"],
                body=_body(
                    text=f"<h2>Waarom deze werkgroep?</h2>{spec['intro']}<p>{spec['process']}</p>",
                    phases=spec["phases"],
                    cta_text=f"Vragen over {spec['title'].lower()}? {organisation.title} helpt je graag verder.",
                    cta_label=f"Naar {organisation.title}",
                    cta_page=organisation,
                ),
                **self._inline(spec, fiches),
            )
            organisation.add_child(instance=theme)
            theme.save_revision().publish()
            self._note("theme", f"{theme.title} ({theme.group_type}{', hidden' if theme.hidden else ''})")
            self._index(theme)
        for sub_spec in spec["subthemes"]:
            self._subtheme(theme, sub_spec, fiches)
        return theme

    def _subtheme(self, theme, spec, fiches):
        slug = slugify(spec["title"])
        if SubthemePage.objects.child_of(theme).filter(slug=slug).exists():
            return
        subtheme = SubthemePage(
            title=spec["title"],
            slug=slug,
            group_type=spec["group_type"],
            intro=spec["intro"],
            body=[
                (
                    "text",
                    RichText(
                        f"<p>Dit subthema hoort bij het thema {theme.title}. Wie lid is van dat thema, "
                        "doet hier vanzelf mee.</p>"
                    ),
                )
            ],
            **self._inline(spec, fiches),
        )
        theme.add_child(instance=subtheme)
        subtheme.save_revision().publish()
        self._note("subtheme", f"{theme.title} › {subtheme.title}")
        self._index(subtheme)

    def _users(self, organisations, themes):
        for spec in DEMO_USERS:
            user = User.objects.filter(email=spec["email"]).first()
            if user is None:
                user = User.objects.create_user(
                    email=spec["email"],
                    password=settings.DEMO_PASSWORD,
                    display_name=spec["display_name"],
                    first_name=spec["first_name"],
                    last_name=spec["last_name"],
                )
                self._note("user", f"{user.email} ({spec['role'].label if spec['role'] else 'member'})")
            _address, created = EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            if created:
                self._note("verified e-mail address", user.email)
            if spec["role"] is None:
                continue
            page = None
            if spec["page"] is not None:
                kind, key = spec["page"]
                page = organisations[key] if kind == "organisation" else themes[key]
            if not RoleAssignment.objects.filter(user=user, role=spec["role"], page=page).exists():
                assign_role(user=user, role=spec["role"], page=page)
                self._note("role", f"{spec['role'].label} for {user.email}" + (f" on {page.title}" if page else ""))
