package jekyll

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// SlugMode is one of Jekyll's slugify modes.
type SlugMode string

// The modes of Jekyll's Utils.slugify.
const (
	SlugDefault SlugMode = "default" // runs of anything but letters, marks and digits become "-"
	SlugRaw     SlugMode = "raw"     // runs of spaces become "-"
	SlugPretty  SlugMode = "pretty"  // as default, but ._~!$&'()+,;=@ stay
	SlugASCII   SlugMode = "ascii"   // runs of anything but A-Z, a-z and 0-9 become "-"
	SlugLatin   SlugMode = "latin"   // accents dropped from Latin letters first, then as default
	SlugNone    SlugMode = "none"    // no change but lower case (any unknown mode)
)

// Slugify is Jekyll's slugify filter: the slug in lower case.
func Slugify(s string, mode SlugMode) string {
	return slugify(s, mode, false)
}

// SlugifyCased is Jekyll's slugify with cased: true, as its :title
// permalink token uses it.
func SlugifyCased(s string, mode SlugMode) string {
	return slugify(s, mode, true)
}

func slugify(s string, mode SlugMode, cased bool) string {
	var keep func(r rune) bool
	switch mode {
	case SlugRaw:
		keep = func(r rune) bool { return !unicode.IsSpace(r) }
	case SlugDefault, "":
		keep = letterMarkDigit
	case SlugPretty:
		keep = func(r rune) bool { return letterMarkDigit(r) || strings.ContainsRune("._~!$&'()+,;=@", r) }
	case SlugASCII:
		keep = func(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	case SlugLatin:
		s = transliterate(s)
		keep = letterMarkDigit
	default:
		if cased {
			return s
		}
		return strings.ToLower(s)
	}
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		if keep(r) {
			b.WriteRune(r)
			hyphen = false
		} else if !hyphen {
			b.WriteByte('-')
			hyphen = true
		}
	}
	out := strings.TrimSuffix(strings.TrimPrefix(b.String(), "-"), "-")
	if !cased {
		out = strings.ToLower(out)
	}
	return out
}

func letterMarkDigit(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.Is(unicode.Nd, r)
}

// latinLetters are the letters that lose no mark in decomposition but that
// Ruby's I18n.transliterate spells in ASCII.
var latinLetters = map[rune]string{
	'Æ': "AE", 'æ': "ae", 'Ð': "D", 'ð': "d", 'Ø': "O", 'ø': "o", 'Þ': "TH", 'þ': "th",
	'ß': "ss", 'Đ': "D", 'đ': "d", 'Ħ': "H", 'ħ': "h", 'ı': "i", 'Ĳ': "IJ", 'ĳ': "ij",
	'ĸ': "k", 'Ŀ': "L", 'ŀ': "l", 'Ł': "L", 'ł': "l", 'ŉ': "'n", 'Ŋ': "NG", 'ŋ': "ng",
	'Œ': "OE", 'œ': "oe", 'Ŧ': "T", 'ŧ': "t",
}

// transliterate is I18n.transliterate with its default rules: Latin
// letters lose their accents, every other non-ASCII letter becomes "?".
func transliterate(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
		case latinLetters[r] != "":
			b.WriteString(latinLetters[r])
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
