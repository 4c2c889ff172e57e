package jekyll

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/kopij/kopij/builder/dates"
	"github.com/osteele/liquid/expressions"
	"github.com/osteele/tuesday"
)

// standardFilters are the filters osteele/liquid defines itself.
var standardFilters = strings.Fields(`default json compact concat join map reverse sort first last uniq
	date abs ceil floor modulo minus plus times divided_by round size append capitalize downcase escape
	escape_once newline_to_br prepend remove remove_first replace replace_first sort_natural slice split
	strip_html strip_newlines strip lstrip rstrip truncate truncatewords upcase url_encode url_decode inspect type`)

// addFilters registers Jekyll's filters and the Liquid ones osteele/liquid
// lacks, and records every filter name for prepare.
func (r *Renderer) addFilters() {
	r.filters = map[string]bool{}
	for _, f := range standardFilters {
		r.filters[f] = true
	}
	add := func(name string, fn any) {
		r.engine.RegisterFilter(name, fn)
		r.filters[name] = true
	}
	add("relative_url", func(v any) any {
		if v == nil {
			return nil
		}
		return r.relativeURL(fmt.Sprint(v))
	})
	add("absolute_url", func(v any) any {
		if v == nil {
			return nil
		}
		return r.absoluteURL(fmt.Sprint(v))
	})
	add("strip_index", func(s string) string {
		for _, suffix := range []string{"/index.html", "/index.htm"} {
			if strings.HasSuffix(s, suffix) {
				return strings.TrimSuffix(s, suffix) + "/"
			}
		}
		return s
	})
	add("date", func(v any, format func(string) string) (any, error) {
		t, ok := r.toTime(v)
		if !ok {
			return v, nil
		}
		return tuesday.Strftime(format("%a, %b %d, %y"), t)
	})
	add("date_to_xmlschema", func(v any) any { return r.formatDate(v, "2006-01-02T15:04:05-07:00") })
	add("date_to_rfc822", func(v any) any { return r.formatDate(v, "Mon, 02 Jan 2006 15:04:05 -0700") })
	add("date_to_string", func(v any, typ, style func(string) string) any {
		return r.stringifyDate(v, "Jan", typ(""), style(""))
	})
	add("date_to_long_string", func(v any, typ, style func(string) string) any {
		return r.stringifyDate(v, "January", typ(""), style(""))
	})
	add("xml_escape", func(v any) string { return xmlEscape(toString(v)) })
	add("cgi_escape", func(s string) string { return url.QueryEscape(s) })
	add("uri_escape", uriEscape)
	add("markdownify", func(v any) string {
		s := toString(v)
		if r.site.Markdownify == nil {
			return s
		}
		return r.shared.add(r.site.Markdownify(s))
	})
	add("smartify", func(v any) string { return toString(v) })
	add("slugify", func(v any, mode func(string) string) string { return Slugify(toString(v), SlugMode(mode("default"))) })
	add("jsonify", func(v any) (string, error) {
		b, err := json.Marshal(jsonValue(v))
		return string(b), err
	})
	add("number_of_words", func(v any, mode func(string) string) int { return numberOfWords(toString(v), mode("")) })
	add("array_to_sentence_string", func(a []any, connector func(string) string) string {
		return sentence(a, connector("and"))
	})
	add("normalize_whitespace", func(v any) string { return strings.Join(strings.Fields(toString(v)), " ") })
	add("to_integer", func(v any) any {
		switch v := v.(type) {
		case int, int64:
			return v
		case float64:
			return int(v)
		case bool:
			if v {
				return 1
			}
			return 0
		}
		n, _ := strconv.Atoi(strings.TrimSpace(toString(v)))
		return n
	})
	add("where", func(a any, prop string, value any) []any { return where(toList(a), prop, value) })
	add("where_exp", func(a any, name string, expr expressions.Closure) ([]any, error) {
		return whereExp(toList(a), name, expr, true)
	})
	add("find", func(a any, prop string, value any) any { return first(where(toList(a), prop, value)) })
	add("find_exp", func(a any, name string, expr expressions.Closure) (any, error) {
		l, err := whereExp(toList(a), name, expr, false)
		return first(l), err
	})
	add("group_by", func(a any, prop string) []any { return groupBy(toList(a), prop) })
	add("sort", func(a any, prop func(string) string, nils func(string) string) []any {
		return sortBy(toList(a), prop(""), nils("first"))
	})
	add("push", func(a any, v any) []any { return append(append([]any{}, toList(a)...), v) })
	add("pop", func(a any) []any {
		l := toList(a)
		if len(l) == 0 {
			return l
		}
		return append([]any{}, l[:len(l)-1]...)
	})
	add("shift", func(a any) []any {
		l := toList(a)
		if len(l) == 0 {
			return l
		}
		return append([]any{}, l[1:]...)
	})
	add("unshift", func(a any, v any) []any { return append([]any{v}, toList(a)...) })
	add("at_least", func(a, b float64) float64 { return max(a, b) })
	add("at_most", func(a, b float64) float64 { return min(a, b) })
}

func (r *Renderer) engineFilters(name string) bool { return r.filters[name] }

// relativeURL puts the base path before a site path, as Jekyll's
// relative_url does; absolute URLs stay as they are.
func (r *Renderer) relativeURL(s string) string {
	if u, err := url.Parse(s); err == nil && u.IsAbs() {
		return s
	}
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	base := strings.TrimRight(r.site.BaseURL, "/")
	if base != "" && !strings.HasPrefix(base, "/") {
		base = "/" + base
	}
	return base + s
}

func (r *Renderer) absoluteURL(s string) string {
	if u, err := url.Parse(s); err == nil && u.IsAbs() {
		return s
	}
	return strings.TrimRight(r.site.AbsoluteURL, "/") + r.relativeURL(s)
}

// toTime reads a filter input as Jekyll's time() does, in the site zone.
func (r *Renderer) toTime(v any) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		return v.In(r.site.Location), true
	case nil:
		return time.Time{}, false
	}
	s := strings.TrimSpace(toString(v))
	if s == "now" || s == "today" {
		if r.site.Now != nil {
			return r.site.Now().In(r.site.Location), true
		}
		return time.Time{}, false
	}
	d, err := dates.Parser{Location: r.site.Location}.Value(v)
	if err != nil {
		return time.Time{}, false
	}
	return d.Time.In(r.site.Location), true
}

func (r *Renderer) formatDate(v any, layout string) any {
	t, ok := r.toTime(v)
	if !ok {
		return v
	}
	return t.Format(layout)
}

// stringifyDate is Jekyll's date_to_string and date_to_long_string.
func (r *Renderer) stringifyDate(v any, month, typ, style string) any {
	t, ok := r.toTime(v)
	if !ok {
		return v
	}
	if typ == "ordinal" {
		day := strconv.Itoa(t.Day()) + ordinal(t.Day())
		if style == "US" {
			return t.Format(month) + " " + day + t.Format(", 2006")
		}
		return day + " " + t.Format(month+" 2006")
	}
	return t.Format("02 " + month + " 2006")
}

func ordinal(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

// xmlEscape is Ruby's CGI.escapeHTML, which Jekyll's xml_escape calls.
func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

// uriEscape escapes what may not stand in a URL and keeps its reserved
// characters, as Addressable's normalize does for Jekyll's uri_escape.
func uriEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c > ' ' && c < 0x7f && !strings.ContainsRune(`"<>\^`+"`{|}", rune(c)) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func numberOfWords(s, mode string) int {
	cjk := 0
	if mode == "cjk" || mode == "auto" {
		for _, c := range s {
			if unicode.In(c, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				cjk++
			}
		}
		if mode == "auto" && cjk == 0 {
			return len(strings.Fields(s))
		}
		s = strings.Map(func(c rune) rune {
			if unicode.In(c, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				return ' '
			}
			return c
		}, s)
	}
	return cjk + len(strings.Fields(s))
}

func sentence(a []any, connector string) string {
	s := make([]string, len(a))
	for i, v := range a {
		s[i] = toString(v)
	}
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	case 2:
		return s[0] + " " + connector + " " + s[1]
	}
	return strings.Join(s[:len(s)-1], ", ") + ", " + connector + " " + s[len(s)-1]
}

func toString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case time.Time:
		return v.Format("2006-01-02 15:04:05 -0700")
	}
	return fmt.Sprint(v)
}

// jsonValue makes dates read as Ruby writes them in JSON.
func jsonValue(v any) any {
	switch v := v.(type) {
	case time.Time:
		return toString(v)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = jsonValue(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = jsonValue(e)
		}
		return out
	}
	return v
}
