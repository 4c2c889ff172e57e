package hugo

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// The namespaces below are what {{ strings.ToLower .x }} and the like call.
// Each method is named as in Hugo; what is not listed here is not offered.

type stringsNS struct{ *namespaces }

func (stringsNS) ToLower(s any) string            { return strings.ToLower(toString(s)) }
func (stringsNS) ToUpper(s any) string            { return strings.ToUpper(toString(s)) }
func (stringsNS) Title(s any) string              { return titleCase(toString(s)) }
func (stringsNS) FirstUpper(s any) string         { return upperFirst(toString(s)) }
func (stringsNS) Contains(s any, sub string) bool { return strings.Contains(toString(s), sub) }
func (stringsNS) ContainsAny(s any, chars string) bool {
	return strings.ContainsAny(toString(s), chars)
}
func (stringsNS) HasPrefix(s any, p string) bool     { return strings.HasPrefix(toString(s), p) }
func (stringsNS) HasSuffix(s any, p string) bool     { return strings.HasSuffix(toString(s), p) }
func (stringsNS) TrimSpace(s any) string             { return strings.TrimSpace(toString(s)) }
func (stringsNS) Trim(s any, cut string) string      { return strings.Trim(toString(s), cut) }
func (stringsNS) TrimLeft(cut string, s any) string  { return strings.TrimLeft(toString(s), cut) }
func (stringsNS) TrimRight(cut string, s any) string { return strings.TrimRight(toString(s), cut) }
func (stringsNS) TrimPrefix(p string, s any) string  { return strings.TrimPrefix(toString(s), p) }
func (stringsNS) TrimSuffix(p string, s any) string  { return strings.TrimSuffix(toString(s), p) }
func (stringsNS) Split(s any, sep string) []string   { return strings.Split(toString(s), sep) }
func (stringsNS) Repeat(n int, s any) string         { return strings.Repeat(toString(s), max(n, 0)) }
func (stringsNS) Count(sub string, s any) int        { return strings.Count(toString(s), sub) }
func (stringsNS) RuneCount(s any) int                { return utf8.RuneCountInString(toString(s)) }
func (stringsNS) CountWords(s any) int               { return len(strings.Fields(plainify(s))) }
func (stringsNS) Chomp(s any) string                 { return strings.TrimRight(toString(s), "\r\n") }
func (stringsNS) Substr(s any, start int, l ...int) string {
	return substr(s, start, l...)
}
func (stringsNS) Replace(s any, old, new string, n ...int) string {
	return replaceN(toString(s), old, new, n)
}
func (stringsNS) ReplaceRE(p, r string, s any, n ...int) (string, error) {
	return replaceRE(p, r, s, n...)
}
func (stringsNS) FindRE(p string, s any, n ...int) ([]string, error) { return findRE(p, s, n...) }
func (stringsNS) Truncate(n int, a ...any) (template.HTML, error)    { return truncate(n, a...) }

type urlsNS struct{ *namespaces }

// Parse parses a URL, as urls.Parse.
func (urlsNS) Parse(s any) (*url.URL, error) { return url.Parse(toString(s)) }

// JoinPath joins URL path elements.
func (urlsNS) JoinPath(elem ...any) (string, error) {
	if len(elem) == 0 {
		return "", nil
	}
	rest := make([]string, 0, len(elem)-1)
	for _, e := range elem[1:] {
		rest = append(rest, toString(e))
	}
	return url.JoinPath(toString(elem[0]), rest...)
}
func (n urlsNS) RelURL(s any) template.URL { return template.URL(n.e.relURL(toString(s))) }
func (n urlsNS) AbsURL(s any) template.URL { return template.URL(n.e.absURL(toString(s))) }
func (urlsNS) URLize(s any) string         { return Slugify(toString(s), SlugOptions{}) }
func (urlsNS) Anchorize(s any) string      { return anchorize(s) }
func (n urlsNS) Ref(ctx, a any) (string, error) {
	return pageOf(ctx, n.namespaces).ref(a, true)
}
func (n urlsNS) RelRef(ctx, a any) (string, error) {
	return pageOf(ctx, n.namespaces).ref(a, false)
}

type pathNS struct{}

func (pathNS) Base(s any) string  { return path.Base(toString(s)) }
func (pathNS) Dir(s any) string   { return path.Dir(toString(s)) }
func (pathNS) Ext(s any) string   { return path.Ext(toString(s)) }
func (pathNS) Clean(s any) string { return path.Clean(toString(s)) }
func (pathNS) BaseName(s any) string {
	b := path.Base(toString(s))
	return strings.TrimSuffix(b, path.Ext(b))
}
func (pathNS) Join(elem ...any) string {
	parts := make([]string, len(elem))
	for i, e := range elem {
		parts[i] = toString(e)
	}
	return path.Join(parts...)
}

type mathNS struct{}

func (mathNS) Add(a, b any) (any, error) { return add(a, b) }
func (mathNS) Sub(a, b any) (any, error) { return arith(a, b, '-') }
func (mathNS) Mul(a, b any) (any, error) { return arith(a, b, '*') }
func (mathNS) Div(a, b any) (any, error) { return arith(a, b, '/') }
func (mathNS) Round(a any) float64       { return math.Round(toFloat(a)) }
func (mathNS) Floor(a any) float64       { return math.Floor(toFloat(a)) }
func (mathNS) Ceil(a any) float64        { return math.Ceil(toFloat(a)) }
func (mathNS) Max(a, b any) float64      { return math.Max(toFloat(a), toFloat(b)) }
func (mathNS) Min(a, b any) float64      { return math.Min(toFloat(a), toFloat(b)) }

type transformNS struct{ *namespaces }

func (n transformNS) Markdownify(s any) template.HTML {
	return template.HTML(n.e.markdownify(n.plain(s), false))
}
func (transformNS) Plainify(s any) string     { return plainify(s) }
func (transformNS) HTMLEscape(s any) string   { return template.HTMLEscapeString(toString(s)) }
func (transformNS) HTMLUnescape(s any) string { return htmlUnescape(toString(s)) }
func (n transformNS) Highlight(code any, lang string, opts ...any) template.HTML {
	return n.highlight(code, lang, opts...)
}

type safeNS struct{}

func (safeNS) HTML(s any) template.HTML         { return safeHTML(s) }
func (safeNS) HTMLAttr(s any) template.HTMLAttr { return safeHTMLAttr(s) }
func (safeNS) CSS(s any) template.CSS           { return safeCSS(s) }
func (safeNS) JS(s any) template.JS             { return safeJS(s) }
func (safeNS) URL(s any) template.URL           { return safeURL(s) }

type collectionsNS struct{}

func (collectionsNS) Dictionary(kv ...any) (map[string]any, error) { return dict(kv...) }
func (collectionsNS) Slice(v ...any) []any                         { return v }
func (collectionsNS) In(l, v any) bool                             { return in(l, v) }
func (collectionsNS) IsSet(c, k any) bool                          { return isset(c, k) }
func (collectionsNS) Delimit(l any, sep ...string) string          { return delimit(l, sep...) }
func (collectionsNS) First(n int, l any) (any, error)              { return first(n, l) }
func (collectionsNS) Last(n int, l any) (any, error)               { return last(n, l) }
func (collectionsNS) After(n int, l any) (any, error)              { return after(n, l) }
func (collectionsNS) Append(a ...any) (any, error)                 { return appendTo(a...) }
func (collectionsNS) Merge(a ...any) (map[string]any, error)       { return merge(a...) }
func (collectionsNS) Uniq(l any) []any                             { return uniq(l) }
func (collectionsNS) Seq(a ...any) ([]int, error)                  { return seq(a...) }

type fmtNS struct{ *namespaces }

func (fmtNS) Printf(f string, a ...any) string          { return fmt.Sprintf(f, a...) }
func (fmtNS) Print(a ...any) string                     { return fmt.Sprint(a...) }
func (fmtNS) Println(a ...any) string                   { return fmt.Sprintln(a...) }
func (fmtNS) Errorf(f string, a ...any) (string, error) { return "", fmt.Errorf(f, a...) }
func (n fmtNS) Warnf(f string, a ...any) string         { return n.warnf(f, a...) }

type timeNS struct{ *namespaces }

func (timeNS) Format(layout string, t any) (string, error) { return formatTime(layout, t) }
func (n timeNS) Now() time.Time                            { return n.now() }
func (timeNS) AsTime(v any) (time.Time, error) {
	s, err := formatTime(time.RFC3339, v)
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, s)
}

func htmlUnescape(s string) string { return html.UnescapeString(s) }
