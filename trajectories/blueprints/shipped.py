"""The two templates that ship with the platform (issue 13 §1), offered to every organisation: the youth-care
trajectory of seed 004 and the workshop trajectory of seed 003 with its engagement declaration. Their words are the
seeds' own (editors' content is Dutch, like the pages).

:func:`trajectories.blueprints.services.shipped_templates_install` adds them: run by the data migration
``0012_templates`` with the migration's historical models, so every installation has them after ``migrate`` (not only
the demo); tests that flush the database call it again. It adds what is missing and never changes a shipped template
a superadmin has edited since.
"""

YOUTH_CARE = "jeugdhulptraject"
WORKSHOPS = "workshoptraject-digitale-oefenkansen"

ENGAGEMENT_DECLARATION = """Als medewerkers van {organisatie} willen we blijvend inzetten op ‘digitale oefenkansen’ \
voor onze bezoekers.

Digitale oefenkansen zijn kleine informele momentjes waarop onze bezoekers de kans krijgen iets digitaals te \
proberen en zo geprikkeld worden om vaker gebruik te maken van digitale tools. We nemen ze op in onze reguliere \
activiteiten die op zich geen digitale focus hebben.

We willen dit vooral doen voor {doelgroep}.

Op {datum} hebben we alvast deze plannen gemaakt:

- (oefenkans 1 + korte omschrijving)
- (oefenkans 2 + korte omschrijving)
- (oefenkans 3 + korte omschrijving)

**Trekker(s)**

{trekkers} zullen ervoor zorgen dat we blijven zoeken naar nieuwe digitale oefenkansen (met vaste regelmaat op \
de agenda van het teamoverleg, opgenomen in het jaarplan …).
"""

TEMPLATES = [
    {
        "key": YOUTH_CARE,
        "name": "Jeugdhulptraject",
        "description": (
            "Een traject in de jeugdhulp, samen met de jongere, het netwerk en de hulpverleners: kennismaking, plan, "
            "uitvoering, evaluatie en afsluiting. De jongere beslist mee wie wat ziet; de informatie blijft bij de "
            "jongere na de hulp."
        ),
        "phases": [
            {
                "title": "Kennismaking",
                "description": (
                    "We leren elkaar kennen: wie is wie, wat wil de jongere, en wie hoort er in het netwerk "
                    "(ouders, familie, vrienden, school)."
                ),
                "checklist": [
                    "De jongere kent iedereen in de werkruimte",
                    "We spraken samen af wie wat mag zien",
                    "Het netwerk van de jongere is uitgenodigd",
                ],
                "goals": [],
            },
            {
                "title": "Plan",
                "description": (
                    "Samen met de jongere schrijven we het hulpverleningsplan: doelen in de woorden van de jongere, "
                    "acties en afspraken."
                ),
                "checklist": [
                    "De doelen staan in het plan, in de woorden van de jongere",
                    "Elke actie heeft iemand die ze doet",
                    "Er is een evaluatiemoment gepland",
                ],
                "goals": [
                    "Ik weet wat ik met de hulp wil bereiken",
                    "Mijn netwerk weet hoe het mij kan steunen",
                ],
            },
            {
                "title": "Uitvoering",
                "description": "We werken aan de doelen. Iedereen houdt het logboek en de agenda bij.",
                "checklist": ["De acties worden opgevolgd", "Het logboek wordt bijgehouden"],
                "goals": [],
            },
            {
                "title": "Evaluatie",
                "description": "We kijken samen terug: wat lukte, wat niet, en wat is er nog nodig?",
                "checklist": ["Elk doel is besproken met de jongere", "We beslisten samen wat er nog nodig is"],
                "goals": [],
            },
            {
                "title": "Afsluiting",
                "description": (
                    "We ronden de hulp af. De informatie blijft bij de jongere: zij kiest wie de werkruimte nog "
                    "mag lezen."
                ),
                "checklist": [
                    "De jongere weet wat er met de werkruimte gebeurt",
                    "Er was een afsluitend gesprek",
                ],
                "goals": [],
            },
        ],
        "documents": [
            {
                "title": "Kennismaking met {jongere}",
                "body": (
                    "Werkruimte {werkruimte}, gestart op {datum} bij {organisatie}.\n\n"
                    "**Wie is wie?**\n\n- \n\n**Wat wil {jongere} bereiken?**\n\n- \n\n"
                    "**Wie mag wat zien?**\n\n- \n"
                ),
                "phase_number": 1,
                "to_sign": False,
            },
            {
                "title": "Afsluiting van het traject",
                "body": (
                    "Op {datum} ronden we de hulp aan {jongere} af.\n\n**Wat is bereikt?**\n\n- \n\n"
                    "**Wie mag de werkruimte nog lezen?**\n\n- \n"
                ),
                "phase_number": 5,
                "to_sign": False,
            },
        ],
    },
    {
        "key": WORKSHOPS,
        "name": "Workshoptraject digitale oefenkansen",
        "description": (
            "Bestendig digitale oefenkansen in je organisatie, in workshops: terugblikken, andere ideeën, "
            "verduurzamen met een werkgroep en een engagementsverklaring, en evalueren."
        ),
        "phases": [
            {
                "title": "Terugblikken",
                "description": (
                    "We blikken terug op de voorbije periode: hoe zijn de experimenten verlopen? Wat heeft de "
                    "organisatie eruit geleerd? Zijn er nieuwe mogelijkheden voor digitale prikkels naar boven "
                    "gekomen?"
                ),
                "checklist": [
                    "Wat is goed verlopen, wanneer ging het vlot?",
                    "Wat is minder goed verlopen, wanneer ging het moeilijk?",
                    "Slaagde de activiteit erin om een digitale oefenkans te zijn?",
                    "Is het een activiteit die de organisatie wil blijven doen?",
                    "Zijn er extra kennis of middelen nodig om dit te blijven doen?",
                ],
                "goals": ["Zicht krijgen op wat de voorbije acties opleverden"],
            },
            {
                "title": "Andere ideeën",
                "description": (
                    "Zijn er naast de (nieuwe) oefenkansen hierboven nog ideeën voor oefenkansen naar boven gekomen?"
                ),
                "checklist": ["Nieuwe ideeën voor oefenkansen zijn genoteerd"],
                "goals": [],
            },
            {
                "title": "Verduurzamen",
                "description": (
                    "Hoe gaan we als organisatie verder met het organiseren van digitale oefenkansen? We maken het "
                    "tastbaar met een werkgroep en een engagementsverklaring."
                ),
                "checklist": [
                    "Een trekker en een werkgroepje houden het thema op de agenda",
                    "Digitale oefenkansen worden een onderdeel van het jaarplan",
                    "De engagementsverklaring noemt de doelstellingen, acties en betrokkenen",
                    "Een bordje brengt de doelgroep op de hoogte van de oefenkansen",
                ],
                "goals": ["Onze organisatie blijft inzetten op digitale oefenkansen"],
            },
            {
                "title": "Evalueren",
                "description": "Tijd voor een evaluatie van en een terugblik op het volledige traject.",
                "checklist": ["Het volledige traject is geëvalueerd"],
                "goals": [],
            },
        ],
        "documents": [
            {
                "title": "Engagementsverklaring",
                "body": ENGAGEMENT_DECLARATION,
                "phase_number": 3,
                "to_sign": True,
            }
        ],
    },
]
