package hints

import "strconv"

// Editors write counts up to twenty as words and larger ones as figures.
var (
	numbersEN = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}
	numbersNL = [...]string{"nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
		"elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig"}
)

// numberEN writes n the way an English editor does in running text.
func numberEN(n int) string {
	if n >= 0 && n < len(numbersEN) {
		return numbersEN[n]
	}
	return strconv.Itoa(n)
}

// numberNL writes n the way a Dutch editor does in running text; "één"
// keeps its accents so it is not read as the article "een".
func numberNL(n int) string {
	if n >= 0 && n < len(numbersNL) {
		return numbersNL[n]
	}
	return strconv.Itoa(n)
}

// countEN writes n with the singular or plural noun: "one word", "21 words".
func countEN(n int, one, many string) string {
	if n == 1 {
		return join(numberEN(n), one)
	}
	return join(numberEN(n), many)
}

// countNL is countEN in Dutch: "één woord", "21 woorden".
func countNL(n int, one, many string) string {
	if n == 1 {
		return join(numberNL(n), one)
	}
	return join(numberNL(n), many)
}

func join(a, b string) string {
	if b == "" {
		return a
	}
	return a + " " + b
}

// timesEN says how often: "never", "once", "twice", "eight times".
func timesEN(n int) string {
	switch n {
	case 0:
		return "not once"
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return numberEN(n) + " times"
}

// timesNL says how often in Dutch: "geen enkele keer", "één keer", "acht keer".
func timesNL(n int) string {
	if n == 0 {
		return "geen enkele keer"
	}
	return numberNL(n) + " keer"
}

// languageNames are the languages langdetect knows, named in English and
// in Dutch.
var languageNames = map[string][2]string{
	"nl": {"Dutch", "Nederlands"}, "en": {"English", "Engels"}, "de": {"German", "Duits"},
	"fr": {"French", "Frans"}, "es": {"Spanish", "Spaans"}, "it": {"Italian", "Italiaans"},
	"pt": {"Portuguese", "Portugees"},
}

// langName names language code in the language of the messages, msgLang;
// a code it does not know is returned as it is.
func langName(msgLang, code string) string {
	n, ok := languageNames[code]
	if !ok {
		return code
	}
	if msgLang == "nl" {
		return n[1]
	}
	return n[0]
}
