package builder

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

// monthNames by language; English is the fallback.
var monthNames = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
}

var shortMonthNames = map[string][12]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"nl": {"jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."},
	"de": {"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."},
	"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
}

// FormatDate writes a date the way readers of lang expect:
// "12 oktober 2009" in Dutch, "October 12, 2009" in English.
func FormatDate(lang string, t time.Time, short bool) string {
	if t.IsZero() {
		return ""
	}
	base := baseLang(lang)
	names, ok := monthNames[base]
	if short {
		names, ok = shortMonthNames[base]
	}
	if !ok {
		base = "en"
		names = monthNames["en"]
		if short {
			names = shortMonthNames["en"]
		}
	}
	m := names[t.Month()-1]
	if base == "en" {
		return fmt.Sprintf("%s %d, %d", m, t.Day(), t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), m, t.Year())
}

func baseLang(lang string) string {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	return lang
}

// templateFuncs returns the functions every template can call.
func templateFuncs(cfg *Config, th *theme) template.FuncMap {
	basePath := basePathOf(cfg.BaseURL)
	return template.FuncMap{
		"t": func(lang, key string, args ...any) string {
			s, ok := th.text(lang, key)
			if !ok {
				return key
			}
			if len(args) > 0 {
				return fmt.Sprintf(s, args...)
			}
			return s
		},
		"date":      func(lang string, t time.Time) string { return FormatDate(lang, t, false) },
		"shortdate": func(lang string, t time.Time) string { return FormatDate(lang, t, true) },
		"isodate":   func(t time.Time) string { return t.Format(time.RFC3339) },
		"absURL":    func(p string) string { return absURL(cfg.BaseURL, p) },
		"relURL":    func(p string) string { return relURL(basePath, p) },

		"partialCached": th.partialCached,
	}
}
