"""A toy ESCO download for tests: a few dozen real ESCO concepts in the official CSV format.

Real URIs, labels and (shortened) descriptions of ESCO v1.1.1 (English) and v1.2 (Dutch): six
occupations (shop assistant / winkelmedewerker, cook / kok, nurse / verpleegkundige, software
developer, flight attendant, moving truck driver) plus a research occupation whose Dutch labels
come only from ``researchOccupationsCollection_nl.csv`` (" | "-separated altLabels), 37 skills
(knowledge, skills, transversal soft skills, language skills), ISCO groups and skill groups.

Writers produce the file sets of real downloads:

- :func:`write_english` — ``skills_en.csv``, ``occupations_en.csv``, ... (v1.1 classification);
- :func:`write_relations` — ``occupationSkillRelations.csv`` etc. (no suffix, as in v1.1.1);
- :func:`write_dutch` — the partial Dutch v1.2 set (occupations, groups, collections), or with
  ``full=True`` a complete Dutch download incl. ``skills_nl.csv`` and ``_nl`` relation files;
- :func:`write_reference_dir` — the layout of ``../shared/data/esco`` (zips + Dutch folder);
- :func:`toy_taxonomy` — the loaded Taxonomy (English + partial Dutch), for matcher tests.

The Dutch v1.2 files also hold concepts v1.1.1 lacks (:data:`V12_ONLY_OCCUPATION`,
:data:`V12_ONLY_SKILL`), and the relations name one occupation the concept files lack
(:data:`UNKNOWN_OCCUPATION`), as the real files do.
"""

from __future__ import annotations

import csv
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

SKILL_NS = "http://data.europa.eu/esco/skill/"
OCCUPATION_NS = "http://data.europa.eu/esco/occupation/"
ISCO_NS = "http://data.europa.eu/esco/isco/C"


class FxSkill(NamedTuple):
    key: str
    uuid: str
    skill_type: str  # ESCO skillType
    reuse: str
    en: str
    en_alt: tuple[str, ...]
    en_desc: str
    collections: tuple[str, ...] = ()
    nl: str = ""  # Dutch label in the v1.2 collection files (partial Dutch set)
    nl_alt: tuple[str, ...] = ()
    nl_desc: str = ""
    nl_full: str = ""  # Dutch label only in the complete Dutch download (skills_nl.csv)
    broader: tuple[str, ...] = ()  # keys of broader skills or skill groups

    @property
    def uri(self) -> str:
        return SKILL_NS + self.uuid

    @property
    def nl_label(self) -> str:
        return self.nl or self.nl_full


# fmt: off
SKILLS: tuple[FxSkill, ...] = (
    # shop assistant
    FxSkill("cash_register", "0cb013af-6dd9-4fb2-b34e-63dda1a5cf82", "skill/competence",
            "sector-specific", "operate cash register",
            ("perform cash register", "operating a cash register"),
            "Register and handle cash transactions by using point of sale register.",
            nl_full="kassa bedienen", broader=("S",)),
    FxSkill("product_comprehension", "d6d3fee7-47e2-47f4-a0ec-6c75f28c6abd", "knowledge",
            "sector-specific", "product comprehension", ("product knowledge",),
            "The offered products, their functionalities, properties and legal and regulatory "
            "requirements.", nl_full="productkennis", broader=("K",)),
    FxSkill("stock_shelves", "7e9daad3-8604-4839-af9b-dc6f8db3ef68", "skill/competence",
            "sector-specific", "stock shelves", ("fill shelves", "stocking shelves"),
            "Refill shelves with merchandise to be sold.", nl_full="schappen vullen",
            broader=("S",)),
    FxSkill("customer_relationship", "2239694b-771a-4586-8b54-2794e361a9ae", "skill/competence",
            "sector-specific", "maintain relationship with customers",
            ("maintain relationships with customers",),
            "Build a lasting and meaningful relationship with customers in order to ensure "
            "satisfaction and fidelity.", nl_full="relaties met klanten onderhouden",
            broader=("S",)),
    FxSkill("customer_needs", "68698869-c13c-4563-adc7-118b7644f45d", "skill/competence",
            "sector-specific", "identify customer's needs",
            ("identify a customer's needs", "determine customer's needs"),
            "Use appropriate questions and active listening in order to identify customer "
            "expectations, desires and requirements.",
            nl_full="behoeften van klanten vaststellen", broader=("S",)),
    FxSkill("teamwork_principles", "a5b0cd5c-e13a-4ab3-8d93-4d242adcfb01", "knowledge",
            "cross-sector", "teamwork principles", ("teamwork methods",),
            "The cooperation between people characterised by a unified commitment to achieving "
            "a given goal.", nl_full="beginselen van teamwerk", broader=("K",)),
    # cook
    FxSkill("cooking_techniques", "f3934441-4bff-4076-9945-e6c51a01c467", "skill/competence",
            "sector-specific", "use cooking techniques",
            ("use cookery techniques", "select different cooking methods"),
            "Apply cooking techniques including grilling, frying, boiling, braising, poaching, "
            "baking or roasting.", nl_full="kooktechnieken gebruiken", broader=("S",)),
    FxSkill("food_safety", "0ff99f51-40d9-42f1-a1ec-377b2bb5e15f", "skill/competence",
            "cross-sector", "comply with food safety and hygiene",
            ("follow food safety and hygiene practices",),
            "Respect optimal food safety and hygiene during preparation, manufacturing, "
            "processing, storage, distribution and delivery of food products.",
            nl_full="voedselveiligheid en hygiëne naleven", broader=("S",)),
    FxSkill("nutrition", "13d96098-2ff0-46b8-b326-b7c0e18cc1f1", "knowledge", "sector-specific",
            "nutrition", ("diet",),
            "The science that investigates the various substances and nutrients and their "
            "interaction in food products.", nl_full="voeding", broader=("K",)),
    FxSkill("plan_menus", "5c6ca864-76d5-4217-b3e1-9a7ba7f8f47b", "skill/competence",
            "sector-specific", "plan menus", ("plan a menu", "assist in planning menus"),
            "Organise menus taking into account the nature and style of the establishment, "
            "client feedback, cost and the seasonality of ingredients.",
            nl_full="menu's plannen", broader=("S",)),
    # nurse
    FxSkill("nursing_principles", "8b3aefd2-5021-418f-b069-828fb7abc598", "knowledge",
            "cross-sector", "nursing principles", ("principles of nursing",),
            "The ethics, the codes of conduct, the philosophy of nursing and nursing theories "
            "and concepts.", nl_full="verpleegkundige beginselen", broader=("K",)),
    FxSkill("empathise_patient", "2475cd27-8d6c-4318-a364-21395b23acba", "skill/competence",
            "cross-sector", "empathise with the healthcare user",
            ("empathise with patients", "be understanding of the patient"),
            "Understand the background of clients' and patients' symptoms, difficulties and "
            "behaviour.", nl_full="zich inleven in de zorggebruiker", broader=("S",)),
    FxSkill("listen_actively", "a17286c5-238d-4f0b-bc24-29e9121345de", "skill/competence",
            "cross-sector", "listen actively", ("active listening", "use active listening"),
            "Give attention to what other people say, patiently understand points being made "
            "and ask questions as appropriate.", nl_full="actief luisteren", broader=("S",)),
    FxSkill("computer_literacy", "d15ce60f-ddab-41ce-ba56-398451b77b60", "skill/competence",
            "cross-sector", "have computer literacy",
            ("computer literacy", "be computer-literate"),
            "Utilise computers, IT equipment and modern day technology in an efficient way.",
            collections=("digital",), nl="beschikken over computervaardigheden",
            nl_alt=("computervaardigheden hebben",),
            nl_desc="Op een efficiënte manier gebruiken van computers, IT-apparatuur en moderne "
            "technologie.", broader=("S",)),
    FxSkill("foreign_languages_care", "e724205b-6b9a-45b4-b629-cd32a6c80b4f", "skill/competence",
            "cross-sector", "use foreign languages in patient care",
            ("employ foreign languages with patients",),
            "Communicate in foreign languages with healthcare users, their carers, or services "
            "providers.", nl_full="vreemde talen gebruiken in de patiëntenzorg",
            broader=("S",)),
    # software developer
    FxSkill("computer_programming", "21d2f96d-35f7-4e3f-9745-c533d2dd6e97", "knowledge",
            "cross-sector", "computer programming", ("programming", "coding"),
            "The techniques and principles of software development, such as analysis, "
            "algorithms, coding, testing and compiling of programming paradigms.",
            collections=("digComp", "digital"), nl="computerprogrammering",
            nl_alt=("programmeren", "computers programmeren"),
            nl_desc="Technieken en beginselen van softwareontwikkeling, waaronder analyse, "
            "algoritmes, coderen en testen.", broader=("K",)),
    FxSkill("debug_software", "2522a6ce-3202-4ac8-9f5b-b9cb5a3a83a1", "skill/competence",
            "sector-specific", "debug software", (),
            "Repair computer code by analysing testing results, locating the defects and "
            "removing these faults.", collections=("digital",),
            nl="software voor het oplossen van softwarefouten",
            nl_alt=("softwarefouten oplossen", "debugging-software"),
            nl_desc="Computercode herstellen door de testresultaten te analyseren en de "
            "defecten te verwijderen.", broader=("S",)),
    FxSkill("design_patterns", "2b7a79e5-84d8-4880-be66-3d9bb05bea17", "skill/competence",
            "sector-specific", "use software design patterns",
            ("use programming design patterns",),
            "Utilise reusable solutions, formalised best practices, to solve common ICT "
            "development tasks.", collections=("digital",),
            nl="softwareontwerppatronen gebruiken", nl_alt=("programmeerpatronen opstellen",),
            nl_desc="Herbruikbare oplossingen gebruiken om veelvoorkomende "
            "ICT-ontwikkelingstaken op te lossen.", broader=("S",)),
    FxSkill("python", "ccd0a1d9-afda-43d9-b901-96344886e14d", "knowledge", "sector-specific",
            "Python (computer programming)", ("Python3", "Python2"),
            "The techniques and principles of software development in Python.",
            collections=("digital",), nl="Python (computerprogrammering)",
            nl_alt=("Python2", "Python prog"),
            nl_desc="De technieken en beginselen van softwareontwikkeling in Python.",
            broader=("computer_programming",)),
    FxSkill("javascript", "3cd569a2-4f88-4c1e-9995-8dce8c5e51a7", "knowledge", "sector-specific",
            "JavaScript", ("Client-side JavaScript",),
            "The techniques and principles of software development in JavaScript.",
            collections=("digital",), nl="JavaScript", nl_alt=("Server-side JavaScript",),
            nl_desc="Technieken en beginselen van softwareontwikkeling in JavaScript.",
            broader=("computer_programming",)),
    # flight attendant
    FxSkill("first_aid", "1d21f6ad-340f-45da-a0a3-4e83867f47a6", "skill/competence",
            "cross-sector", "provide first aid", ("give first aid", "conduct CPR"),
            "Administer cardiopulmonary resuscitation or first aid to a sick or injured person.",
            nl_full="eerste hulp verlenen", broader=("S",)),
    FxSkill("stressful_situations", "a8460be3-f4ba-44a0-a961-0389069a3614", "skill/competence",
            "cross-sector", "handle stressful situations",
            ("cope with stressful situations", "deal with stressful situations"),
            "Deal with and manage highly stressful situations in the workplace.",
            nl_full="omgaan met stressvolle situaties", broader=("S",)),
    FxSkill("passenger_information", "84fc058f-3a38-4a87-86c1-ce906660af31", "skill/competence",
            "sector-specific", "provide information to passengers",
            ("give information to passengers",),
            "Provide passengers with correct information in a polite and efficient manner.",
            nl_full="passagiers informatie verstrekken", broader=("S",)),
    # moving truck driver
    FxSkill("heavy_trucks", "8215bbba-2f6d-4530-bf41-904d871eaf72", "skill/competence",
            "cross-sector", "manoeuvre heavy trucks",
            ("drive heavy goods vehicles", "manoeuvre heavy goods vehicles"),
            "Drive, manoeuvre and park tractors, trailers and lorries on roads.",
            nl_full="zware vrachtwagens manoeuvreren", broader=("S",)),
    FxSkill("road_traffic_laws", "48f480aa-c9a8-4552-b1c5-e94330912257", "knowledge",
            "cross-sector", "road traffic laws", ("road traffic legislation",),
            "Understand road traffic laws and the rules of the road.",
            nl_full="verkeerswetgeving", broader=("K",)),
    FxSkill("defensive_driving", "fe490139-ccc4-4b82-ab55-5c6708cb0e30", "skill/competence",
            "sector-specific", "perform defensive driving",
            ("apply defensive driving techniques",),
            "Drive defensively to maximise road safety and anticipate the actions of other "
            "road users.", nl_full="defensief rijden", broader=("S",)),
    FxSkill("read_maps", "3172f001-a4dd-4e7e-9f74-9707b2e7c6e1", "skill/competence",
            "cross-sector", "read maps", ("read a map", "map reading"), "Read maps effectively.",
            nl_full="kaarten lezen", broader=("S",)),
    FxSkill("communicate_customers", "0da516ee-e70e-4384-be13-f5ff80be8127", "skill/competence",
            "cross-sector", "communicate with customers",
            ("talk with customers", "communicate with clients"),
            "Respond to and communicate with customers in the most efficient and appropriate "
            "manner.", nl_full="communiceren met klanten", broader=("S",)),
    # transversal soft skills (one without a Dutch label in the partial set, as in reality)
    FxSkill("show_initiative", "001115fb-569f-4ee6-8381-c6807ef2527f", "skill/competence",
            "transversal", "show initiative", ("take the initiative", "be a driving force"),
            "Be proactive and take the first step in an action without waiting for what others "
            "say or do.", collections=("transversal",), nl="initiatief aan de dag leggen",
            nl_desc="Proactief zijn en de eerste stap zetten zonder te wachten op wat anderen "
            "zeggen of doen.", broader=("T3",)),
    FxSkill("customer_orientation", "5b0f2198-7246-4256-a902-4d9ce1260c80", "skill/competence",
            "transversal", "ensure customer orientation",
            ("be customer oriented", "be friendly with customers"),
            "Understand what customers want and adopt a positive attitude when interacting "
            "with them.", collections=("transversal",),
            nl_full="klantgerichtheid waarborgen", broader=("T",)),
    FxSkill("think_analytically", "4707da90-9cfc-46ca-8de0-38a0b7bfb137", "skill/competence",
            "transversal", "think analytically",
            ("analytical thinking", "use logical reasoning"),
            "Produce thoughts using logic and reasoning in order to identify the strengths and "
            "weaknesses of alternative solutions.", collections=("research", "transversal"),
            nl="analytisch denken",
            nl_alt=("gestructureerd denken", "logisch denken", "verbanden kunnen zien"),
            nl_desc="Gedachten vormen via logica en redenering.", broader=("T",)),
    # language skills
    FxSkill("dutch", "cad4f44b-28a8-4448-86e5-7389e5ebf3eb", "knowledge", "transversal",
            "Dutch", ("from Holland", "from the Netherlands"), "The Dutch language.",
            collections=("language",), nl="Nederlands", nl_desc="De Nederlandse taal.",
            broader=("L1",)),
    FxSkill("speak_dutch", "c44b765b-76fb-4a16-be7e-9925beee072c", "skill/competence",
            "transversal", "interact verbally in Dutch", ("speak Dutch", "be fluent in Dutch"),
            "Communicate orally in Dutch.", collections=("language",),
            nl="mondeling in het Nederlands communiceren", nl_alt=("Nederlands spreken",),
            nl_desc="Mondeling communiceren in het Nederlands.", broader=("dutch",)),
    FxSkill("english", "6d3edede-8951-4621-a835-e04323300fa0", "knowledge", "transversal",
            "English", ("competent in English",), "The English language.",
            collections=("language",), nl="Engels", nl_desc="De Engelse taal.",
            broader=("L1",)),
    # unused by occupations, to vary reuse levels and the knowledge/skill split
    FxSkill("seafood_processing", "6d8287f5-6c0e-421a-9e37-980d6c1a3886", "knowledge",
            "sector-specific", "seafood processing", ("processing of seafood",),
            "The process of harvesting finfish, crustaceans, molluscs and other forms of "
            "aquatic life.", nl_full="verwerking van zeevruchten", broader=("K",)),
    FxSkill("palliative_care", "b469a01e-2d3c-4143-8af8-687630fb4ee5", "skill/competence",
            "sector-specific", "provide palliative care", ("deliver palliative care",),
            "Provide care for patients with life-threatening illnesses.",
            nl_full="palliatieve zorg verlenen", broader=("S",)),
    FxSkill("query_languages", "75f839c2-fd9a-4ad3-8921-6e734608568d", "skill/competence",
            "sector-specific", "use query languages", ("use SQL",),
            "Retrieve information from a database or information system using computer "
            "languages designed for the retrieval of data.", collections=("digital",),
            nl="querytalen gebruiken", nl_desc="Informatie ophalen uit een database.",
            broader=("S",)),
)
# fmt: on
SKILL = {s.key: s for s in SKILLS}


class FxOccupation(NamedTuple):
    key: str
    uuid: str
    isco: str
    code: str
    en: str
    en_alt: tuple[str, ...]
    en_desc: str
    nl: str
    nl_alt: tuple[str, ...]
    nl_desc: str
    essential: tuple[str, ...]  # skill keys
    optional: tuple[str, ...] = ()
    research: bool = False  # Dutch labels only in researchOccupationsCollection_nl.csv

    @property
    def uri(self) -> str:
        return OCCUPATION_NS + self.uuid


# fmt: off
OCCUPATIONS: tuple[FxOccupation, ...] = (
    FxOccupation(
        "shop_assistant", "0b15375e-dfdd-4047-9efb-096e0aaee7d2", "5223", "5223.6",
        "shop assistant", ("supermarket shop worker", "trainee shop worker"),
        "Shop assistants work in shops where they perform assistance duties.",
        "winkelmedewerker", ("winkelbediende", "vakkenvuller", "winkelassistente"),
        "Winkelmedewerkers werken in winkels waar zij ondersteunende taken vervullen.",
        essential=("cash_register", "product_comprehension", "stock_shelves",
                   "customer_relationship"),
        optional=("customer_needs", "teamwork_principles", "communicate_customers"),
    ),
    FxOccupation(
        "cook", "90f75f67-495d-49fa-ab57-2f320e251d7e", "5120", "5120.1",
        "cook", ("fry cook", "kitchen chef", "food cook"),
        "Cooks are culinary operatives who are able to prepare and present food.",
        "kok", ("sous-chef", "rôtisseur"),
        "Koks zijn culinaire medewerkers die maaltijden bereiden en presenteren.",
        essential=("cooking_techniques", "food_safety"),
        optional=("nutrition", "plan_menus", "seafood_processing"),
    ),
    FxOccupation(
        "nurse", "8d3e8aaa-791b-4c75-a465-f3f827028f50", "2221", "2221.2",
        "nurse responsible for general care", ("practice nurse", "community staff nurse"),
        "Nurses responsible for general care are in charge of promoting and restoring "
        "patients' health.",
        "algemeen verpleegkundige", ("verpleegkundige algemene zorg", "basisverpleegkundige"),
        "Algemeen verpleegkundigen bevorderen en herstellen de gezondheid van patiënten.",
        essential=("nursing_principles", "empathise_patient", "listen_actively",
                   "computer_literacy"),
        optional=("foreign_languages_care", "palliative_care"),
    ),
    FxOccupation(
        "software_developer", "f2b15a0e-e65a-438a-affb-29b9d50b77d1", "2512", "2512.4",
        "software developer", ("programmer", "application software developer"),
        "Software developers implement or program all kinds of software systems.",
        "software ontwikkelaar", ("applicatie ontwikkelaar", "software programmer"),
        "Softwareontwikkelaars implementeren of programmeren allerlei softwaresystemen.",
        essential=("computer_programming", "debug_software", "design_patterns"),
        optional=("python", "javascript", "query_languages", "think_analytically"),
    ),
    FxOccupation(
        "flight_attendant", "f20d3ae6-baeb-482c-b68d-c2fb115e5dde", "5111", "5111.2.1",
        "flight attendant", ("steward", "flight crew member"),
        "Flight attendants perform a variety of personal services conducive to the safety and "
        "comfort of airline passengers.",
        "cabinemedewerker", ("stewardess", "steward", "cabinepersoneel"),
        "Cabinemedewerkers verrichten tijdens de vlucht persoonlijke diensten.",
        essential=("first_aid", "stressful_situations", "customer_relationship", "food_safety"),
        optional=("passenger_information", "computer_literacy"),
    ),
    FxOccupation(
        "truck_driver", "a504e79e-f146-4773-a1cf-2b15b9d614db", "8332", "8332.7",
        "moving truck driver", ("removal truck driver", "removal lorry driver"),
        "Moving truck drivers operate lorries or trucks intended for relocating goods.",
        "chauffeur/verhuizer", ("verhuizer", "verhuiswagenchauffeur"),
        "Chauffeurs/verhuizers besturen vrachtwagens voor het vervoeren van goederen.",
        essential=("heavy_trucks", "road_traffic_laws", "defensive_driving", "read_maps",
                   "communicate_customers"),
    ),
    FxOccupation(
        "biomedical_engineer", "01ffb917-98dc-48c1-91ad-93c4104e791d", "2149", "2149.5.1",
        "biomedical engineer", ("bio-medical engineer", "BME consultant"),
        "Biomedical engineers combine knowledge of engineering principles and biological "
        "findings.",
        "biomedisch technoloog", ("biomedisch technologe", "klinisch fysicus",
                                  "ingenieur gezondheidstechniek"),
        "Biomedische technologen combineren kennis van technische beginselen en biologische "
        "bevindingen.",
        essential=("computer_programming", "think_analytically"),
        research=True,
    ),
)
# fmt: on
OCCUPATION = {o.key: o for o in OCCUPATIONS}

# fmt: off
#: (code, English label, Dutch label)
ISCO_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("2", "Professionals", "Intellectuele, wetenschappelijke en artistieke beroepen"),
    ("21", "Science and engineering professionals", "Wetenschappers en ingenieurs"),
    ("214", "Engineering professionals (excluding electrotechnology)",
     "Ingenieurs (m.u.v. elektrotechnisch ingenieurs)"),
    ("2149", "Engineering professionals not elsewhere classified",
     "Ingenieurs, niet elders geclassificeerd"),
    ("22", "Health professionals", "Specialisten op het gebied van de gezondheidszorg"),
    ("222", "Nursing and midwifery professionals",
     "Verpleegkundigen met hogere opleiding en verloskundigen"),
    ("2221", "Nursing professionals", "Verpleegkundigen met hogere opleiding"),
    ("25", "Information and communications technology professionals",
     "Specialisten op het gebied van informatie- en communicatietechnologie"),
    ("251", "Software and applications developers and analysts",
     "Software- en applicatieontwikkelaars en -analisten"),
    ("2512", "Software developers", "Softwareontwikkelaars"),
    ("5", "Service and sales workers", "Dienstverlenend personeel en verkopers"),
    ("51", "Personal service workers", "Verleners persoonlijke diensten"),
    ("511", "Travel attendants, conductors and guides",
     "Reisbegeleiders, conducteurs, reisleiders en gidsen"),
    ("5111", "Travel attendants and travel stewards", "Reisbegeleiders en stewards"),
    ("512", "Cooks", "Koks"),
    ("5120", "Cooks", "Koks"),
    ("52", "Sales workers", "Verkopers"),
    ("522", "Shop salespersons", "Verkopers in winkels"),
    ("5223", "Shop sales assistants", "Verkoopmedewerkers"),
    ("8", "Plant and machine operators and assemblers",
     "Bedieningspersoneel van machines en installaties, assembleurs"),
    ("83", "Drivers and mobile plant operators",
     "Bestuurders van voertuigen en bedieningspersoneel van mobiele installaties"),
    ("833", "Heavy truck and bus drivers", "Vrachtwagen- en buschauffeurs"),
    ("8332", "Heavy truck and lorry drivers", "Vrachtwagenchauffeurs"),
)
# fmt: on


class FxGroup(NamedTuple):
    key: str  # = ESCO hierarchy code
    uuid: str
    en: str
    nl: str
    parent: str = ""
    description: str = ""

    @property
    def uri(self) -> str:
        return SKILL_NS + self.uuid


# fmt: off
SKILL_GROUPS: tuple[FxGroup, ...] = (
    FxGroup("L", "e35a5936-091d-4e87-bafe-f264e55bd656", "language skills and knowledge",
            "taalvaardigheden en taalkennis"),
    FxGroup("L1", "43f425aa-f45d-4bb4-a200-6f82fa211b66", "languages", "Talen", "L",
            "Ability to communicate through reading, writing, speaking and listening."),
    FxGroup("T", "04a13491-b58c-4d33-8b59-8fad0d55fe9e", "transversal skills and competences",
            "transversale vaardigheden en competenties"),
    FxGroup("T3", "021a23e1-907e-4627-b05a-555f889cbb65",
            "self-management skills and competences",
            "vaardigheden en competenties voor zelfbeheer", "T",
            "Skills and competences requiring individuals to understand and control their own "
            "capabilities and limitations."),
    FxGroup("S", "335228d2-297d-4e0e-a6ee-bc6a8dc110d9", "skills", "vaardigheden"),
    FxGroup("K", "c46fcb45-5c14-4ffa-abed-5a43f104bb22", "knowledge", "kennis"),
)
# fmt: on
GROUP = {g.key: g for g in SKILL_GROUPS}

#: In the Dutch v1.2 files only (must not become concepts of a v1.1.1-based build).
V12_ONLY_OCCUPATION = OCCUPATION_NS + "2b4b5f84-4367-4cb9-9fa0-0e631eded6c8"  # brugwachter
V12_ONLY_SKILL = SKILL_NS + "103f7814-d262-4df6-a1b6-759bc51f76cb"  # duurzame technologieën
#: Named by the relation files only, as ESCO v1.1.1's a9e54177 occupation is.
UNKNOWN_OCCUPATION = OCCUPATION_NS + "a9e54177-a185-404d-b6e6-15663d31137e"

N_SKILLS = len(SKILLS)
N_OCCUPATIONS = len(OCCUPATIONS)
N_RELATIONS = sum(len(o.essential) + len(o.optional) for o in OCCUPATIONS)


# -- writers ----------------------------------------------------------------------------------


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)  # "\r\n" rows, minimal quoting: as ESCO's own files
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _isco_uri(code: str) -> str:
    return ISCO_NS + code


def _skill_rows(lang: str, skills: Iterable[FxSkill], sep: str) -> list[list[str]]:
    rows = []
    for s in skills:
        if lang == "en":
            pref, alts, desc = s.en, (s.en, *s.en_alt), s.en_desc
        else:
            pref, alts, desc = s.nl_label, s.nl_alt, s.nl_desc
        rows.append([s.uri, s.skill_type, s.reuse, pref, sep.join(alts), desc])
    return rows


def _skills_file(folder: Path, lang: str, skills: Iterable[FxSkill]) -> None:
    header = [
        "conceptType",
        "conceptUri",
        "skillType",
        "reuseLevel",
        "preferredLabel",
        "altLabels",
        "hiddenLabels",
        "status",
        "modifiedDate",
        "scopeNote",
        "definition",
        "inScheme",
        "description",
    ]
    rows = [
        [
            "KnowledgeSkillCompetence",
            uri,
            st,
            reuse,
            pref,
            alts,
            "",
            "released",
            "2016-12-20T17:43:43Z",
            "",
            "",
            "http://data.europa.eu/esco/concept-scheme/skills,\n"
            "http://data.europa.eu/esco/concept-scheme/member-skills",
            desc,
        ]
        for uri, st, reuse, pref, alts, desc in _skill_rows(lang, skills, "\n")
    ]
    _write(folder / f"skills_{lang}.csv", header, rows)


def _collection_files(folder: Path, lang: str, extra: Sequence[Sequence[str]] = ()) -> None:
    """``<name>SkillsCollection_<lang>.csv`` with " | "-separated altLabels, as ESCO ships."""
    header = [
        "conceptType",
        "conceptUri",
        "skillType",
        "reuseLevel",
        "preferredLabel",
        "status",
        "altLabels",
        "description",
        "broaderConceptUri",
        "broaderConceptPT",
    ]
    names = sorted({c for s in SKILLS for c in s.collections} | {"green"})
    for name in names:
        members = [s for s in SKILLS if name in s.collections and (lang == "en" or s.nl)]
        rows = [
            ["KnowledgeSkillCompetence", uri, st, reuse, pref, "released", alts, desc, "", ""]
            for uri, st, reuse, pref, alts, desc in _skill_rows(lang, members, " | ")
        ]
        if name == "green":
            rows.extend(list(r) for r in extra)
        _write(folder / f"{name}SkillsCollection_{lang}.csv", header, rows)


def _occupations_file(
    folder: Path, lang: str, extra: Sequence[Sequence[str]] = (), *, research: bool = True
) -> None:
    header = [
        "conceptType",
        "conceptUri",
        "iscoGroup",
        "preferredLabel",
        "altLabels",
        "hiddenLabels",
        "status",
        "modifiedDate",
        "regulatedProfessionNote",
        "scopeNote",
        "definition",
        "inScheme",
        "description",
        "code",
    ]
    rows = []
    for o in OCCUPATIONS:
        if o.research and not research:
            continue  # its labels then come from researchOccupationsCollection_<lang>.csv only
        pref, alts, desc = (
            (o.en, o.en_alt, o.en_desc) if lang == "en" else (o.nl, o.nl_alt, o.nl_desc)
        )
        rows.append(
            [
                "Occupation",
                o.uri,
                o.isco,
                pref,
                "\n".join(alts),
                "",
                "released",
                "2016-07-05T13:58:41Z",
                "",
                "",
                "",
                "http://data.europa.eu/esco/concept-scheme/occupations",
                desc,
                o.code,
            ]
        )
    rows.extend(list(r) for r in extra)
    _write(folder / f"occupations_{lang}.csv", header, rows)


def _research_occupations_file(folder: Path, lang: str) -> None:
    header = [
        "conceptType",
        "conceptUri",
        "preferredLabel",
        "status",
        "altLabels",
        "description",
        "broaderConceptUri",
        "broaderConceptPT",
    ]
    rows = []
    for o in OCCUPATIONS:
        if o.research:
            pref, alts, desc = (
                (o.en, o.en_alt, o.en_desc) if lang == "en" else (o.nl, o.nl_alt, o.nl_desc)
            )
            rows.append(
                [
                    "Occupation",
                    o.uri,
                    pref,
                    "released",
                    " | ".join(alts),
                    desc,
                    _isco_uri(o.isco),
                    "",
                ]
            )
    _write(folder / f"researchOccupationsCollection_{lang}.csv", header, rows)


def _isco_file(folder: Path, lang: str) -> None:
    header = [
        "conceptType",
        "conceptUri",
        "code",
        "preferredLabel",
        "status",
        "altLabels",
        "inScheme",
        "description",
    ]
    rows = [
        [
            "ISCOGroup",
            _isco_uri(code),
            code,
            en if lang == "en" else nl,
            "released",
            "",
            "http://data.europa.eu/esco/concept-scheme/isco",
            f"{en} (ISCO-08 group {code})." if lang == "en" else "",
        ]
        for code, en, nl in ISCO_GROUPS
    ]
    _write(folder / f"ISCOGroups_{lang}.csv", header, rows)


def _skill_group_files(folder: Path, lang: str) -> None:
    header = [
        "conceptType",
        "conceptUri",
        "preferredLabel",
        "altLabels",
        "hiddenLabels",
        "status",
        "modifiedDate",
        "scopeNote",
        "inScheme",
        "description",
        "code",
    ]
    rows = [
        [
            "SkillGroup",
            g.uri,
            g.en if lang == "en" else g.nl,
            "",
            "",
            "released",
            "",
            "",
            "http://data.europa.eu/esco/concept-scheme/skills-hierarchy",
            g.description if lang == "en" else "",
            g.key,
        ]
        for g in SKILL_GROUPS
    ]
    _write(folder / f"skillGroups_{lang}.csv", header, rows)
    header = []
    for level in range(4):
        header += [f"Level {level} URI", f"Level {level} preferred term"]
    header += ["Description", "Scope note"] + [f"Level {level} code" for level in range(4)]
    hierarchy = []
    for g in SKILL_GROUPS:
        chain = [g] if not g.parent else [GROUP[g.parent], g]
        row = []
        for level in range(4):
            row += (
                [chain[level].uri, chain[level].en if lang == "en" else chain[level].nl]
                if level < len(chain)
                else ["", ""]
            )
        row += [g.description if lang == "en" else "", ""]
        row += [chain[level].key if level < len(chain) else "" for level in range(4)]
        hierarchy.append(row)
    _write(folder / f"skillsHierarchy_{lang}.csv", header, hierarchy)


def write_english(folder: Path) -> Path:
    """The English classification files of an ESCO v1.1 download (no relations)."""
    _skills_file(folder, "en", SKILLS)
    _occupations_file(folder, "en")
    _isco_file(folder, "en")
    _skill_group_files(folder, "en")
    _collection_files(folder, "en")
    _research_occupations_file(folder, "en")
    return folder


def write_relations(folder: Path, suffix: str = "") -> Path:
    """``occupationSkillRelations``, ``broaderRelationsSkillPillar``, ``broaderRelationsOccPillar``.

    ``suffix=""`` as in v1.1.1; ``suffix="_nl"`` as in a v1.2 download (with label columns).
    """
    labelled = bool(suffix)
    header = ["occupationUri", "relationType", "skillType", "skillUri"]
    if labelled:
        header = [
            "occupationUri",
            "occupationLabel",
            "relationType",
            "skillType",
            "skillUri",
            "skillLabel",
        ]
    rows = []
    for o in OCCUPATIONS:
        for relation, keys in (("essential", o.essential), ("optional", o.optional)):
            for key in keys:
                s = SKILL[key]
                row = [o.uri, relation, s.skill_type, s.uri]
                rows.append(
                    [o.uri, o.nl, relation, s.skill_type, s.uri, s.nl_label] if labelled else row
                )
    unknown = [UNKNOWN_OCCUPATION, "essential", "skill/competence", SKILL["cash_register"].uri]
    rows.append([unknown[0], "", *unknown[1:], ""] if labelled else unknown)
    _write(folder / f"occupationSkillRelations{suffix}.csv", header, rows)

    header = ["conceptType", "conceptUri", "broaderType", "broaderUri"]
    rows = []
    for g in SKILL_GROUPS:
        if g.parent:
            rows.append(["SkillGroup", g.uri, "SkillGroup", GROUP[g.parent].uri])
    for s in SKILLS:
        for key in s.broader:
            target, kind = (
                (GROUP[key].uri, "SkillGroup")
                if key in GROUP
                else (SKILL[key].uri, "KnowledgeSkillCompetence")
            )
            rows.append(["KnowledgeSkillCompetence", s.uri, kind, target])
    _write(folder / f"broaderRelationsSkillPillar{suffix}.csv", header, rows)

    rows = []
    for code, _, _ in ISCO_GROUPS:
        if len(code) > 1:
            rows.append(["ISCOGroup", _isco_uri(code), "ISCOGroup", _isco_uri(code[:-1])])
    for o in OCCUPATIONS:
        rows.append(["Occupation", o.uri, "ISCOGroup", _isco_uri(o.isco)])
    rows.append(["Occupation", UNKNOWN_OCCUPATION, "ISCOGroup", _isco_uri("5223")])
    _write(folder / f"broaderRelationsOccPillar{suffix}.csv", header, rows)
    return folder


def write_dutch(folder: Path, *, full: bool = False) -> Path:
    """Dutch ESCO v1.2 files.

    Default: the partial set of ``../shared/data/esco/v1.2-nl`` (occupations, ISCO and skill
    groups, collections; no ``skills_nl.csv``), including two v1.2-only concepts. ``full=True``:
    a complete Dutch download (adds ``skills_nl.csv`` for every skill and ``_nl`` relations).
    """
    v12_occupation = [
        "Occupation",
        V12_ONLY_OCCUPATION,
        "4323",
        "brugwachter",
        "brugwachtster",
        "",
        "released",
        "",
        "",
        "",
        "",
        "",
        "Brugwachters bedienen bruggen.",
        "4323.21",
    ]
    v12_skill = [
        "KnowledgeSkillCompetence",
        V12_ONLY_SKILL,
        "knowledge",
        "cross-sector",
        "duurzame technologieën",
        "released",
        "groene technologieën",
        "Technologieën die milieurisico's verminderen.",
        "",
        "",
    ]
    _occupations_file(folder, "nl", extra=[v12_occupation], research=full)
    _research_occupations_file(folder, "nl")
    _isco_file(folder, "nl")
    _skill_group_files(folder, "nl")
    _collection_files(folder, "nl", extra=[v12_skill])
    if full:
        _skills_file(folder, "nl", SKILLS)
        write_relations(folder, suffix="_nl")
    return folder


def zip_folder(folder: Path, archive: Path) -> Path:
    """Zip the CSV files of ``folder`` flat into ``archive`` (as ESCO's zips are)."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(folder.glob("*.csv")):
            out.write(path, path.name)
    return archive


def write_reference_dir(root: Path) -> Path:
    """The layout of ``../shared/data/esco``: v1.1.1 English + relations zips, v1.2-nl/ CSVs."""
    scratch = root / ".scratch"
    zip_folder(
        write_english(scratch / "en"), root / "v1.1.1" / "esco-v1.1.1-classification-en-csv.zip"
    )
    zip_folder(write_relations(scratch / "rel"), root / "v1.1.1" / "esco-v1.1.1-relations-csv.zip")
    write_dutch(root / "v1.2-nl")
    shutil.rmtree(scratch)
    return root


def toy_taxonomy(root: Path):  # -> taxonomy.taxonomy.Taxonomy
    """The fixture loaded like the bundled default: English v1.1.1 + partial Dutch v1.2."""
    from taxonomy.esco_csv import load_esco

    ref = write_reference_dir(root)
    return load_esco(
        [
            ref / "v1.1.1" / "esco-v1.1.1-classification-en-csv.zip",
            ref / "v1.1.1" / "esco-v1.1.1-relations-csv.zip",
        ],
        label_sources=[ref / "v1.2-nl"],
    )
