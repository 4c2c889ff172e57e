package hugo

import (
	"fmt"
	"html/template"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

func plainify(s any) string { return anyTag.ReplaceAllString(toString(s), "") }

// anchorize makes a heading id as goldmark's auto ids do: lower case,
// letters, digits, '-' and '_' kept, spaces to hyphens.
func anchorize(s any) string {
	var b strings.Builder
	for _, r := range strings.ToLower(plainify(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteByte('-')
		}
	}
	return b.String()
}

func querify(args ...any) (string, error) {
	v := url.Values{}
	if len(args) == 1 {
		if m, ok := args[0].(map[string]any); ok {
			for k, x := range m {
				v.Set(k, toString(x))
			}
			return v.Encode(), nil
		}
	}
	if len(args)%2 != 0 {
		return "", fmt.Errorf("querify needs key value pairs")
	}
	for i := 0; i < len(args); i += 2 {
		v.Set(toString(args[i]), toString(args[i+1]))
	}
	return v.Encode(), nil
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = upperFirst(w)
	}
	return strings.Join(words, " ")
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func replaceN(s, old, new string, n []int) string {
	if len(n) > 0 {
		return strings.Replace(s, old, new, n[0])
	}
	return strings.ReplaceAll(s, old, new)
}

func replaceRE(pattern, repl string, s any, n ...int) (string, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return "", err
	}
	str := toString(s)
	if len(n) == 0 || n[0] < 0 {
		return re.ReplaceAllString(str, repl), nil
	}
	count := 0
	return re.ReplaceAllStringFunc(str, func(m string) string {
		if count >= n[0] {
			return m
		}
		count++
		return re.ReplaceAllString(m, repl)
	}), nil
}

func findRE(pattern string, s any, n ...int) ([]string, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	limit := -1
	if len(n) > 0 {
		limit = n[0]
	}
	return re.FindAllString(toString(s), limit), nil
}

func substr(s any, start int, length ...int) string {
	rs := []rune(toString(s))
	if start < 0 {
		start = max(len(rs)+start, 0)
	}
	if start > len(rs) {
		return ""
	}
	end := len(rs)
	if len(length) > 0 {
		if length[0] < 0 {
			end = max(len(rs)+length[0], start)
		} else {
			end = min(start+length[0], len(rs))
		}
	}
	return string(rs[start:end])
}

func truncate(n int, args ...any) (template.HTML, error) {
	if len(args) == 0 {
		return "", fmt.Errorf("truncate needs a text")
	}
	text := toString(args[len(args)-1])
	ellipsis := " …"
	if len(args) == 2 {
		ellipsis = toString(args[0])
	}
	rs := []rune(plainify(text))
	if len(rs) <= n {
		return template.HTML(text), nil
	}
	cut := string(rs[:n])
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 {
		cut = cut[:i]
	}
	return template.HTML(template.HTMLEscapeString(cut) + ellipsis), nil
}

func formatTime(layout string, t any) (string, error) {
	switch v := t.(type) {
	case time.Time:
		return v.Format(layout), nil
	case string:
		for _, l := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
			if x, err := time.Parse(l, v); err == nil {
				return x.Format(layout), nil
			}
		}
		return "", fmt.Errorf("%q is not a date", v)
	}
	return "", fmt.Errorf("%v is not a date", t)
}
