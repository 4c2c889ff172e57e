package newsletter

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize returns s with every text field valid UTF-8 and free of control
// characters, the way both stores keep them: in Consent and Note, which
// may span lines, CR, LF and CRLF all become one LF; every other control
// character (NUL, ESC, tab, a line break in a one-line field) becomes a
// space; leading and trailing spaces go. Tags that end up empty or repeated
// are dropped. PostgreSQL refuses NUL in text, and a raw ESC or CR in an
// export can rewrite a terminal or a spreadsheet row.
func Sanitize(s Subscriber) Subscriber {
	s.Email = oneLine(s.Email)
	s.Name = oneLine(s.Name)
	s.Consent = lines(s.Consent)
	s.Lang = oneLine(s.Lang)
	s.Source = oneLine(s.Source)
	s.Referrer = oneLine(s.Referrer)
	s.UTMSource = oneLine(s.UTMSource)
	s.UTMMedium = oneLine(s.UTMMedium)
	s.UTMCampaign = oneLine(s.UTMCampaign)
	s.Note = lines(s.Note)
	if s.Tags != nil {
		s.Tags = cleanTags(s.Tags)
	}
	return s
}

// clean is oneLine cut to at most n bytes on a rune boundary.
func clean(s string, n int) string {
	s = oneLine(s)
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = strings.TrimSpace(s[:len(s)-size])
	}
	return s
}

// oneLine makes s valid UTF-8 with every control character a space, and
// trims it.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// lines is oneLine for text that may span lines: CRLF and a bare CR
// become LF, and LF stays.
func lines(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r != '\n' && unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

func cleanTags(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range in {
		t = clean(t, 100)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
