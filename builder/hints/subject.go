package hints

import (
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
	if got, _ := langdetect.Detect(s); got != langdetect.Unknown && lang != "" && got != lang {
		c.add("subject-lang", Warn, 0, langName(c.lang.code, got), langName(c.lang.code, lang))
	}
	for i := range r.Hints {
		r.Hints[i].Text = s
	}
	r.sort()
	return r.Hints
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
