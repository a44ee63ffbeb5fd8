"""Word lists the attribution rules rely on: cue verbs, titles, descriptor nouns, place names.

General English news vocabulary only; nothing here is keyed to any particular article.
"""

from __future__ import annotations

BASE_FORMS: set[str] = set()


def _verb_forms(spec: str) -> set[str]:
    """Expand "say:says:said:saying" style entries (explicit forms) or regular stems."""
    out: set[str] = set()
    for entry in spec.split():
        if ":" in entry:
            out.update(entry.split(":"))
            BASE_FORMS.add(entry.split(":")[0])
            continue
        stem = entry
        out.add(stem)
        BASE_FORMS.add(stem)
        if stem.endswith("e"):
            out.update({stem + "s", stem + "d", stem[:-1] + "ing"})
        elif stem.endswith("y") and stem[-2] not in "aeiou":
            out.update({stem[:-1] + "ies", stem[:-1] + "ied", stem + "ing"})
        elif stem.endswith(("s", "sh", "ch", "x")):
            out.update({stem + "es", stem + "ed", stem + "ing"})
        else:
            out.update({stem + "s", stem + "ed", stem + "ing"})
    return out


# Verbs of saying and communicating: the core of the guidelines.
SPEECH_VERBS = _verb_forms(
    "say:says:said:saying tell:tells:told:telling add state announce confirm deny warn claim accuse "
    "report reveal disclose describe characterize characterise ask demand question note insist argue "
    "explain acknowledge admit:admits:admitted:admitting assert declare suggest stress emphasize "
    "emphasise indicate write:writes:wrote:writing:written tweet post predict promise vow pledge "
    "threaten concede contend maintain allege recall testify reply respond counter remark "
    "quip:quips:quipped:quipping urge blame refute reject dispute agree propose recommend inform "
    "signal hint conclude complain caution announce mention observe estimate assess "
    "cite criticize criticise charge protest reiterate repeat continue:continues:continued "
    "retort explain predict request acknowledge speculate point:points:pointed call condemn praise exhort "
    "encourage lament decry applaud slam blast hail chide rebuke thank apologize apologise plead "
    "boast brag joke shout chant insist advise instruct forecast project tout label dub brand "
    "reaffirm affirm clarify elaborate announce recount reckon guess figure proclaim pronounce "
    "yell scream whisper mutter exclaim sing:sings:sang:singing cheer holler"
)

# A source's reported position rather than an utterance (guidelines: "attitudes of a source").
ATTITUDE_VERBS = _verb_forms(
    "believe think:thinks:thought:thinking worry fear suspect expect hope doubt "
    "feel:feels:felt:feeling support attribute"
)

# Verb classes of the attribution kinds (kinds.py): a stated belief or position, an intention or plan.
BELIEF_VERBS = _verb_forms(
    "believe think:thinks:thought:thinking worry fear suspect expect doubt feel:feels:felt:feeling "
    "consider assume know:knows:knew:knowing:known understand:understands:understood:understanding "
    "agree disagree oppose favor favour view regard see:sees:saw:seeing:seen"
)
INTENTION_VERBS = _verb_forms(
    "want plan:plans:planned:planning hope intend aim seek:seeks:sought:seeking wish try:tries:tried:trying "
    "prepare mean:means:meant:meaning strive push"
) | {"plan", "plans", "goal", "intention", "intent", "bid", "aims"}
INTENTION_ADJS = {"eager", "determined", "keen", "ready", "willing", "reluctant", "poised"}

# What a report, poll or study shows or finds is its finding (guidelines: "X's statement/findings");
# these verbs are cues only with such a document as their subject ("police found a car" is no claim).
EVIDENCE_VERBS = _verb_forms("show:shows:showed:shown:showing find:finds:found:finding")

# Cue verbs that need more care: "called" is a cue in "called the move a mistake" but not in
# "so-called"; these are accepted only with a source right before them.
WEAK_CUES = _verb_forms("call support attribute continue point hope expect feel order request repeat")

DENIAL_CUES = _verb_forms("deny refute reject dispute dismiss question") | {"denial"}
HEDGE_CUES = _verb_forms("believe think:thinks:thought:thinking suspect estimate assess speculate "
                         "expect doubt fear suggest")

# Adjectival attitude cues after a copula: "are concerned that", "is convinced".
ADJ_CUES = {"concerned", "convinced", "worried", "confident", "skeptical", "sceptical", "optimistic",
            "pessimistic", "adamant", "unaware", "aware", "certain", "sure", "hopeful", "afraid"}

# Noun cues in "X's claim that ...", "U.S. accusations that ...".
NOUN_CUES = {"claim", "claims", "accusation", "accusations", "allegation", "allegations", "assertion",
             "assertions", "statement", "statements", "warning", "warnings", "denial", "assessment",
             "assessments", "insistence", "argument", "view", "belief", "contention", "charge",
             "charges", "finding", "findings", "conclusion", "announcement", "suggestion", "promise",
             "pledge", "prediction", "estimate", "complaint"}

# Words that may stand between a source and its cue verb ("has also publicly said").
AUX = {"has", "have", "had", "also", "publicly", "privately", "would", "will", "may", "might", "could",
       "should", "previously", "repeatedly", "later", "again", "then", "recently", "reportedly",
       "once", "often", "frequently", "already", "now", "further", "still", "did", "does", "do",
       "firmly", "strongly", "increasingly", "flatly", "quickly", "immediately", "angrily", "bluntly",
       "openly", "explicitly", "simply", "even", "clearly", "widely", "long", "is", "are", "was", "were",
       "be", "been", "being", "not", "never", "separately", "similarly", "subsequently", "earlier",
       "initially", "first", "falsely", "wrongly", "correctly", "emphatically", "vehemently"}
COPULA = {"is", "are", "was", "were", "be", "been", "being"}
NEGATION = {"not", "never"}

# Phrases that extend a cue: "said in a statement", "told reporters".
CUE_EXTENSIONS = ("in a statement", "in an interview", "in a written statement", "in a joint statement",
                  "in an email", "in a tweet", "in a post", "in a letter", "in a speech", "in a briefing",
                  "in a press release", "in a news release", "in a televised address", "in remarks",
                  "in a phone interview", "in a telephone interview", "in a radio interview",
                  "in a television interview", "in testimony", "in a report", "in a memo",
                  "at a news conference", "at a press conference", "at a briefing", "at a hearing",
                  "on twitter", "on facebook", "on social media", "on television", "to reporters")
TOLD_OBJECTS = {"reporters", "journalists", "lawmakers", "senators", "congress", "parliament",
                "supporters", "the crowd", "a crowd", "an audience", "the audience", "students",
                "investigators", "the committee", "a news conference", "a press conference",
                "a briefing", "the briefing", "delegates", "voters", "members", "colleagues", "me", "us",
                "him", "her", "them", "the public", "the nation", "the country", "viewers", "listeners",
                "the council", "the assembly", "the senate", "the house", "a rally", "the rally"}

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
TIME_WORDS = WEEKDAYS | {"today", "yesterday", "tonight", "earlier", "later", "recently", "last", "this",
                         "next", "week", "month", "year", "morning", "afternoon", "evening", "night",
                         "on", "late", "early", "weekend", "previously", "privately", "publicly",
                         "also", "separately", "again", "repeatedly", "at", "the", "time", "then",
                         "in", "january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"}

PRONOUNS = {"he": ("person", False), "she": ("person", False), "they": (None, True),
            "it": ("organization", False), "we": (None, True), "i": ("person", False)}
FIRST_SECOND = {"i", "we", "you", "me", "us", "my", "our", "your"}

# Heads of anonymous-source descriptions.
ANON_HEADS = {
    "official", "officials", "source", "sources", "aide", "aides", "diplomat", "diplomats", "lawmaker",
    "lawmakers", "analyst", "analysts", "expert", "experts", "officer", "officers", "commander",
    "commanders", "politician", "politicians", "member", "members", "insider", "insiders", "person",
    "people", "persons", "spokesman", "spokeswoman", "spokesperson", "adviser", "advisers", "advisor",
    "advisors", "planner", "planners", "leader", "leaders", "chief", "chiefs", "residents", "resident",
    "witness", "witnesses", "critic", "critics", "observer", "observers", "investigator",
    "investigators", "prosecutor", "prosecutors", "employee", "employees", "staffer", "staffers",
    "executive", "executives", "representative", "representatives", "negotiator", "negotiators",
    "supporters", "opponents", "activists", "activist", "scientists",
    "scientist", "economists", "economist", "researchers", "researcher", "doctors", "doctor",
    "soldier", "soldiers", "troops", "policemen", "agent", "agents", "operative",
    "operatives", "strategist", "strategists", "donor", "donors", "voters", "voter", "allies",
    "republicans", "democrats", "senators", "congressmen", "legislators", "ministers", "minister",
    "spokespeople", "counterparts", "partners", "protesters", "demonstrators", "organizers",
    "friends", "relatives", "neighbors", "colleagues", "administrators", "generals", "delegates",
    "defenders", "advocates", "regulators", "investors", "traders", "campaigners", "sponsors",
    "detectives", "teachers", "parents", "students", "lawyers", "lawyer",
    "attorney", "attorneys", "judge", "judges", "mediators", "monitors", "inspectors", "inspector",
    "audience", "crowd", "listeners", "viewers", "readers", "fans", "followers",
}
GENERIC_ANON = {"source", "sources", "person", "people", "persons", "insider", "insiders"}
PLURAL_ANON = {h for h in ANON_HEADS if h.endswith(("s", "people", "police", "staff", "military",
                                                     "troops", "delegation"))}
# Role nouns that mark an appositive ("the Pentagon's press secretary").
ROLE_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "secretary", "head", "chief", "chairman", "chairwoman",
    "chair", "leader", "officer", "official", "commander", "director", "minister", "member", "analyst",
    "adviser", "advisor", "ambassador", "envoy", "president", "governor", "senator", "representative",
    "mayor", "republican", "democrat", "executive", "founder", "manager", "professor", "expert",
    "researcher", "fellow", "negotiator", "general", "colonel", "admiral", "captain", "lieutenant",
    "sergeant", "specialist", "coordinator", "deputy", "administrator", "counsel", "attorney",
    "lawyer", "judge", "strategist", "economist", "correspondent", "reporter", "editor", "columnist",
    "candidate", "nominee", "politician", "lawmaker", "diplomat", "commissioner", "cleric", "aide",
    "chancellor", "premier", "king", "queen", "prince", "emir", "sheikh", "ayatollah", "pastor",
    "priest", "bishop", "rabbi", "imam", "mother", "father", "son", "daughter", "wife", "husband",
    "resident", "owner", "student", "teacher", "doctor", "scientist", "author", "activist", "host",
    "anchor", "partner", "ceo", "cofounder", "co-founder", "president-elect", "vice", "press",
}
PERSON_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sen", "senator", "rep", "representative",
    "gov", "governor", "gen", "general", "lt", "lieutenant", "col", "colonel", "maj", "major", "capt",
    "captain", "sgt", "sergeant", "adm", "admiral", "cmdr", "commander", "brig", "brigadier",
    "specialist", "spc", "pvt", "private", "cpl", "corporal", "president", "vice", "prime", "minister",
    "secretary", "chancellor", "premier", "ambassador", "judge", "justice", "mayor", "king", "queen",
    "prince", "princess", "sheikh", "ayatollah", "cardinal", "pope", "rev", "reverend", "rabbi", "imam",
    "chairman", "chairwoman", "speaker", "leader", "deputy", "attorney", "foreign", "defense", "defence",
    "state", "interior", "finance", "home", "press", "chief", "commissioner", "director", "first",
    "lady", "sir", "dame", "lord", "emir", "crown", "sultan", "field", "marshal", "staff", "sgt.",
    "former", "acting", "supreme", "top", "air", "force", "army", "navy", "marine", "corps", "coast",
    "guard", "national", "security", "adviser", "advisor", "spokesman", "spokeswoman", "government",
    "of", "the", "and", "white", "house", "u.s", "us", "british", "french", "german", "russian",
    "iranian", "iraqi", "israeli", "american", "chinese", "ukrainian", "senior", "democratic",
    "republican", "gop", "presidential", "candidate", "nominee", "congressman", "congresswoman",
    "rear", "warrant", "petty", "master", "inspector", "superintendent", "detective", "constable", "trooper",
    "assistant", "associate", "executive", "junior", "spokesperson", "officer", "agent", "ret",
}
# Titles that alone (before a surname) make a mention a person: "Mr. Kirby", "Senator Kaine".
STRONG_PERSON_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "gov", "governor", "gen", "general",
    "lt", "lieutenant", "col", "colonel", "maj", "capt", "captain", "sgt", "sergeant", "adm", "admiral",
    "brig", "specialist", "spc", "president", "secretary", "chancellor", "ambassador", "judge", "mayor",
    "king", "queen", "prince", "sheikh", "ayatollah", "rev", "rabbi", "imam", "chairman", "speaker",
    "minister", "congressman", "congresswoman", "professor", "prof", "pope", "sir", "lord", "emir",
    "justice", "cardinal", "commissioner", "director", "premier",
}
ORG_HEADS = {
    "government", "administration", "ministry", "department", "house", "pentagon", "kremlin",
    "council", "army", "military", "navy", "police", "agency", "committee", "commission", "court",
    "office", "party", "campaign", "embassy", "parliament", "congress", "senate", "cabinet", "command",
    "forces", "force", "guard", "corps", "union", "bank", "company", "corporation", "corp", "inc",
    "group", "organization", "organisation", "foundation", "institute", "university", "coalition",
    "alliance", "authority", "authorities", "regime", "state", "bureau", "service", "services",
    "assembly", "federation", "association", "board", "nato", "fbi", "cia", "un", "eu", "who",
    "opposition", "movement", "militia", "militias", "junta", "secretariat", "directorate", "unit",
    "division", "brigade", "battalion", "regiment", "squadron", "fleet", "tribunal", "firm",
    "ministries", "governments", "countries", "nations", "states", "allies", "team", "club", "church",
    "hospital", "school", "clinic", "network", "fund", "imf", "center", "centre",
    "institution", "charity", "lobby", "industry", "prosecutors", "caucus", "chamber",
}
OUTLET_HEADS = {
    "journal", "times", "post", "news", "press", "radio", "television", "tv", "newspaper", "paper",
    "magazine", "tribune", "herald", "gazette", "telegraph", "guardian", "observer", "daily",
    "reuters", "bloomberg", "cnn", "bbc", "nbc", "cbs", "abc", "msnbc", "npr", "politico", "axios",
    "broadcaster", "outlet", "website", "site", "blog", "wire", "agency", "channel", "network",
    "associated", "afp", "ap", "dpa", "tass", "ria", "xinhua", "irna", "isna", "fars", "tasnim",
    "al-jazeera", "aljazeera", "jazeera", "sun", "mirror", "express", "independent", "economist",
    "atlantic", "newsweek", "chronicle", "examiner", "inquirer", "star", "globe", "mail", "standard",
    "review", "report", "monitor", "breitbart", "buzzfeed", "vox", "slate", "salon", "hill", "intercept",
    "newsmax", "tabloid", "weekly", "broadcast", "publication", "show", "program",
}
# Lowercase outlet words that make "the newspaper", "public radio" an outlet.
OUTLET_NOUNS = {"newspaper", "paper", "radio", "television", "magazine", "broadcaster", "outlet",
                "website", "network", "agency", "daily", "tabloid", "wire", "channel", "publication",
                "newspapers", "outlets", "media", "press"}
DOCUMENT_HEADS = {"statistics", "numbers", "census", "surveys",
                  "studies", "records", "documents", "report", "reports", "findings", "finding", "statement",
                  "statements", "document",
                  "memo", "study", "survey", "poll", "polls", "assessment", "analysis",
                  "letter", "filing", "indictment", "complaint", "lawsuit", "ruling", "estimate",
                  "estimates", "data", "figures", "transcript", "cable", "cables", "email",
                  "emails", "intelligence", "review", "investigation", "audit", "research", "paper",
                  "book", "article", "story", "communique", "declaration", "resolution", "decree"}

DESCRIPTOR_CLASS_MODIFIERS = {
    "military": "military", "intelligence": "intelligence", "defense": "defense", "defence": "defense",
    "security": "security", "administration": "administration", "government": "government",
    "diplomatic": "diplomatic", "congressional": "congressional", "police": "police",
    "campaign": "campaign", "law": "law enforcement", "health": "health", "election": "election",
    "state": "state", "federal": "federal", "local": "local", "senior": "senior",
}

# Demonyms and place adjectives -> the government they usually stand for.
DEMONYMS = {
    "american": "United States", "u.s": "United States", "us": "United States",
    "united states": "United States", "iranian": "Iran", "iraqi": "Iraq", "syrian": "Syria",
    "russian": "Russia", "ukrainian": "Ukraine", "british": "United Kingdom", "french": "France",
    "german": "Germany", "chinese": "China", "israeli": "Israel", "palestinian": "Palestine",
    "saudi": "Saudi Arabia", "turkish": "Turkey", "egyptian": "Egypt", "jordanian": "Jordan",
    "lebanese": "Lebanon", "afghan": "Afghanistan", "pakistani": "Pakistan", "indian": "India",
    "japanese": "Japan", "korean": "Korea", "north korean": "North Korea", "south korean": "South Korea",
    "mexican": "Mexico", "canadian": "Canada", "italian": "Italy", "spanish": "Spain", "polish": "Poland",
    "dutch": "Netherlands", "belgian": "Belgium", "swedish": "Sweden", "norwegian": "Norway",
    "finnish": "Finland", "danish": "Denmark", "greek": "Greece", "qatari": "Qatar", "emirati":
    "United Arab Emirates", "yemeni": "Yemen", "libyan": "Libya", "kurdish": "Kurdistan",
    "european": "European Union", "western": "Western", "nato": "NATO", "australian": "Australia",
    "brazilian": "Brazil", "venezuelan": "Venezuela", "cuban": "Cuba", "nigerian": "Nigeria",
    "kenyan": "Kenya", "ethiopian": "Ethiopia", "sudanese": "Sudan", "somali": "Somalia",
    "belarusian": "Belarus", "georgian": "Georgia", "armenian": "Armenia", "azerbaijani": "Azerbaijan",
    "hungarian": "Hungary", "romanian": "Romania", "czech": "Czech Republic", "austrian": "Austria",
    "swiss": "Switzerland", "irish": "Ireland", "scottish": "Scotland", "taiwanese": "Taiwan",
    "vietnamese": "Vietnam", "thai": "Thailand", "indonesian": "Indonesia", "filipino": "Philippines",
    "bahraini": "Bahrain", "kuwaiti": "Kuwait", "omani": "Oman", "moroccan": "Morocco",
    "algerian": "Algeria", "tunisian": "Tunisia", "colombian": "Colombia", "argentine": "Argentina",
    "chilean": "Chile", "peruvian": "Peru",
}
COUNTRIES = {
    "afghanistan", "albania", "algeria", "argentina", "armenia", "australia", "austria", "azerbaijan",
    "bahrain", "bangladesh", "belarus", "belgium", "bolivia", "bosnia", "brazil", "britain", "bulgaria",
    "cambodia", "canada", "chile", "china", "colombia", "croatia", "cuba", "cyprus", "denmark", "egypt",
    "england", "estonia", "ethiopia", "finland", "france", "georgia", "germany", "greece", "hungary",
    "india", "indonesia", "iran", "iraq", "ireland", "israel", "italy", "japan", "jordan", "kazakhstan",
    "kenya", "kosovo", "kuwait", "latvia", "lebanon", "libya", "lithuania", "malaysia", "mexico",
    "moldova", "morocco", "myanmar", "nepal", "netherlands", "nigeria", "norway", "oman", "pakistan",
    "palestine", "peru", "philippines", "poland", "portugal", "qatar", "romania", "russia", "scotland",
    "serbia", "singapore", "slovakia", "somalia", "spain", "sudan", "sweden", "switzerland", "syria",
    "taiwan", "thailand", "tunisia", "turkey", "ukraine", "uzbekistan", "venezuela", "vietnam", "wales",
    "yemen", "zimbabwe", "america", "korea", "europe", "washington", "moscow", "beijing", "tehran",
    "teheran", "baghdad", "kyiv", "kiev", "london", "paris", "berlin", "damascus", "jerusalem", "ankara",
    "riyadh", "cairo", "tokyo", "seoul", "pyongyang", "brussels", "kabul", "islamabad", "delhi",
    "ottawa", "canberra", "havana", "caracas", "minsk", "tbilisi", "beirut", "amman", "doha", "dubai",
    "abu", "rome", "madrid", "warsaw", "vienna", "geneva", "hamas", "hezbollah", "taliban", "isis",
    "us", "u.s", "u.s.", "uk", "u.k", "u.k.", "eu", "un", "u.n", "u.n.", "nato", "usa",
}
STOP_CAPITALS = {"but", "and", "so", "yet", "however", "although", "though", "while", "when", "if", "as",
                 "because", "since", "after", "before", "meanwhile", "still", "also", "in", "on", "at",
                 "for", "with", "from", "by", "to", "of", "the", "a", "an", "this", "that", "these",
                 "those", "last", "next", "then", "now", "here", "there", "it", "its", "asked", "instead",
                 "even", "despite", "during", "earlier", "later", "thus", "therefore", "indeed", "moreover",
                 "furthermore", "nevertheless", "nonetheless", "or", "nor", "not", "no", "yes", "what",
                 "where", "who", "why", "how", "which", "whether", "until", "unless", "once", "only",
                 "just", "like", "unlike", "according", "some", "many", "most", "all", "both", "each",
                 "every", "any", "such", "other", "another", "our", "their", "his", "her", "my", "your"}
DETERMINERS = {"the", "a", "an", "one", "another", "that", "this", "these", "those", "some", "many",
               "several", "two", "three", "four", "five", "other", "most", "all", "both", "his", "her",
               "their", "its", "our", "few", "numerous", "multiple", "various", "certain", "no", "each",
               "any", "more", "dozens", "hundreds", "thousands"}
NP_MODIFIERS = {
    "senior", "top", "leading", "former", "current", "high-ranking", "high-level", "ranking",
    "military", "intelligence", "defense", "defence", "security", "administration", "government",
    "diplomatic", "congressional", "police", "campaign", "law", "enforcement", "health", "election",
    "state", "federal", "local", "foreign", "western", "official", "anonymous", "unnamed", "unidentified",
    "knowledgeable", "informed", "independent", "other", "public", "private", "press", "news", "student",
    "regional", "provincial", "national", "international", "iranian", "iraqi", "american",
    "some", "many", "several", "few", "longtime", "veteran", "retired", "outside", "industry", "party",
    "white", "house", "u.s.", "us", "declassified", "classified", "internal", "new", "latest", "recent",
    "earlier", "previous", "secret", "leaked", "opposition", "rebel", "militia", "tribal",
    "religious", "business", "legal", "medical", "hospital", "city", "county", "town", "village",
    "community", "palace", "kremlin", "european", "israeli", "republican", "democratic", "gop",
    "conservative", "liberal", "progressive", "trump", "clinton", "obama", "biden", "neighborhood",
    "prominent", "influential", "key", "chief", "deputy", "assistant", "acting", "incoming", "outgoing",
    "two", "three", "four", "five", "six", "both", "their", "his", "her", "its", "our", "all",
}
# Nouns that end a source's post-modifier: "people familiar with the matter".
POST_NOUNS = {"matter", "meeting", "talks", "discussions", "investigation", "situation", "case",
              "negotiations", "decision", "plan", "plans", "thinking", "deliberations", "issue", "program",
              "process", "deal", "operation", "probe", "inquiry", "review", "effort", "strike", "strikes",
              "campaign", "administration", "government", "agency", "department", "ministry", "region",
              "country", "military", "army", "team", "delegation", "committee", "council", "group"}
MODALS = {"will", "would", "could", "should", "may", "might", "can", "must"}
# Cue verbs followed by a particle that belongs to the cue: "called for", "pointed to".
CUE_PARTICLES = {"call": {"for", "on"}, "point": {"to", "out"}}
PREPOSITIONS = {"in", "to", "for", "from", "on", "at", "with", "by", "into", "onto", "upon", "over", "under",
                "against", "across", "through", "toward", "towards", "during", "after", "before", "without"}

# Prepositions that may follow a descriptor head inside a source phrase ("officials at the White
# House", "people familiar with the matter", "members of the delegation").
NP_PREPS = {"of", "at", "from", "for", "with", "in", "familiar", "close", "to", "on", "within", "inside",
            "near", "involved", "briefed", "knowledgeable", "about", "who"}

# Words and phrases that hedge a reported content. Matched as whole words; the modals only in lower case,
# so the month ("in May") and a name ("Will Smith") are not modals.
HEDGE_WORDS = ("possibly", "perhaps", "appear to", "appears to", "appeared to", "seem", "seems", "seemed",
               "likely", "unlikely", "probably", "possibility", "possible", "i think", "not be surprised",
               "not rule out", "suspect", "suspects", "believe", "believes", "expected to")
HEDGE_MODALS = ("may", "might", "could")

ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "sgt",
                 "adm", "brig", "spc", "st", "jr", "sr", "prof", "rev", "vs", "no", "inc", "corp", "ltd",
                 "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                 "dec", "mt", "ft", "cmdr", "cpl", "pvt", "gens", "sens", "reps", "u.s", "a.m", "p.m",
                 "e.g", "i.e", "etc", "approx", "dept", "est", "govt"}

# Cue verbs read in a title-case headline ("Officials Say ...", "Minister Warns ...").
HEADLINE_CUES = {"say", "says", "said", "warn", "warns", "tell", "tells", "claim", "claims", "deny", "denies",
                 "confirm", "confirms", "admit", "admits", "urge", "urges", "insist", "insists", "vow", "vows"}
# Verbs that introduce quotations but do not carry reported content on their own.
QUOTE_ONLY_CUES = {"continue", "continues", "continued", "continuing"}
