package hugo

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"net/url"
	"path"
	"reflect"
	"sort"
	"strconv"
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

// in reports whether list (a slice, or a string) holds v.
func in(list, v any) bool {
	if s, ok := list.(string); ok {
		return strings.Contains(s, toString(v))
	}
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return false
	}
	for i := 0; i < rv.Len(); i++ {
		if equal(rv.Index(i).Interface(), v) {
			return true
		}
	}
	return false
}

// equal compares as Hugo's in does: numbers by value, the rest by string.
func equal(a, b any) bool {
	if isNumber(a) && isNumber(b) {
		return toFloat(a) == toFloat(b)
	}
	if reflect.TypeOf(a) != reflect.TypeOf(b) && (isNumber(a) || isNumber(b)) {
		return false
	}
	if ba, ok := a.(bool); ok {
		bb, ok := b.(bool)
		return ok && ba == bb
	}
	if _, ok := b.(bool); ok {
		return false
	}
	return toString(a) == toString(b)
}

func isNumber(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return true
	}
	return false
}

func isset(c, k any) bool {
	rv := reflect.ValueOf(c)
	switch rv.Kind() {
	case reflect.Map:
		return rv.MapIndex(reflect.ValueOf(toString(k))).IsValid()
	case reflect.Slice, reflect.Array:
		i := int(toInt(k))
		return i >= 0 && i < rv.Len()
	}
	return false
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict needs key value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		m[toString(kv[i])] = kv[i+1]
	}
	return m, nil
}

// merge merges maps from left to right: later keys win.
func merge(ms ...any) (map[string]any, error) {
	out := map[string]any{}
	for _, x := range ms {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("merge takes maps, not %T", x)
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out, nil
}

func sliceOf(l any) ([]any, error) {
	if l == nil {
		return nil, nil
	}
	if s, ok := l.([]any); ok {
		return s, nil
	}
	rv := reflect.ValueOf(l)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, fmt.Errorf("%T is not a list", l)
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, nil
}

func first(n int, l any) (any, error) {
	s, err := sliceOf(l)
	if err != nil {
		return nil, err
	}
	return s[:min(max(n, 0), len(s))], nil
}

func last(n int, l any) (any, error) {
	s, err := sliceOf(l)
	if err != nil {
		return nil, err
	}
	return s[len(s)-min(max(n, 0), len(s)):], nil
}

func after(n int, l any) (any, error) {
	s, err := sliceOf(l)
	if err != nil {
		return nil, err
	}
	return s[min(max(n, 0), len(s)):], nil
}

func appendTo(a ...any) (any, error) {
	if len(a) < 2 {
		return nil, fmt.Errorf("append needs a list and values")
	}
	s, err := sliceOf(a[len(a)-1])
	if err != nil {
		return nil, err
	}
	return append(append([]any{}, s...), a[:len(a)-1]...), nil
}

func delimit(l any, sep ...string) string {
	var parts []string
	if m, ok := l.(map[string]any); ok {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			parts = append(parts, toString(m[k]))
		}
	} else {
		s, _ := sliceOf(l)
		for _, v := range s {
			parts = append(parts, toString(v))
		}
	}
	d := ""
	if len(sep) > 0 {
		d = sep[0]
	}
	if len(sep) > 1 && len(parts) > 1 {
		return strings.Join(parts[:len(parts)-1], d) + sep[1] + parts[len(parts)-1]
	}
	return strings.Join(parts, d)
}

func uniq(l any) []any {
	s, _ := sliceOf(l)
	var out []any
	for _, v := range s {
		if !in(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func seq(a ...any) ([]int, error) {
	from, step, to := int64(1), int64(1), int64(0)
	switch len(a) {
	case 1:
		to = toInt(a[0])
	case 2:
		from, to = toInt(a[0]), toInt(a[1])
	case 3:
		from, step, to = toInt(a[0]), toInt(a[1]), toInt(a[2])
	default:
		return nil, fmt.Errorf("seq takes one to three numbers")
	}
	if step == 0 || (to-from)/step > 10000 {
		return nil, fmt.Errorf("seq is too long")
	}
	if from > to && step > 0 {
		step = -step
	}
	var out []int
	for i := from; (step > 0 && i <= to) || (step < 0 && i >= to); i += step {
		out = append(out, int(i))
	}
	return out, nil
}

func add(a, b any) (any, error) {
	if sa, ok := a.(string); ok {
		return sa + toString(b), nil
	}
	return arith(a, b, '+')
}

// arith computes as Hugo's math does: integers stay integers.
func arith(a, b any, op byte) (any, error) {
	_, fa := a.(float64)
	_, fb := b.(float64)
	if !fa && !fb && isIntLike(a) && isIntLike(b) {
		x, y := toInt(a), toInt(b)
		switch op {
		case '+':
			return x + y, nil
		case '-':
			return x - y, nil
		case '*':
			return x * y, nil
		case '/':
			if y == 0 {
				return nil, fmt.Errorf("division by zero")
			}
			return x / y, nil
		}
	}
	x, y := toFloat(a), toFloat(b)
	switch op {
	case '+':
		return x + y, nil
	case '-':
		return x - y, nil
	case '*':
		return x * y, nil
	}
	if y == 0 {
		return nil, fmt.Errorf("division by zero")
	}
	return x / y, nil
}

func isIntLike(v any) bool {
	switch s := v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32:
		return true
	case string:
		_, err := strconv.ParseInt(s, 10, 64)
		return err == nil
	}
	return false
}

func toInt(v any) int64 {
	switch n := v.(type) {
	case int:
		return int64(n)
	case int64:
		return n
	case int32:
		return int64(n)
	case int16:
		return int64(n)
	case int8:
		return int64(n)
	case uint:
		return int64(n)
	case uint8:
		return int64(n)
	case uint16:
		return int64(n)
	case uint32:
		return int64(n)
	case uint64:
		return int64(n)
	case float64:
		return int64(n)
	case float32:
		return int64(n)
	case bool:
		if n {
			return 1
		}
		return 0
	}
	s := strings.TrimSpace(toString(v))
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int64(f)
	}
	return 0
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case float32:
		return float64(n)
	}
	if isIntLike(v) {
		return float64(toInt(v))
	}
	f, _ := strconv.ParseFloat(strings.TrimSpace(toString(v)), 64)
	return f
}
