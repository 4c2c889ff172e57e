package hints

import "strings"

// en is English, also used for every language kopij has no lists for.
var en = (&language{
	code:        "en",
	syllables:   syllablesEN,
	flesch:      fleschEN,
	transitions: phrases(enTransitions...),
	startOnly:   set("next", "once", "first", "second", "third", "later", "earlier", "further", "now", "yet", "again", "last", "plus"),
	you:         set("you", "your", "yours", "yourself", "yourselves"),
	we:          set("we", "our", "ours", "us", "ourselves", "i", "my", "me", "mine", "myself"),
	function: set("the", "of", "and", "to", "a", "that", "it", "for", "with", "as", "on", "be", "at", "by",
		"this", "have", "from", "or", "an", "they", "which", "you", "not", "are", "but", "can", "will",
		"would", "there", "their", "what", "so", "if", "about", "all", "one", "your", "has",
		"more", "when", "who", "do", "just", "than", "into", "some", "could", "how", "our", "my", "it's",
		"i", "he", "she", "his", "her", "them", "were", "no", "out", "up", "very", "then", "these"),
	wpm:         func(th Thresholds) int { return th.WordsPerMinuteEN },
	aux:         enBe,
	articles:    []string{"the", "a", "an"},
	syllableExc: enSyllableExceptions,
	own:         map[wordFlag]map[string]bool{flagBetweenEN: enBetween, flagIrregularEN: enIrregular},
}).build()

// Flags of the English passive check.
const (
	flagBetweenEN   = flagOwn << iota // in enBetween
	flagIrregularEN                   // in enIrregular
)

// enTransitions are words and phrases that tie a sentence to the one
// before: addition, contrast, concession, cause and effect, condition,
// sequence and time, example, emphasis, comparison and summary. A sentence
// holding any of them has a transition, as in Yoast's analysis; the list is
// at least as long as Yoast's (over 300 entries).
var enTransitions = []string{
	"accordingly", "actually", "additionally", "admittedly", "afterward", "afterwards", "albeit",
	"also", "alternatively", "although", "altogether", "another", "anyhow", "anyway", "apparently",
	"basically", "because", "before", "besides", "briefly", "but", "certainly", "chiefly", "clearly",
	"comparatively", "concurrently", "consequently", "conversely", "correspondingly", "currently",
	"definitely", "despite", "doubtless", "during", "either", "equally", "especially", "essentially",
	"eventually", "evidently", "except", "finally", "firstly", "formerly", "fourthly", "furthermore",
	"generally", "granted", "hence", "henceforth", "hereafter", "however", "identically",
	"immediately", "importantly", "incidentally", "including", "indeed", "initially", "instantly",
	"instead", "lastly", "likewise", "mainly", "markedly", "meanwhile", "moreover", "mostly",
	"namely", "naturally", "nevertheless", "nonetheless", "nor", "notably", "notwithstanding",
	"obviously", "occasionally", "originally", "otherwise", "overall", "particularly",
	"predominantly", "presently", "presumably", "previously", "primarily", "rather", "regardless",
	"secondly", "seemingly", "shortly", "significantly", "similarly", "simultaneously", "since", "so",
	"soon", "specifically", "still", "subsequently", "suddenly", "surely", "surprisingly", "then",
	"thereafter", "thereby", "therefore", "thereupon", "thirdly", "though", "thus", "typically",
	"ultimately", "undeniably", "undoubtedly", "unless", "unlike", "unquestionably", "until",
	"usually", "when", "whenever", "whereas", "whereby", "whereupon", "wherever", "whether", "while",
	"whilst", "after", "than", "frequently", "often", "normally", "ordinarily", "hopefully",
	"fortunately", "unfortunately", "interestingly", "ironically", "understandably", "arguably",
	"as a result", "as a consequence", "as a matter of fact", "as long as", "as soon as",
	"as well as", "as much as", "as opposed to", "as shown", "as can be seen", "as i have said",
	"as mentioned", "as noted", "as we have seen", "as you can see", "as an example",
	"as an illustration", "as things stand", "as usual", "at first", "at last", "at least",
	"at the same time", "at this point", "at this stage", "at any rate", "at the end",
	"at the moment", "at that time", "above all", "after all", "after that", "after this",
	"after a while", "all in all", "all things considered", "all of a sudden", "all the same",
	"along with", "and yet", "another key point", "apart from", "be that as it may", "because of",
	"before long", "before that", "before this", "besides that", "by all means", "by and large",
	"by comparison", "by contrast", "by the same token", "by the time", "by the way", "by then",
	"by the end", "coupled with", "due to", "during that time", "each time", "equally important",
	"even if", "even so", "even though", "even more", "even then", "ever since", "every time",
	"except for", "first and foremost", "first of all", "for example", "for instance",
	"for one thing", "for the most part", "for this reason", "for that reason", "for all that",
	"from now on", "from time to time", "given that", "granted that", "generally speaking",
	"having said that", "here again", "in a word", "in addition", "in any case", "in any event",
	"in brief", "in case", "in conclusion", "in contrast", "in effect", "in essence", "in fact",
	"in general", "in light of", "in order to", "in order that", "in other words", "in particular",
	"in reality", "in short", "in spite of", "in sum", "in summary", "in that case", "in the end",
	"in the first place", "in the long run", "in the meantime", "in the same way", "in this case",
	"in this way", "in turn", "in view of", "in the beginning", "in the future", "in the past",
	"it follows that", "just as", "just in case", "last but not least", "later on", "let alone",
	"most importantly", "most of all", "much less", "needless to say", "no doubt", "not only",
	"not to mention", "now that", "of course", "on balance", "on condition that", "on the contrary",
	"on the one hand", "on the other hand", "on the whole", "on top of that", "once again",
	"once more", "only if", "or else", "other than", "owing to", "provided that", "rather than",
	"right away", "seeing that", "since then", "so as to", "so far", "so that", "so then",
	"sooner or later", "such as", "that is", "that is to say", "that's why", "the next step",
	"the reason is", "this is why", "this means", "thanks to", "to be sure", "to be honest",
	"to begin with", "to clarify", "to conclude", "to demonstrate", "to emphasize", "to illustrate",
	"to put it another way", "to put it differently", "to repeat", "to start with", "to sum up",
	"to summarize", "to that end", "to this end", "to the contrary", "truth be told",
	"under those circumstances", "until now", "until then", "up to now", "up to this point",
	"what is more", "what's more", "with this in mind", "with regard to", "with respect to",
	"without a doubt", "in the same vein", "in a similar way", "in the same fashion",
	"in the first instance", "in the second place", "more importantly", "more specifically",
	"more precisely", "not surprisingly", "better still", "worse still", "even worse",
	"above and beyond", "as it turns out", "it turns out", "as a rule", "for the time being",
	"for now", "at the outset", "in retrospect", "on the flip side", "the other side",
	"the first thing", "the last thing", "as expected", "as you know", "as i said", "as we saw",
	"in any way", "for good measure", "sure enough", "to a certain extent", "to some extent",
	"to put it simply", "simply put", "put simply", "in simple terms", "on reflection", "one reason",
	"another reason", "the main reason", "the result is", "as proof",
}

// enBe are the forms of "to be" and "to get" that build the passive.
var enBe = set("am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't",
	"weren't", "get", "gets", "got", "gotten", "getting")

// enBetween may stand between the auxiliary and the participle: "was never
// documented", "is being built".
var enBetween = set("not", "never", "also", "always", "already", "often", "then", "just", "still",
	"all", "both", "soon", "rarely", "being", "been", "now", "even", "usually", "sometimes", "ever",
	"first", "again", "only", "mostly", "largely", "fully", "badly", "well")

// enNotParticiples end in -ed but are no participles.
var enNotParticiples = set("need", "feed", "seed", "speed", "indeed", "hundred", "shed", "bed", "red",
	"bleed", "breed", "proceed", "succeed", "exceed", "greed", "weed", "sacred", "naked", "wicked",
	"embed", "bred", "shred", "sled", "led", "wed", "fed", "sped")

// enIrregular are irregular past participles.
var enIrregular = set("arisen", "awoken", "beaten", "begun", "bent", "bet", "bitten",
	"blown", "broken", "brought", "built", "burnt", "bought", "caught", "chosen", "cost",
	"cut", "dealt", "done", "drawn", "dreamt", "driven", "drunk", "dug", "eaten", "fallen", "felt",
	"fought", "found", "fled", "flown", "forbidden", "forgotten", "forgiven", "frozen", "given", "gone",
	"grown", "hung", "heard", "hidden", "hit", "held", "hurt", "kept", "known", "laid", "left",
	"lent", "let", "lain", "lit", "lost", "made", "meant", "met", "mistaken", "paid", "proven", "put",
	"quit", "read", "ridden", "rung", "risen", "run", "said", "seen", "sought", "sold", "sent", "set",
	"sewn", "shaken", "shone", "shot", "shown", "shut", "sung", "sunk", "sat", "slept", "slid", "spoken",
	"spent", "spun", "spread", "stolen", "stuck", "stung", "struck", "sworn", "swept", "swum", "taken",
	"taught", "torn", "told", "thought", "thrown", "understood", "undertaken", "upset", "woken", "worn",
	"won", "withdrawn", "written", "rewritten", "overtaken", "overseen", "misunderstood", "forecast",
	"bound", "wound", "ground", "split", "spat", "stood", "dwelt", "knelt", "leapt", "spelt", "spilt")

// enParticiple reports a past participle w with flags f: irregular, or
// regular in -ed.
func enParticiple(w string, f wordFlag) bool {
	if f&flagIrregularEN != 0 {
		return true
	}
	return len(w) > 4 && strings.HasSuffix(w, "ed") && !enNotParticiples[w]
}

// passiveEN finds "be" or "get" (enBe, flagged flagAux) followed, at most
// a few adverbs later, by a past participle.
func passiveEN(ws []string, fs []wordFlag) bool {
	for i, f := range fs {
		if f&flagAux == 0 {
			continue
		}
		for j := i + 1; j < len(ws) && j <= i+4; j++ {
			x := ws[j]
			if enParticiple(x, fs[j]) {
				return true
			}
			if fs[j]&flagBetweenEN == 0 && !strings.HasSuffix(x, "ly") {
				break
			}
		}
	}
	return false
}

// enSyllableExceptions are common words the rules get wrong.
var enSyllableExceptions = map[string]int{
	"the": 1, "every": 3, "everything": 4, "everyone": 4, "business": 2, "different": 3,
	"interesting": 4, "evening": 2, "family": 3, "people": 2, "area": 3, "idea": 3, "ideas": 3,
	"create": 2, "created": 3, "real": 1, "really": 2, "being": 2, "doing": 2, "going": 2,
	"poem": 2, "quiet": 2, "science": 2, "diet": 2, "via": 2, "online": 2, "someone": 2,
	"something": 2, "sometimes": 2, "somewhere": 2, "whole": 1, "one": 1, "once": 1, "little": 2,
	"maybe": 2, "simple": 2, "vehicle": 3, "naive": 2, "coordinate": 4, "reuse": 2, "react": 2,
	"minutes": 2, "hour": 1, "hours": 1, "our": 1, "fire": 1, "inbox": 2, "email": 2, "emails": 2,
	"website": 2, "homepage": 2, "themselves": 2, "cafe": 2, "recipe": 3, "anyone": 3,
}
