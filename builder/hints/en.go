package hints

import "strings"

// en is English, also used for every language kopij has no lists for.
var en = (&language{
	code:        "en",
	syllables:   syllablesEN,
	flesch:      fleschEN,
	transitions: phrases(enTransitions...),
	startOnly:   set("next", "once", "first", "second", "third", "later", "earlier", "further", "now", "yet", "again"),
	passive:     passiveEN,
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
}).build()

// enTransitions are words and phrases that tie a sentence to the one
// before: cause, contrast, sequence, example, summary.
var enTransitions = []string{
	"accordingly", "additionally", "afterward", "afterwards", "albeit", "also", "although", "altogether",
	"as a result", "as long as", "as soon as", "as well as", "at first", "at last", "at least",
	"at the same time", "because", "before", "besides", "but", "by contrast", "by the way", "certainly",
	"consequently", "conversely", "despite", "due to", "either", "equally", "especially",
	"even if", "even so", "even though", "eventually", "every time", "finally", "first of all", "firstly",
	"for example", "for instance", "for this reason", "furthermore", "hence",
	"however", "if", "in addition", "in conclusion", "in contrast", "in fact", "in other words",
	"in particular", "in short", "in spite of", "in summary", "in that case", "in the end", "indeed",
	"instead", "lastly", "later than", "likewise", "meanwhile", "moreover", "mostly", "namely", "nevertheless",
	"nonetheless", "notably", "now that", "of course", "on the contrary", "on the other hand",
	"otherwise", "particularly", "rather", "secondly", "similarly", "since", "so", "so that",
	"specifically", "still", "subsequently", "such as", "then", "thereafter", "therefore", "though",
	"thus", "to begin with", "to conclude", "to sum up", "ultimately", "unless", "until", "when",
	"whenever", "whereas", "whether", "while", "whilst",
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

// enParticiple reports a past participle: irregular, or regular in -ed.
func enParticiple(w string) bool {
	if enIrregular[w] {
		return true
	}
	return len(w) > 4 && strings.HasSuffix(w, "ed") && !enNotParticiples[w]
}

// passiveEN finds "be" or "get" followed, at most a few adverbs later, by a
// past participle.
func passiveEN(ws []string) bool {
	for i, w := range ws {
		if !enBe[w] {
			continue
		}
		for j := i + 1; j < len(ws) && j <= i+4; j++ {
			x := ws[j]
			if enParticiple(x) {
				return true
			}
			if !enBetween[x] && !strings.HasSuffix(x, "ly") {
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
