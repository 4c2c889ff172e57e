package hints

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kopij/kopij/builder/langdetect"
)

// SubjectMaxChars is the longest subject line a phone's inbox shows whole;
// longer subjects are cut off after about this many characters.
const SubjectMaxChars = 50

// JudgeSubject returns hints about a newsletter's subject line, in the
// newsletter's language lang ("nl" or "en"; another is English), worst
// first. The hints have no line; their Text is the subject.
//
//   - subject-empty: there is no subject (error).
//   - subject-length: the subject is over SubjectMaxChars characters (warn).
//   - subject-caps: the subject shouts: mostly capitals, or "!!" (warn).
//   - subject-lang: the subject reads as another language than lang (warn);
//     judged only when it has words enough to tell.
func JudgeSubject(subject, lang string) []Hint {
	lang = baseLang(lang)
	r := Report{}
	c := checker{lang: languageOf(lang), r: &r}
	s := strings.TrimSpace(subject)
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		c.add("subject-empty", Error, 0)
	case n > SubjectMaxChars:
		c.add("subject-length", Warn, 0, n, SubjectMaxChars)
	}
	if shouts(s) {
		c.add("subject-caps", Warn, 0)
	}
	// When the subject's own frequent words bear its language out, the
	// detector, which costs more than the rest of the check, is not asked.
	if lang != "" && !ownWords(s, lang) {
		if got, _ := langdetect.Detect(s); got != langdetect.Unknown && got != lang {
			c.add("subject-lang", Warn, 0, langName(c.lang.code, got), langName(c.lang.code, lang))
		}
	}
	for i := range r.Hints {
		r.Hints[i].Text = s
	}
	r.sort()
	return r.Hints
}

// ownWords reports whether s holds a frequent word of lang ("nl" or
// "en") and none of the other.
func ownWords(s, lang string) bool {
	if lang != "nl" && lang != "en" {
		return false
	}
	own, other := languageOf(lang), en
	if lang == "en" {
		other = nl
	}
	mine := false
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
		if other.flags(w)&flagFunction != 0 {
			return false
		}
		if own.flags(w)&flagFunction != 0 {
			mine = true
		}
	}
	return mine
}

// shouts reports a subject of mostly capitals (at least eight letters) or
// with repeated exclamation marks.
func shouts(s string) bool {
	if strings.Contains(s, "!!") {
		return true
	}
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 8 && 2*upper > letters
}

// subjectMessages holds the text of the subject hints in English and Dutch.
var subjectMessages = map[string]struct{ en, nl say }{
	"subject-empty": {
		func(args) msgText {
			return msgText{"The newsletter has no subject: inboxes show it as \"(no subject)\", and most readers skip it or take it for spam.",
				"Write a subject that says what the reader gets from this issue."}
		},
		func(args) msgText {
			return msgText{"De nieuwsbrief heeft geen onderwerp: inboxen tonen \"(geen onderwerp)\", en de meeste lezers slaan hem over of houden hem voor spam.",
				"Schrijf een onderwerp dat zegt wat de lezer aan dit nummer heeft."}
		},
	},
	// args: characters, maximum
	"subject-length": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("The subject has %d characters: a phone shows about %d, so readers miss its end.", a.i(0), a.i(1)),
				fmt.Sprintf("Shorten the subject to %d characters or fewer, with the words that matter first.", a.i(1))}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("Het onderwerp telt %d tekens: een telefoon toont er ongeveer %d, dus lezers missen het eind.", a.i(0), a.i(1)),
				fmt.Sprintf("Kort het onderwerp in tot hooguit %d tekens, met de woorden die tellen vooraan.", a.i(1))}
		},
	},
	"subject-caps": {
		func(args) msgText {
			return msgText{"The subject shouts, in capitals or with exclamation marks: spam filters and readers both distrust that.",
				"Write the subject as a sentence, with one exclamation mark at most."}
		},
		func(args) msgText {
			return msgText{"Het onderwerp schreeuwt, in hoofdletters of met uitroeptekens: spamfilters en lezers wantrouwen dat allebei.",
				"Schrijf het onderwerp als een gewone zin, met hooguit één uitroepteken."}
		},
	},
	// args: the subject's language, the newsletter's language
	"subject-lang": {
		func(a args) msgText {
			return msgText{fmt.Sprintf("The subject reads as %s, but the newsletter is in %s: readers who expect %s may take it for spam.", a.s(0), a.s(1), a.s(1)),
				fmt.Sprintf("Write the subject in %s.", a.s(1))}
		},
		func(a args) msgText {
			return msgText{fmt.Sprintf("Het onderwerp is %s, maar de nieuwsbrief is %s: lezers die een mail in het %s verwachten, houden hem misschien voor spam.", a.s(0), a.s(1), a.s(1)),
				fmt.Sprintf("Schrijf het onderwerp in het %s.", a.s(1))}
		},
	},
}
