package hints

import (
	"slices"
	"strings"
)

// nl is Dutch.
var nl = (&language{
	code:        "nl",
	syllables:   syllablesNL,
	flesch:      fleschNL,
	transitions: phrases(nlTransitions...),
	startOnly:   set("nu", "al", "later", "vroeger", "straks", "verder"),
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
	own: map[wordFlag]map[string]bool{flagWordenNL: nlWorden, flagZijnNL: nlZijn, flagHebbenNL: nlHebben,
		flagClauseNL: nlClauseStart, flagDeterminerNL: nlDeterminers, flagQuantifierNL: nlQuantifiers,
		flagIrregularNL: nlIrregular},
}).build()

// Flags of the Dutch passive check.
const (
	flagWordenNL     = flagOwn << iota // in nlWorden
	flagZijnNL                         // in nlZijn
	flagHebbenNL                       // in nlHebben
	flagClauseNL                       // in nlClauseStart
	flagDeterminerNL                   // in nlDeterminers
	flagQuantifierNL                   // in nlQuantifiers
	flagIrregularNL                    // in nlIrregular
)

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
	"gelegen", "geboorte", "gedrag", "gevecht", "gemeenten", "beiden", "beide", "geest", "geeft", "geldt",
	"geniet", "gebeurt", "gelooft", "getuigt", "gewoonte", "geduld", "genot", "gerust", "gebouw",
	"gebed", "gevaar", "gelaat", "gemak", "gehalte", "gedeelte", "gesteente", "gewest",
	"bestaat", "bevat", "bedenkt", "verschijnt", "ontstaat", "verdient", "verkoopt", "vertrekt",
	"ontvangt", "betaalt", "vergeet", "verliest", "herkent", "bezit")

// nlIrregular are participles without "ge" that the rules miss.
var nlIrregular = set("besloten", "beschreven", "begonnen", "bevonden", "verloren", "verkregen",
	"verboden", "verschenen", "vertrokken", "verbonden", "verlaten", "vermeden", "verzonden",
	"ontvangen", "ontworpen", "onderzocht", "ondersteund", "ondernomen", "overwogen", "voltooid",
	"bewezen", "besproken", "betrokken", "bevolen", "verwezen", "herschreven", "vergeten",
	"gesloten", "gebruikt", "gezet", "ontdekt", "ontwikkeld", "vertaald", "verstuurd", "bedoeld",
	"beantwoord", "bereikt", "bewaard", "verwerkt", "vervangen", "verteld", "geëvalueerd",
	"geïnformeerd", "geïnstalleerd", "geïnteresseerd", "overgenomen", "onderschat", "overschat")

// nlParticiple reports a Dutch past participle (voltooid deelwoord) w
// with flags f.
func nlParticiple(w string, f wordFlag) bool {
	if f&flagIrregularNL != 0 || nlGeParticiple(w) {
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

// nlClauseStart are words that open a subordinate clause. A passive's
// auxiliary and participle stand in one clause, so the sentence is cut
// before each of them, as Yoast does: in "Hij zei dat het huis werd
// verkocht toen hij verhuisd was" only "dat het huis werd verkocht" is
// passive.
var nlClauseStart = set("omdat", "doordat", "zodat", "terwijl", "toen", "nadat", "voordat", "wanneer",
	"indien", "hoewel", "alhoewel", "ofschoon", "tenzij", "mits", "zodra", "zolang", "opdat", "naarmate",
	"naargelang", "zoals", "wie", "wiens", "wier", "welke", "welk", "dat", "als", "sinds", "totdat")

// nlDeterminers before a ge-word make it a noun or an adjective: "het
// gepraat", "een bekend verhaal".
var nlDeterminers = set("de", "het", "een", "deze", "die", "dit", "dat", "mijn", "je", "jouw", "zijn",
	"haar", "ons", "onze", "hun", "uw", "elk", "elke", "ieder", "iedere", "geen", "zo'n", "zulk", "zulke")

// nlQuantifiers before a ge-word after "zijn" make it a noun: "er is veel
// gepraat over" is talk, not a passive.
var nlQuantifiers = set("veel", "weinig", "genoeg", "wat", "meer", "minder")

// nlStates are participles that after "zijn" describe a state, as an
// adjective would: "waar je mee gebaat bent", "ik ben geïnteresseerd".
var nlStates = set("gebaat", "geïnteresseerd", "gewend", "verbaasd", "bekend", "betrokken", "gespecialiseerd",
	"verliefd", "verslaafd", "gehecht", "gekant", "gesteld", "verzekerd", "overtuigd", "geschokt", "gemotiveerd",
	"getrouwd", "gescheiden", "verloofd", "geschikt", "gekleed", "bezorgd", "verrast", "teleurgesteld",
	"opgelucht", "opgewonden", "gespannen", "ontspannen", "verward", "gedreven", "geboeid", "gefascineerd",
	"verplicht", "genoodzaakt", "bedreven", "geliefd", "gelegen", "gewapend", "verkouden", "gehaast",
	"geërgerd", "geïrriteerd", "verveeld", "vermoeid", "gezegend", "benieuwd", "verheugd", "geneigd",
	"gewaarschuwd", "voorbereid", "gevestigd", "gebonden", "gericht", "verwant", "verschuldigd", "gerust",
	"verlegen", "verbonden", "geboren", "gekwalificeerd", "geslaagd", "bedoeld", "bezet")

// passiveNL finds a passive clause: a form of "worden" with a participle
// ("werd op zaterdag uitgevoerd"), or a form of "zijn" with the
// participle of a verb that takes "hebben" in the active perfect ("is in
// 2020 geschreven", "is door de storm beschadigd", but not "is gegaan"). A ge-word after a determiner is a
// noun ("het gepraat"), and a participle that after "zijn" names a state
// ("is gebaat bij") is an adjective: neither is passive.
func passiveNL(ws []string, fs []wordFlag) bool {
	start := 0
	for i := 1; i <= len(ws); i++ {
		if i == len(ws) || fs[i]&flagClauseNL != 0 {
			if passiveClauseNL(ws[start:i], fs[start:i]) {
				return true
			}
			start = i
		}
	}
	return false
}

// passiveClauseNL is passiveNL for one clause ws with flags fs.
func passiveClauseNL(ws []string, fs []wordFlag) bool {
	var all wordFlag
	for _, f := range fs {
		all |= f
	}
	worden, zijn, hebben := all&flagWordenNL != 0, all&flagZijnNL != 0, all&flagHebbenNL != 0
	if !worden && (!zijn || hebben) {
		return false
	}
	door := slices.Contains(ws, "door")
	for j, w := range ws {
		if fs[j]&(flagWordenNL|flagZijnNL) != 0 || nlNounEnding(w) {
			continue
		}
		var prev wordFlag // the flags of the word before
		if j > 0 {
			prev = fs[j-1]
		}
		if prev&flagDeterminerNL != 0 {
			continue
		}
		if worden && nlParticiple(w, fs[j]) {
			return true
		}
		// With "zijn", an agent ("door de storm") makes any participle
		// passive; without one, only a ge-participle that names no state.
		if !worden && prev&flagQuantifierNL == 0 && (nlGeParticiple(w) || door && nlParticiple(w, fs[j])) &&
			!nlZijnVerbs[w] && !nlStates[w] {
			return true
		}
	}
	return false
}

// nlNounEnding reports words such as "gelegenheid" or "verscheidenheid"
// that look like participles but end as nouns do.
func nlNounEnding(w string) bool {
	return strings.HasSuffix(w, "heid") || strings.HasSuffix(w, "teit") || strings.HasSuffix(w, "tijd")
}

// nlSyllableExceptions are loanwords and words the vowel groups miss.
var nlSyllableExceptions = map[string]int{
	"website": 2, "websites": 2, "online": 2, "e-mail": 2, "email": 2, "mail": 1, "mails": 1,
	"blog": 1, "blogs": 1, "nieuwsbrief": 2, "nieuwsbrieven": 3, "update": 2, "updates": 2,
	"team": 1, "design": 2, "software": 2, "feed": 1, "feedlezer": 3, "inbox": 2, "live": 1,
	"cookie": 2, "cookies": 2, "tweet": 1, "computer": 3, "media": 3, "social": 2,
}
