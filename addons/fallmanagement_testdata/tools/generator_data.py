"""Word lists of the test data generator (``fall.data.generator``).

Everything here is fictional: first and last names are combined at random,
streets and house numbers too, organisations are made-up names with
``.example`` addresses. Any resemblance to real persons is chance.
"""

FIRST_NAMES_FEMALE = [
    "Anja",
    "Andrea",
    "Angelika",
    "Anke",
    "Annika",
    "Antje",
    "Bärbel",
    "Bettina",
    "Birgit",
    "Britta",
    "Carina",
    "Christina",
    "Claudia",
    "Corinna",
    "Dagmar",
    "Daniela",
    "Doris",
    "Elke",
    "Frauke",
    "Gabriele",
    "Gesa",
    "Heike",
    "Helga",
    "Imke",
    "Ines",
    "Insa",
    "Jana",
    "Janina",
    "Jennifer",
    "Jessica",
    "Julia",
    "Karin",
    "Katharina",
    "Kerstin",
    "Kirsten",
    "Lena",
    "Maike",
    "Manuela",
    "Marina",
    "Marion",
    "Melanie",
    "Michaela",
    "Monika",
    "Nadine",
    "Nicole",
    "Petra",
    "Rieke",
    "Sabine",
    "Sandra",
    "Sarah",
    "Silke",
    "Simone",
    "Sonja",
    "Stefanie",
    "Susanne",
    "Svenja",
    "Tanja",
    "Tatjana",
    "Ute",
    "Wiebke",
]

FIRST_NAMES_MALE = [
    "Alexander",
    "Andreas",
    "Bernd",
    "Björn",
    "Christian",
    "Daniel",
    "Dennis",
    "Detlef",
    "Dieter",
    "Dirk",
    "Enno",
    "Frank",
    "Gerd",
    "Hajo",
    "Hauke",
    "Heiko",
    "Helmut",
    "Hendrik",
    "Holger",
    "Ingo",
    "Jan",
    "Jens",
    "Jörg",
    "Jürgen",
    "Kai",
    "Karsten",
    "Klaus",
    "Lars",
    "Lutz",
    "Marco",
    "Markus",
    "Martin",
    "Matthias",
    "Michael",
    "Nils",
    "Olaf",
    "Oliver",
    "Patrick",
    "Peter",
    "Ralf",
    "René",
    "Rolf",
    "Sascha",
    "Sebastian",
    "Stefan",
    "Sven",
    "Thomas",
    "Thorsten",
    "Tim",
    "Tobias",
    "Udo",
    "Uwe",
    "Volker",
    "Wilfried",
    "Wolfgang",
]

# Clients who came to Germany later in life: language courses are a typical
# barrier of theirs.
FIRST_NAMES_FEMALE_MIGRATION = [
    "Aleksandra",
    "Amina",
    "Ayşe",
    "Elif",
    "Emine",
    "Fatma",
    "Irina",
    "Leyla",
    "Mariam",
    "Natalia",
    "Olga",
    "Rana",
    "Svetlana",
    "Yasmin",
    "Zeynep",
]
FIRST_NAMES_MALE_MIGRATION = [
    "Ahmad",
    "Ali",
    "Andrzej",
    "Dmitri",
    "Emre",
    "Hassan",
    "Ibrahim",
    "Ionel",
    "Karim",
    "Mehmet",
    "Mohammed",
    "Omar",
    "Piotr",
    "Sergej",
    "Yusuf",
]
LAST_NAMES_MIGRATION = [
    "Ahmadi",
    "Aydın",
    "Demir",
    "Haddad",
    "Ivanova",
    "Kaya",
    "Kowalski",
    "Lewandowski",
    "Nowak",
    "Özdemir",
    "Petrov",
    "Popescu",
    "Rahimi",
    "Şahin",
    "Yılmaz",
]

LAST_NAMES = [
    "Ahlers",
    "Albers",
    "Bahr",
    "Behrens",
    "Bolte",
    "Brandes",
    "Brüning",
    "Bruns",
    "Buß",
    "Claßen",
    "Cordes",
    "Diekmann",
    "Dierks",
    "Eilers",
    "Eilts",
    "Ennen",
    "Fischer",
    "Frerichs",
    "Garms",
    "Gerdes",
    "Gerken",
    "Grotelüschen",
    "Hagen",
    "Harms",
    "Hartmann",
    "Heinemann",
    "Helms",
    "Hibbeler",
    "Hinrichs",
    "Hoffmann",
    "Janßen",
    "Jürgens",
    "Kaiser",
    "Klöpper",
    "Koch",
    "Köhler",
    "Krüger",
    "Kuhlmann",
    "Lange",
    "Lübben",
    "Lüken",
    "Lüers",
    "Mammen",
    "Meinen",
    "Meiners",
    "Meyer",
    "Möhlmann",
    "Müller",
    "Neumann",
    "Oltmanns",
    "Osterloh",
    "Otten",
    "Peters",
    "Pieper",
    "Rabe",
    "Rademacher",
    "Renken",
    "Reiners",
    "Rippen",
    "Röben",
    "Rohde",
    "Schmidt",
    "Schneider",
    "Schröder",
    "Schulte",
    "Schwarting",
    "Siefken",
    "Stöver",
    "Strodthoff",
    "Tapken",
    "Thiele",
    "Tönjes",
    "Vogel",
    "Wagner",
    "Warns",
    "Weber",
    "Wessels",
    "Wilken",
    "Witte",
    "Wübbena",
    "Zimmermann",
]

# (town, zip, association key, weight): Rastede and Wiefelstede are the area
# of ALRA, the other towns of the county that of AiA.
TOWNS = [
    ("Westerstede", "26655", "aia", 22),
    ("Bad Zwischenahn", "26160", "aia", 28),
    ("Edewecht", "26188", "aia", 22),
    ("Apen", "26689", "aia", 12),
    ("Rastede", "26180", "alra", 24),
    ("Wiefelstede", "26215", "alra", 18),
]

STREETS = [
    "Am Esch",
    "Am Markt",
    "Am Sportplatz",
    "Auf dem Kamp",
    "Bahnhofstraße",
    "Birkenweg",
    "Buchenweg",
    "Dorfstraße",
    "Eichenweg",
    "Feldstraße",
    "Friedhofsweg",
    "Gartenstraße",
    "Hauptstraße",
    "Heideweg",
    "Hofweg",
    "Kirchstraße",
    "Kastanienallee",
    "Lange Straße",
    "Lindenstraße",
    "Moorweg",
    "Mühlenstraße",
    "Mühlenweg",
    "Oldenburger Straße",
    "Parkstraße",
    "Raiffeisenstraße",
    "Ringstraße",
    "Rosenstraße",
    "Schulstraße",
    "Tannenweg",
    "Wiesenweg",
]

COMPANIES = {
    "alra": {
        "name": "Arbeitsloseninitiative Rastede e.V.",
        "prefix": "ALRA",
        "login": "alra",
        "street": "Musterstraße 12",
        "zip": "26180",
        "city": "Rastede",
        "email": "info@alra.example.org",
    },
    "aia": {
        "name": "Arbeitsloseninitiative Ammerland e.V.",
        "prefix": "AiA",
        "login": "aia",
        "street": "Beispielweg 7",
        "zip": "26655",
        "city": "Westerstede",
        "email": "info@aia.example.org",
    },
    "county": {
        "name": "Landkreis Ammerland",
        "prefix": False,
        "login": "landkreis",
        "street": "Am Musterplatz 1",
        "zip": "26655",
        "city": "Westerstede",
        "email": "arbeit@landkreis.example.org",
    },
}

# Network partners per partner type code: name patterns ({town} and {name}
# filled in) and how to refer.
NETWORK_PARTNERS = {
    "childcare": (
        [
            "Familienservicebüro {town}",
            "Kita-Vermittlung {town}",
            "Pflegestützpunkt {town}",
        ],
        "Anfrage per E-Mail mit Alter der Kinder und gewünschten Zeiten.",
    ),
    "debt": (
        ["Schuldnerberatung {name} {town}", "Insolvenzberatung {town}"],
        "Offene Sprechstunde dienstags 9–12 Uhr; Gläubigerschreiben mitbringen.",
    ),
    "psychosocial": (
        ["Psychosoziale Beratung {name}", "Beratungsstelle Lichtblick {town}"],
        "Erstgespräch nach telefonischer Anmeldung.",
    ),
    "addiction": (
        ["Fachstelle Sucht {town}", "Suchtberatung {name} {town}"],
        "Anonyme Erstberatung möglich; Vermittlung am besten gemeinsam.",
    ),
    "housing": (
        ["Wohnungshilfe {name}", "Fachberatung Wohnen {town}"],
        "Termine nach Vereinbarung; Mietvertrag und Kündigung mitbringen.",
    ),
    "health": (
        ["Gesundheitsamt Außenstelle {town}", "Praxisgemeinschaft {name} {town}"],
        "Überweisung und Versichertenkarte mitbringen.",
    ),
    "training": (
        [
            "Bildungswerk {name} {town}",
            "Sprachschule {name}",
            "Qualifizierungszentrum {town}",
        ],
        "Beratung zu Kursen und Bildungsgutscheinen nach Anmeldung.",
    ),
    "other": (
        ["Nachbarschaftshilfe {town}", "Tafel {town}"],
        "Ohne Anmeldung zu den Öffnungszeiten.",
    ),
}

# Family names of made-up organisations ("Schuldnerberatung Lindenhof").
ORGANISATION_NAMES = [
    "Brückenschlag",
    "Eschhof",
    "Heideblick",
    "Lindenhof",
    "Moorlicht",
    "Neuland",
    "Rückenwind",
    "Sonnenweg",
    "Wegweiser",
    "Weitblick",
]

EMPLOYER_KINDS = [
    "Baumschule",
    "Gartenbau",
    "Malerbetrieb",
    "Reinigungsservice",
    "Pflegedienst",
    "Bäckerei",
    "Logistik",
    "Tischlerei",
    "Hotel",
    "Landhandel",
    "Autohaus",
    "Metallbau",
]
EMPLOYER_FORMS = ["GmbH", "GmbH & Co. KG", "e.K.", "KG"]

AUTHORITIES = [
    # (name, kinds of matters it decides)
    ("Jobcenter Landkreis – Leistungsabteilung", ["citizen_benefit", "other"]),
    ("Wohngeldstelle der Gemeinde", ["housing_benefit"]),
    ("Familienkasse Niedersachsen-Bremen (Testdaten)", ["child_supplement"]),
    ("Rentenversicherung – Servicezentrum (Testdaten)", ["pension"]),
    ("Versorgungsamt – Schwerbehindertenrecht (Testdaten)", ["disability"]),
    ("Krankenkasse Küstenland (Testdaten)", ["health_insurance"]),
]

MATTER_SUBJECTS = {
    "citizen_benefit": [
        "Weiterbewilligungsantrag Bürgergeld",
        "Antrag auf Mehrbedarf",
        "Änderungsbescheid Bürgergeld",
        "Aufhebungs- und Erstattungsbescheid",
    ],
    "housing_benefit": ["Wohngeldantrag", "Wohngeld-Weiterleistungsantrag"],
    "child_supplement": ["Antrag auf Kinderzuschlag"],
    "pension": ["Kontenklärung", "Antrag auf Erwerbsminderungsrente"],
    "disability": ["Antrag auf Feststellung der Schwerbehinderung"],
    "health_insurance": ["Antrag auf Kostenübernahme Reha"],
    "other": ["Antrag auf Erstausstattung", "Antrag auf Bildung und Teilhabe"],
}

# Barrier code -> (goal, steps) of the cooperation plan.
GOALS = {
    "debts": [
        (
            "Schuldensituation klären",
            [
                "Gläubigerliste erstellen",
                "Termin bei der Schuldnerberatung wahrnehmen",
                "Haushaltsplan aufstellen",
            ],
        ),
        (
            "Pfändungsschutzkonto einrichten",
            [
                "P-Konto bei der Bank beantragen",
                "Bescheinigung für den Freibetrag einholen",
            ],
        ),
    ],
    "addiction": [
        (
            "Suchtberatung regelmäßig wahrnehmen",
            [
                "Erstgespräch vereinbaren",
                "Termine im Kalender festhalten",
                "Rückmeldung nach vier Wochen geben",
            ],
        ),
    ],
    "health": [
        (
            "Gesundheitliche Situation klären",
            [
                "Termin beim Hausarzt vereinbaren",
                "Ärztliches Gutachten anfordern",
                "Belastbarkeit einschätzen lassen",
            ],
        ),
    ],
    "mental_health": [
        (
            "Psychische Stabilität stärken",
            [
                "Psychosoziale Beratung aufsuchen",
                "Tagesstruktur mit festen Zeiten planen",
            ],
        ),
    ],
    "childcare": [
        (
            "Kinderbetreuung sicherstellen",
            [
                "Kita-Platz beantragen",
                "Betreuung in den Ferien klären",
                "Notfallbetreuung organisieren",
            ],
        ),
    ],
    "housing": [
        (
            "Wohnung sichern",
            ["Mietrückstände klären", "Antrag auf Übernahme der Mietschulden stellen"],
        ),
    ],
    "language": [
        (
            "Deutschkenntnisse verbessern",
            ["Integrationskurs anmelden", "Sprachniveau B1 erreichen"],
        ),
    ],
    "qualification": [
        (
            "Berufliche Qualifizierung beginnen",
            [
                "Lebenslauf überarbeiten",
                "Bildungsgutschein beantragen",
                "Weiterbildung auswählen",
            ],
        ),
        (
            "Bewerbungen schreiben",
            ["Bewerbungsmappe erstellen", "Drei Bewerbungen pro Monat verschicken"],
        ),
    ],
    "mobility": [
        (
            "Mobilität verbessern",
            [
                "Busverbindungen zum Arbeitsort prüfen",
                "Fahrradwerkstatt besuchen",
                "Führerschein-Förderung prüfen",
            ],
        ),
    ],
    "authorities": [
        (
            "Post von Behörden bearbeiten",
            ["Unterlagen sortieren", "Fristen gemeinsam notieren"],
        ),
    ],
    "motivation": [
        (
            "Tagesstruktur aufbauen",
            ["Wochenplan erstellen", "An der Aktivierungsmaßnahme teilnehmen"],
        ),
    ],
    "criminal": [
        (
            "Bewährungsauflagen erfüllen",
            ["Termine der Bewährungshilfe wahrnehmen", "Führungszeugnis beantragen"],
        ),
    ],
}
GENERAL_GOALS = [
    (
        "Arbeitsaufnahme vorbereiten",
        [
            "Stellenangebote gemeinsam sichten",
            "Praktikum vereinbaren",
            "Vorstellungsgespräch üben",
        ],
    ),
]

# Barrier code -> partner type code a referral goes to.
REFERRAL_TYPES = {
    "debts": "debt",
    "addiction": "addiction",
    "mental_health": "psychosocial",
    "health": "health",
    "childcare": "childcare",
    "housing": "housing",
    "language": "training",
    "qualification": "training",
    "motivation": "psychosocial",
    "authorities": "other",
    "mobility": "other",
}

# Partner type code -> (min, max) days to the first appointment.
WAITING_DAYS = {
    "debt": (21, 100),
    "addiction": (3, 30),
    "psychosocial": (14, 70),
    "health": (7, 60),
    "childcare": (14, 90),
    "housing": (5, 30),
    "training": (7, 35),
    "other": (1, 14),
    "employer": (3, 21),
}

CONTACT_NOTES = [
    "Lebenslauf aktualisiert.",
    "Bewerbungen besprochen.",
    "Aktuelle Situation besprochen, Termine für die nächsten Wochen festgelegt.",
    "Post vom Jobcenter gemeinsam durchgesehen.",
    "Unterlagen für den Weiterbewilligungsantrag zusammengestellt.",
    "Rückmeldung zum Praktikum besprochen.",
    "Stellenangebote aus der Region durchgesehen.",
    "Termin bei der Schuldnerberatung vorbereitet.",
    "Kinderbetreuung für die Maßnahme geklärt.",
    "Kooperationsplan gemeinsam überprüft.",
    "Hausbesuch: Wohnsituation angesehen.",
    "Begleitung zum Jobcenter.",
]
CONFIDENTIAL_NOTES = [
    "Rückfall nach Trennung, Suchtberatung wieder aufgenommen.",
    "Angstzustände vor Terminen, hausärztliche Behandlung läuft.",
    "Familiäre Konflikte belasten die Teilnahme.",
]

REFERRAL_FEEDBACK = [
    "Erstgespräch hat stattgefunden, weitere Termine vereinbart.",
    "Klient/in nimmt regelmäßig teil.",
    "Beratung abgeschlossen, Ziele erreicht.",
    "Unterlagen vollständig, Bearbeitung läuft.",
]
REFERRAL_FAILURES = [
    "Termine wurden nicht wahrgenommen.",
    "Klient/in ist in eine andere Gemeinde gezogen.",
    "Angebot passte nicht zum Bedarf.",
]
REFERRAL_NOTES = [
    "Bitte um einen Termin für ein Erstgespräch.",
    "Klient/in wünscht einen Termin am Vormittag.",
    "Bitte um kurze Rückmeldung nach dem Erstgespräch.",
]

CLOSURE_NOTES = {
    "job": "Arbeitsaufnahme, Nachbetreuung abgeschlossen.",
    "measure": "Übergang in eine Maßnahme des Landkreises.",
    "moved": "Umzug in einen anderen Landkreis.",
    "not_eligible": "Kein Leistungsanspruch mehr.",
    "dropped_out": "Kein Kontakt mehr trotz mehrfacher Einladung.",
    "other": "Fall aus sonstigen Gründen beendet.",
}

CONSENT_PURPOSES = {
    "partner": "Vermittlung und Austausch über den Verlauf der Beratung",
    "partner_type": "Vermittlung an eine passende Stelle dieser Art",
    "county": "Fallkonferenzen und Abstimmung mit dem Landkreis",
}

CONFERENCE_QUESTIONS = [
    "Kann eine Fahrtkostenübernahme zum Praktikum bewilligt werden?",
    "Soll die Aktivierungsmaßnahme verlängert werden?",
    "Ist ein früherer Termin bei der Schuldnerberatung möglich?",
    "Welche Sprachkurse kann der Landkreis kurzfristig anbieten?",
    "Ist eine Kinderbetreuung über die Gemeinde möglich?",
    "Soll der Fall nach der Arbeitsaufnahme abgeschlossen werden?",
    "Sachstand nach längerer Zeit ohne Fortschritt: wie weiter?",
]
CONFERENCE_RESULTS = [
    "Die Teilnahme ist regelmäßig, die Tagesstruktur hat sich stabilisiert.",
    "Sachstand zur Kenntnis genommen; erneute Vorstellung in zwei Monaten.",
    "Die Unterlagen sind vollständig, der Landkreis prüft kurzfristig.",
    "Ein Wechsel der Maßnahme ist derzeit nicht sinnvoll.",
]
CONFERENCE_DECISIONS = [
    "Der Landkreis verlängert die Maßnahme um drei Monate.",
    "Die Fahrtkosten werden für drei Monate übernommen.",
    "Vorrangiger Termin bei der Schuldnerberatung (§ 16a SGB II).",
    "Der Fall wird nach Ende der Nachbetreuung abgeschlossen.",
]
CONFERENCE_TASKS = [
    "Ergebnis mit dem/der Klient/in besprechen",
    "Bescheid erstellen",
    "Unterlagen nachreichen",
    "Termin beim Bildungsträger vereinbaren",
    "Kooperationsplan anpassen",
]
PROPOSAL_REASONS = [
    "Neue Zuweisung seit der letzten Fallkonferenz",
    "Wiedervorlage überfällig",
    "Von der Beraterin / dem Berater vorgeschlagen",
    "Geplanter Abschluss",
]
