package hints

import "strings"

// nl is Dutch.
var nl = (&language{
	code:        "nl",
	syllables:   syllablesNL,
	flesch:      fleschNL,
	transitions: phrases(nlTransitions...),
	startOnly:   set("nu", "al", "later", "vroeger", "straks", "verder"),
	passive:     passiveNL,
	you:         set("je", "jij", "jou", "jouw", "u", "uw", "jezelf", "uzelf", "jullie"),
	we:          set("wij", "we", "ons", "onze", "ik", "mijn", "me", "mij", "mezelf", "onszelf"),
	function: set("de", "het", "een", "en", "van", "dat", "niet", "op", "te", "met", "voor", "zijn",
		"er", "maar", "ook", "als", "bij", "nog", "wel", "naar", "dan", "dit", "wat", "je", "ik", "hij",
		"ze", "zij", "wij", "kan", "om", "uit", "zo", "heeft", "hebben", "werd", "wordt", "geen", "meer",
		"moet", "worden", "tot", "deze", "jij", "mijn", "jouw", "ons", "onze", "heb", "hebt", "zijn",
		"waar", "omdat", "want", "dus", "nu", "echt", "toch", "al", "veel", "gaan", "gaat"),
	wpm:         func(th Thresholds) int { return th.WordsPerMinuteNL },
	aux:         nlAux,
	articles:    []string{"de", "het", "een"},
	syllableExc: nlSyllableExceptions,
}).build()

// nlAux are all words that may build a Dutch passive.
var nlAux = set("word", "wordt", "worden", "werd", "werden", "wordend", "is", "was", "waren", "ben", "bent")

// nlTransitions are Dutch signal words (signaalwoorden): cause, contrast,
// sequence, example, summary.
var nlTransitions = []string{
	"aangezien", "achteraf", "aldus", "alhoewel", "als", "als gevolg van", "alsof", "anders",
	"bijvoorbeeld", "bovendien", "daaraan", "daardoor", "daarentegen", "daarmee", "daarna", "daarnaast",
	"daarom", "daarop", "daartoe", "dan", "dankzij", "desondanks", "dientengevolge", "doordat",
	"dus", "eerst", "eigenlijk", "en toch", "evenals", "evenmin", "evenzo", "hierdoor", "hiermee",
	"hierna", "hierom", "immers", "in de eerste plaats", "in het kort", "in plaats daarvan",
	"in tegenstelling tot", "indien", "intussen", "kortom", "maar", "met andere woorden", "mits",
	"namelijk", "natuurlijk", "net als", "nadat", "nochtans", "om die reden", "omdat", "ondanks",
	"ondertussen", "ook", "op dezelfde manier", "opdat", "overigens", "samengevat", "sinds", "tenslotte",
	"ten eerste", "ten slotte", "ten tweede", "terwijl", "tevens", "toch", "toen", "tot slot", "uiteindelijk",
	"vervolgens", "voordat", "vooral", "wanneer", "want", "zoals", "zodat", "zodra", "zolang", "zowel",
	"echter", "enerzijds", "anderzijds", "daarbij", "zelfs", "tot nu toe", "vooraf",
	"allereerst", "ten derde", "sterker nog", "al met al", "hoewel",
}

// nlWorden are the forms of "worden", the Dutch passive auxiliary.
var nlWorden = set("word", "wordt", "worden", "werd", "werden", "wordend")

// nlZijn are forms of "zijn" that build the passive of completed actions
// ("is geschreven"), but also the active perfect of verbs in nlZijnVerbs.
var nlZijn = set("is", "was", "waren", "ben", "bent")

// nlHebben signals that a participle belongs to an active perfect.
var nlHebben = set("heb", "hebt", "heeft", "hebben", "had", "hadden")

// nlZijnVerbs take "zijn" in the active perfect: "is gegaan" is not passive.
var nlZijnVerbs = set("gegaan", "gekomen", "geweest", "gebleven", "geworden", "gebeurd", "gestorven",
	"gevallen", "gelopen", "gegroeid", "gestegen", "gedaald", "gestopt", "geslaagd", "gelukt",
	"mislukt", "verlopen", "vertrokken", "verschenen", "ontstaan", "begonnen", "overleden",
	"opgestaan", "aangekomen", "teruggekomen", "veranderd", "verdwenen", "gezakt", "geboren",
	"gewend", "geland", "gereisd", "verhuisd", "ontsnapt", "opgegroeid", "binnengekomen", "meegegaan",
	"weggegaan", "toegenomen", "afgenomen", "uitgekomen", "opgehouden", "geëindigd", "gestart")

// nlSeparable are prefixes that come before "ge" in a participle:
// "opgelost", "aangemaakt", "teruggezet".
var nlSeparable = set("aan", "achter", "af", "bij", "binnen", "buiten", "door", "in",
	"mee", "na", "neer", "om", "onder", "op", "over", "rond", "samen", "terug", "tegen", "toe",
	"uit", "vast", "voor", "weg", "klaar", "vrij", "bekend", "schoon")

// nlInseparable are prefixes whose verbs take no "ge": "besproken", "verhuisd".
var nlInseparable = [...]string{"be", "ver", "ont", "her", "er", "ge"}

// nlNotParticiples look like participles but are not.
var nlNotParticiples = set("gegevens", "gebied", "gebieden", "gesprek", "gesprekken", "gedachten",
	"gevoelens", "gebouwen", "gezicht", "gewicht", "gedicht", "gerecht", "geluid", "gebit", "gebed",
	"geheugen", "gevolgen", "gebreken", "genieten", "gebeuren", "gebruiken", "geloven", "geven",
	"gelden", "getuigen", "gewennen", "gelukken", "geleden", "gemiddeld", "gezond",
	"bericht", "berichten", "bestand", "verstand", "verband", "verleden", "beleid", "bedrijven",
	"verhalen", "verschillen", "bezoeken", "besten", "verkeerd", "begint", "bestaat",
	"betekent", "vertelt", "verandert", "gewoonten", "geheimen", "geschikt",
	"gelegen", "geboorte", "gedrag", "gevecht", "gemeenten", "beiden", "beide")

// nlIrregular are participles without "ge" that the rules miss.
var nlIrregular = set("besloten", "beschreven", "begonnen", "bevonden", "verloren", "verkregen",
	"verboden", "verschenen", "vertrokken", "verbonden", "verlaten", "vermeden", "verzonden",
	"ontvangen", "ontworpen", "onderzocht", "ondersteund", "ondernomen", "overwogen", "voltooid",
	"bewezen", "besproken", "betrokken", "bevolen", "verwezen", "herschreven", "vergeten",
	"gesloten", "gebruikt", "gezet", "ontdekt", "ontwikkeld", "vertaald", "verstuurd", "bedoeld",
	"beantwoord", "bereikt", "bewaard", "verwerkt", "vervangen", "verteld", "geëvalueerd",
	"geïnformeerd", "geïnstalleerd", "geïnteresseerd", "overgenomen", "onderschat", "overschat")

// nlParticiple reports a Dutch past participle (voltooid deelwoord).
func nlParticiple(w string) bool {
	if nlIrregular[w] || nlGeParticiple(w) {
		return true
	}
	if len(w) < 5 || nlNotParticiples[w] {
		return false
	}
	for _, p := range nlInseparable[:5] {
		if strings.HasPrefix(w, p) && len(w) >= len(p)+4 {
			return strings.HasSuffix(w, "d") || strings.HasSuffix(w, "t")
		}
	}
	return false
}

// nlGeParticiple reports a participle with "ge", after an optional
// separable prefix: "gemaakt", "opgelost". Unlike "verhuist" or
// "beantwoord", these cannot be a present tense or an imperative.
func nlGeParticiple(w string) bool {
	if len(w) < 5 {
		return false
	}
	if last := w[len(w)-1]; last != 'd' && last != 't' && !strings.HasSuffix(w, "en") {
		return false
	}
	// The "ge" comes first or right after a separable prefix; try every
	// "ge" in the word, as in "tegengehouden".
	for k := 0; k+2 <= len(w); {
		i := strings.Index(w[k:], "ge")
		if i < 0 {
			return false
		}
		k += i
		if (k == 0 || nlSeparable[w[:k]]) && len(w)-k >= 5 {
			return !nlNotParticiples[w]
		}
		k++
	}
	return false
}

// passiveNL finds a form of "worden" with a participle in the same
// sentence (Dutch puts the participle at the end: "werd op zaterdag
// uitgevoerd"), or "zijn" with a ge-participle of a verb that takes
// "hebben" in the active perfect ("is geschreven", not "is gegaan").
func passiveNL(ws []string) bool {
	worden, zijn, hebben := false, false, false
	for _, w := range ws {
		worden = worden || nlWorden[w]
		zijn = zijn || nlZijn[w]
		hebben = hebben || nlHebben[w]
	}
	if !worden && (!zijn || hebben) {
		return false
	}
	for _, w := range ws {
		if nlWorden[w] {
			continue
		}
		if worden && nlParticiple(w) || !worden && nlGeParticiple(w) && !nlZijnVerbs[w] {
			return true
		}
	}
	return false
}

// nlSyllableExceptions are loanwords and words the vowel groups miss.
var nlSyllableExceptions = map[string]int{
	"website": 2, "websites": 2, "online": 2, "e-mail": 2, "email": 2, "mail": 1, "mails": 1,
	"blog": 1, "blogs": 1, "nieuwsbrief": 2, "nieuwsbrieven": 3, "update": 2, "updates": 2,
	"team": 1, "design": 2, "software": 2, "feed": 1, "feedlezer": 3, "inbox": 2, "live": 1,
	"cookie": 2, "cookies": 2, "tweet": 1, "computer": 3, "media": 3, "social": 2,
}
