"""English for every Dutch page text (see :mod:`api.web.i18n`; a test keeps it complete)."""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    # -- frame, navigation, roles ---------------------------------------------------------------
    "Naar de inhoud": "Skip to main content",
    "Werk vinden op basis van skills": "Finding work through skills",
    "Hoofdmenu": "Main menu",
    "Uitloggen": "Sign out",
    "Mijn skills": "My skills",
    "Overstapberoepen": "Career moves",
    "Kandidaten zoeken": "Find candidates",
    "Sectorbeeld": "Sector view",
    "Werkzoekende": "Jobseeker",
    "Consulent": "Consultant",
    "Beheerder": "Administrator",
    "Analist": "Analyst",
    "API-documentatie": "API documentation",
    "skillmatch is open source en gebruikt de ESCO-classificatie van de Europese Commissie.": (
        "skillmatch is open source and uses the ESCO classification of the European Commission."
    ),
    "Fout:": "Error:",
    "Er is een probleem": "There is a problem",
    "Overzicht": "Overview",
    "Pagina’s": "Pages",
    "Terug": "Back",
    # -- errors ---------------------------------------------------------------------------------
    "Geen toegang": "No access",
    "Niet gevonden": "Not found",
    "Intussen gewijzigd": "Changed in the meantime",
    "Te groot": "Too large",
    "Even geduld": "Please wait",
    "Er ging iets mis": "Something went wrong",
    "Dit lukte niet": "That did not work",
    "Naar de startpagina": "Go to the start page",
    "Dit kunnen we niet verwerken. Controleer uw invoer.": (
        "We cannot process this. Please check what you entered."
    ),
    "Dit bestaat niet (meer), of u heeft er geen toegang toe.": (
        "This does not exist (any more), or you have no access to it."
    ),
    "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw.": (
        "Someone else changed this in the meantime. Please reload the page."
    ),
    "U heeft geen toegang tot deze pagina.": "You have no access to this page.",
    "Uw sleutel is ongeldig of ingetrokken. Log opnieuw in.": (
        "Your key is invalid or revoked. Please sign in again."
    ),
    "Dit is te groot om te verwerken.": "This is too large to process.",
    "Te veel verzoeken achter elkaar. Wacht even en probeer het opnieuw.": (
        "Too many requests in a row. Please wait a moment and try again."
    ),
    "De dienst start nog op. Probeer het over een minuut opnieuw.": (
        "The service is still starting. Please try again in a minute."
    ),
    "Laad de pagina opnieuw en probeer het nog eens.": "Reload the page and try again.",
    "Er ging iets mis. Probeer het later opnieuw.": "Something went wrong. Please try again later.",
    "Dit adres of formulier klopt niet. Ga terug en probeer het opnieuw.": (
        "This address or form is not right. Go back and try again."
    ),
    "Het formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.": (
        "The form has expired. Reload the page and try again."
    ),
    "Uw sleutel werkt niet meer: hij is ongeldig of ingetrokken. Log opnieuw in.": (
        "Your key no longer works: it is invalid or revoked. Please sign in again."
    ),
    # -- sign in --------------------------------------------------------------------------------
    "Inloggen": "Sign in",
    "API-sleutel": "API key",
    "Log in met de API-sleutel die u van uw organisatie of consulent heeft gekregen. "
    "Werkzoekenden zien hier hun skills en overstapberoepen; consulenten zoeken kandidaten "
    "voor vacatures.": (
        "Sign in with the API key you received from your organisation or consultant. Jobseekers "
        "see their skills and career moves here; consultants find candidates for vacancies."
    ),
    "De sleutel begint met sm_. Plak hem in zijn geheel.": (
        "The key starts with sm_. Paste all of it."
    ),
    "Ik heb geen sleutel": "I do not have a key",
    "Vraag uw consulent of de beheerder van deze dienst om een sleutel. Beheerders maken er een "
    "met het commando skillmatch keys create.": (
        "Ask your consultant or the administrator of this service for a key. Administrators "
        "make one with the command skillmatch keys create."
    ),
    "Vul uw API-sleutel in.": "Enter your API key.",
    "Deze sleutel kennen we niet, of hij is ingetrokken. Controleer of u de hele sleutel heeft "
    "geplakt.": (
        "We do not know this key, or it has been revoked. Check that you pasted the whole key."
    ),
    "U bent ingelogd.": "You are signed in.",
    "U bent uitgelogd.": "You are signed out.",
    # -- CV upload and consent ------------------------------------------------------------------
    "Laat zien wat u kunt. Upload uw cv of plak de tekst; wij zoeken de skills erin. Daarna "
    "bepaalt u zelf welke kloppen.": (
        "Show what you can do. Upload your CV or paste its text; we find the skills in it. Then "
        "you decide which ones are right."
    ),
    "1. Uw cv": "1. Your CV",
    "Cv als bestand": "CV as a file",
    "PDF, Word (DOCX) of tekstbestand (TXT), hoogstens {mb} MB.": (
        "PDF, Word (DOCX) or text file (TXT), at most {mb} MB."
    ),
    "of": "or",
    "Plak de tekst van uw cv": "Paste the text of your CV",
    "Kiest u een bestand én plakt u tekst, dan gebruiken we het bestand.": (
        "If you choose a file and also paste text, we use the file."
    ),
    "2. Uw toestemming": "2. Your consent",
    "We slaan niets op voordat u dit heeft gekozen.": "We store nothing until you have chosen.",
    "Wie mag uw profiel zien?": "Who may see your profile?",
    "U kiest dit zelf. U kunt uw keuze later altijd wijzigen of uw profiel verwijderen.": (
        "You decide. You can always change your choice later or delete your profile."
    ),
    "Alleen ik": "Only me",
    "Geen organisatie ziet uw profiel. U ziet zelf uw skills en overstapberoepen.": (
        "No organisation sees your profile. You see your own skills and career moves."
    ),
    "Ik, en de organisaties die ik hieronder kies": "Me, and the organisations I choose below",
    "Welke organisaties?": "Which organisations?",
    "Andere organisatie (niet verplicht)": "Another organisation (optional)",
    "Waarvoor?": "For what?",
    "Bemiddeling naar werk": "Job placement",
    "Consulenten mogen u voorstellen voor vacatures.": (
        "Consultants may put you forward for vacancies."
    ),
    "Loopbaanadvies": "Career advice",
    "Consulenten mogen bekijken welke skills u nog mist voor een beroep of vacature.": (
        "Consultants may look at which skills you still need for an occupation or vacancy."
    ),
    "Cv verwerken": "Process CV",
    "Bezig met verwerken…": "Processing…",
    "Kies wie uw profiel mag zien.": "Choose who may see your profile.",
    "Kies minstens één organisatie.": "Choose at least one organisation.",
    "Kies minstens één doel.": "Choose at least one purpose.",
    "Uw cv is verwerkt: we vonden 1 skill. Klopt hij?": (
        "Your CV has been processed: we found 1 skill. Is it right?"
    ),
    "Uw cv is verwerkt: we vonden {n} skills. Kloppen ze?": (
        "Your CV has been processed: we found {n} skills. Are they right?"
    ),
    "Uw cv is verwerkt, maar we vonden geen skills. Voeg ze hieronder zelf toe.": (
        "Your CV has been processed, but we found no skills. Add them yourself below."
    ),
    # -- my skills ------------------------------------------------------------------------------
    "Dit zijn de skills op uw profiel. Klopt een skill? Bevestig hem. Klopt hij niet? Verwijder "
    "hem. Mist er een? Voeg hem toe.": (
        "These are the skills on your profile. Is a skill right? Confirm it. Is it wrong? Remove "
        "it. Is one missing? Add it."
    ),
    "Kennis": "Knowledge",
    "Vaardigheden": "Skills",
    "Soft skills": "Soft skills",
    "Overig": "Other",
    "Wat ken ik?": "What do I know?",
    "Wat kan ik?": "What can I do?",
    "Wie ben ik?": "Who am I?",
    "Bevestigd": "Confirmed",
    "Uit uw cv, nog niet bevestigd": "From your CV, not confirmed yet",
    "Via uw beroep": "Through your occupation",
    "Zelf toegevoegd": "Added by you",
    "Gevonden in:": "Found in:",
    "Klopt": "Confirm",
    "Verwijderen": "Remove",
    "Nog geen skills in deze groep.": "No skills in this group yet.",
    "Een skill toevoegen": "Add a skill",
    "Skill": "Skill",
    "Typ een paar letters, bijvoorbeeld ‘klant’ of ‘python’, en kies uit de lijst.": (
        "Type a few letters, for example ‘customer’ or ‘python’, and choose from the list."
    ),
    "{n} suggesties. Kies met pijl omlaag en Enter.": (
        "{n} suggestions. Choose with arrow down and Enter."
    ),
    "Geen suggesties. Druk op Enter om verder te zoeken.": (
        "No suggestions. Press Enter to search further."
    ),
    "Toevoegen": "Add",
    "Typ eerst een skill om te zoeken.": "Type a skill to search for first.",
    "Uw skills in beeld": "Your skills at a glance",
    "1 skill, {c} bevestigd": "1 skill, {c} confirmed",
    "{n} skills, {c} bevestigd": "{n} skills, {c} confirmed",
    "bevestigd": "confirmed",
    "nog niet bevestigd": "not confirmed yet",
    "Volgende stap": "Next step",
    "Bekijk in welke beroepen uw skills goed van pas komen, en wat u daarvoor nog mist.": (
        "See in which occupations your skills are useful, and what you still need for them."
    ),
    "Naar overstapberoepen": "Go to career moves",
    "Wie ziet uw profiel": "Who sees your profile",
    "Nu mogen deze organisaties uw profiel zien:": "These organisations may now see your profile:",
    "bemiddeling naar werk": "job placement",
    "loopbaanadvies": "career advice",
    "Nu ziet alleen u uw profiel.": "Only you see your profile now.",
    "Keuze wijzigen": "Change your choice",
    "Keuze opslaan": "Save your choice",
    "Uw keuze over wie uw profiel mag zien is opgeslagen.": (
        "Your choice of who may see your profile has been saved."
    ),
    "Uw gegevens": "Your data",
    "Download alles wat we over u bewaren (JSON)": "Download everything we keep about you (JSON)",
    "Profiel verwijderen": "Delete profile",
    "We verwijderen uw profiel, uw toestemming en uw skills, ook uit de zoekindex. Wilt u daarna "
    "opnieuw beginnen, dan heeft u een nieuwe sleutel nodig.": (
        "We delete your profile, your consent and your skills, also from the search index. To "
        "start again afterwards, you need a new key."
    ),
    "Ja, verwijder mijn profiel en alle gegevens. Dit kan niet ongedaan worden gemaakt.": (
        "Yes, delete my profile and all data. This cannot be undone."
    ),
    "Profiel definitief verwijderen": "Delete profile permanently",
    "Vink aan dat u uw profiel echt wilt verwijderen.": (
        "Tick the box to confirm that you really want to delete your profile."
    ),
    "Uw profiel en alle bijbehorende gegevens zijn verwijderd.": (
        "Your profile and all its data have been deleted."
    ),
    "Geen profiel": "No profile",
    "Bij deze sleutel hoort een profiel dat is verwijderd. Wilt u opnieuw beginnen? Vraag uw "
    "consulent om een nieuwe sleutel.": (
        "This key belongs to a profile that has been deleted. Want to start again? Ask your "
        "consultant for a new key."
    ),
    "‘{skill}’ is bevestigd.": "‘{skill}’ has been confirmed.",
    "‘{skill}’ is verwijderd.": "‘{skill}’ has been removed.",
    "‘{skill}’ is toegevoegd.": "‘{skill}’ has been added.",
    "Skill kiezen": "Choose a skill",
    "Skills die passen bij ‘{q}’. Kies de juiste.": (
        "Skills that match ‘{q}’. Choose the right one."
    ),
    "Geen skills gevonden voor ‘{q}’. Probeer een ander woord.": (
        "No skills found for ‘{q}’. Try another word."
    ),
    # -- career moves and gaps ------------------------------------------------------------------
    "Beroepen waarin uw skills goed van pas komen, het best haalbare eerst. De haalbaarheid zegt "
    "hoeveel van wat een beroep vraagt u al heeft.": (
        "Occupations in which your skills are useful, the most feasible first. Feasibility says "
        "how much of what an occupation asks you already have."
    ),
    "Haalbaarheid: {pct}": "Feasibility: {pct}",
    "Wat u meeneemt": "What you bring",
    "Wat u nog mist": "What you still need",
    "Nog niets": "Nothing yet",
    "Niets: alle essentiële skills zijn er": "Nothing: all essential skills are there",
    "en nog {n}": "and {n} more",
    "via": "through",
    "Bekijk wat u mist en wat u kunt leren": "See what you need and what you can learn",
    "Vergelijken": "Compare",
    "Vergelijk de twee gekozen beroepen": "Compare the two chosen occupations",
    "Kies precies twee beroepen om te vergelijken.": "Choose exactly two occupations to compare.",
    "We vonden nog geen overstapberoepen. Voeg meer skills toe aan uw profiel.": (
        "We found no career moves yet. Add more skills to your profile."
    ),
    "Terug naar overstapberoepen": "Back to career moves",
    "Essentiële skills gedekt: {pct}": "Essential skills covered: {pct}",
    "Optionele skills gedekt: {pct}": "Optional skills covered: {pct}",
    "Te maken": "Trainable",
    "Er ontbreken maar één of twee essentiële skills, en die zijn aan te leren.": (
        "Only one or two essential skills are missing, and they can be learned."
    ),
    "Een skill die erop lijkt is er al: vaak een kwestie van laten zien of opfrissen.": (
        "A similar skill is already there: often a matter of showing or refreshing it."
    ),
    "lijkt op": "similar to",
    "Wat u al heeft": "What you already have",
    "Nog geen van de gevraagde skills.": "None of the required skills yet.",
    "Bijna": "Nearly there",
    "Niets: u heeft alle essentiële skills.": "Nothing: you have all essential skills.",
    "Handig om erbij te leren": "Useful to learn as well",
    "Scholing die helpt": "Training that helps",
    "Samen ongeveer {hours} uur.": "About {hours} hours in total.",
    "{hours} uur": "{hours} hours",
    "Leert:": "Teaches:",
    "Twee beroepen vergeleken": "Two occupations compared",
    "Wat u heeft en mist voor elk beroep": "What you have and need for each occupation",
    "Essentiële skills gedekt": "Essential skills covered",
    "Ja: één of twee skills aan te leren": "Yes: one or two skills to learn",
    "Nee": "No",
    "Geen": "None",
    "Niets": "Nothing",
    "Scholing": "Training",
    "1 cursus, ongeveer {hours} uur": "1 course, about {hours} hours",
    "{n} cursussen, ongeveer {hours} uur": "{n} courses, about {hours} hours",
    # -- consultants ----------------------------------------------------------------------------
    "Kies een vacature of maak een nieuwe. U ziet alleen kandidaten die uw organisatie "
    "toestemming gaven voor bemiddeling.": (
        "Choose a vacancy or make a new one. You only see candidates who gave your organisation "
        "consent for job placement."
    ),
    "Vacatures": "Vacancies",
    "Opgeslagen vacatures": "Stored vacancies",
    "Vacature": "Vacancy",
    "Beroep": "Occupation",
    "Skills": "Skills",
    "Skills: essentieel + optioneel.": "Skills: essential + optional.",
    "Er zijn nog geen vacatures. Maak hiernaast de eerste.": (
        "There are no vacancies yet. Make the first one here."
    ),
    "Nieuwe vacature": "New vacancy",
    "Functietitel": "Job title",
    "Vacaturetekst (niet verplicht)": "Vacancy text (optional)",
    "Plak de tekst; wij halen de gevraagde skills eruit. Zonder tekst beginnen we met de skills "
    "van het beroep in de titel.": (
        "Paste the text; we take the required skills from it. Without a text we start with the "
        "skills of the occupation in the title."
    ),
    "Opslaan en kandidaten zoeken": "Save and find candidates",
    "Vul de functietitel in.": "Enter the job title.",
    "Gebruik hoogstens 300 tekens.": "Use at most 300 characters.",
    "Gebruik hoogstens 100 tekens.": "Use at most 100 characters.",
    "De tekst is te lang.": "The text is too long.",
    "De vacature is opgeslagen.": "The vacancy has been saved.",
    "Alle vacatures": "All vacancies",
    "Beroep:": "Occupation:",
    "Vacature {id}": "Vacancy {id}",
    "Gevraagde skills": "Required skills",
    "Vacature aanpassen": "Edit the vacancy",
    "Essentieel": "Essential",
    "Optioneel": "Optional",
    "optioneel": "optional",
    "Maak optioneel": "Make optional",
    "Maak essentieel": "Make essential",
    "Geen.": "None.",
    "Skill toevoegen": "Add a skill",
    "Soort": "Kind",
    "‘{skill}’ is toegevoegd als essentiële skill.": "‘{skill}’ has been added as essential.",
    "‘{skill}’ is toegevoegd als optionele skill.": "‘{skill}’ has been added as optional.",
    "‘{skill}’ is nu essentieel.": "‘{skill}’ is now essential.",
    "‘{skill}’ is nu optioneel.": "‘{skill}’ is now optional.",
    "Filters": "Filters",
    "Kandidaten die niet aan een filter voldoen, vallen af vóór de rangschikking. Wie iets niet "
    "heeft ingevuld, valt niet af.": (
        "Candidates who do not meet a filter drop out before ranking. Candidates who did not "
        "fill something in do not drop out."
    ),
    "Arbeidsmarktregio": "Labour market region",
    "Uren per week": "Hours per week",
    "Minimaal": "At least",
    "Maximaal": "At most",
    "Nederlands, minimaal niveau": "Dutch, minimum level",
    "Geen eis": "No requirement",
    "Filters toepassen": "Apply filters",
    "De filters zijn toegepast.": "The filters have been applied.",
    "Vul een heel aantal uren in tussen 1 en 60.": "Enter a whole number of hours from 1 to 60.",
    "Het maximum is kleiner dan het minimum.": "The maximum is smaller than the minimum.",
    "Kies een niveau uit de lijst.": "Choose a level from the list.",
    "Kandidaten": "Candidates",
    "1 kandidaat voldoet aan de filters.": "1 candidate meets the filters.",
    "{n} kandidaten voldoen aan de filters.": "{n} candidates meet the filters.",
    "1 valt af:": "1 drops out:",
    "{n} vallen af:": "{n} drop out:",
    "uren": "hours",
    "regio of afstand": "region or distance",
    "taal": "language",
    "rijbewijs": "driving licence",
    "opleiding": "education",
    "Kandidaat {id}": "Candidate {id}",
    "Match {pct}": "Match {pct}",
    "Heeft": "Has",
    "Geen van de gevraagde skills": "None of the required skills",
    "Mist (essentieel)": "Missing (essential)",
    "Bekijk het verschil": "See the gap",
    "Op de shortlist": "On the shortlist",
    "Shortlist downloaden (CSV)": "Download shortlist (CSV)",
    "Kies eerst kandidaten voor de shortlist.": "Choose candidates for the shortlist first.",
    "Vorige {n}": "Previous {n}",
    "Volgende {n}": "Next {n}",
    "Geen kandidaten gevonden. Maak de filters ruimer of pas de gevraagde skills aan.": (
        "No candidates found. Widen the filters or change the required skills."
    ),
    "Terug naar de kandidaten": "Back to the candidates",
    "Kandidaat {id} voor ‘{title}’": "Candidate {id} for ‘{title}’",
    "Heeft al": "Already has",
    "Mist (optioneel)": "Missing (optional)",
    "Niets: alle essentiële skills zijn er.": "Nothing: all essential skills are there.",
    # shortlist CSV
    "Kandidaat": "Candidate",
    "Score": "Score",
    "Gevonden skills": "Skills found",
    "Ontbrekende essentiële skills": "Missing essential skills",
    "Toelichting": "Explanation",
    "ja": "yes",
    "nee": "no",
    # -- sector view ----------------------------------------------------------------------------
    "Waar kunnen mensen uit een beroep naartoe? Zoek een beroep en zie de overstapberoepen, met "
    "de skills die meegaan. Handig voor gesprekken van bedrijf naar bedrijf.": (
        "Where can people in an occupation move to? Search an occupation and see the career "
        "moves, with the skills that carry over. Useful for company-to-company talks."
    ),
    "Bijvoorbeeld ‘kassamedewerker’ of ‘kok’.": "For example ‘cashier’ or ‘cook’.",
    "Zoeken": "Search",
    "Kies een beroep": "Choose an occupation",
    "Geen beroep gevonden voor ‘{q}’.": "No occupation found for ‘{q}’.",
    "Overstapberoepen vanuit ‘{occupation}’": "Career moves from ‘{occupation}’",
    "De haalbaarheid zegt hoeveel van wat het nieuwe beroep vraagt, werkenden in dit beroep al "
    "hebben.": (
        "Feasibility says how much of what the new occupation asks, workers in this occupation "
        "already have."
    ),
    "Wat meegaat": "What carries over",
    "Wat nog ontbreekt": "What is still missing",
}
