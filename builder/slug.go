package builder

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slugify turns a title, tag or file name into a URL segment: lower case,
// letters and digits of any script kept, accents removed from Latin letters,
// everything else folded into single hyphens. The result never contains a
// slash or dot segment, so it cannot leave the output folder.
func Slugify(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	var prev rune // last letter written, 0 after anything else
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// Drop accents of Latin letters (é -> e) but keep marks that
			// make other letters what they are: ブ is not フ, й is not и.
			if prev != 0 && !unicode.Is(unicode.Latin, prev) {
				b.WriteRune(r)
			}
			continue
		case r == '+':
			b.WriteString(sep(&hyphen, b.Len()) + "plus")
		case r == '#':
			b.WriteString(sep(&hyphen, b.Len()) + "sharp")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
			prev = r
			continue
		default:
			hyphen = true
		}
		prev = 0
	}
	return norm.NFC.String(b.String())
}

func sep(hyphen *bool, n int) string {
	*hyphen = true
	if n > 0 {
		return "-"
	}
	return ""
}
