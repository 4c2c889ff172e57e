package hugo

import (
	"fmt"
	"path"
	"strconv"
	"strings"
)

// expand replaces the tokens of a pattern for c.
func (r *Router) expand(pattern string, c Content) string {
	pattern = strings.ReplaceAll(pattern, `\:`, "\x00")
	out := tokenRe.ReplaceAllStringFunc(pattern, func(tok string) string { return r.token(tok[1:], c) })
	return strings.ReplaceAll(out, "\x00", ":")
}

func (r *Router) token(t string, c Content) string {
	d := c.Date
	switch t {
	case "year":
		return strconv.Itoa(d.Year())
	case "month":
		return fmt.Sprintf("%02d", int(d.Month()))
	case "monthname":
		return d.Month().String()
	case "day":
		return fmt.Sprintf("%02d", d.Day())
	case "weekday":
		return strconv.Itoa(int(d.Weekday()))
	case "weekdayname":
		return d.Weekday().String()
	case "yearday":
		return strconv.Itoa(d.YearDay())
	case "section":
		return r.firstSection(c)
	case "sectionslug":
		s := r.firstSection(c)
		if s == "" {
			return ""
		}
		return r.slugElseTitle(r.sections[s])
	case "sections":
		return r.currentSection(c)
	case "sectionslugs":
		return path.Join(r.sectionSlugs(c)...)
	case "title":
		return r.urlize(c.Title)
	case "slug":
		return r.slugElseTitle(c)
	case "slugorfilename":
		if c.Slug != "" {
			return r.urlize(c.Slug)
		}
		return r.filename(c)
	case "filename":
		return r.filename(c)
	case "contentbasename":
		return r.urlize(r.contentBaseName(c))
	case "slugorcontentbasename":
		if c.Slug != "" {
			return r.urlize(c.Slug)
		}
		return r.urlize(r.contentBaseName(c))
	}
	if rest, ok := strings.CutPrefix(t, "sections"); ok {
		return path.Join(cut(strings.Split(r.currentSection(c), "/"), rest)...)
	}
	if rest, ok := strings.CutPrefix(t, "sectionslugs"); ok {
		return path.Join(cut(r.sectionSlugs(c), rest)...)
	}
	return d.Format(t)
}

func (r *Router) slugElseTitle(c Content) string {
	if c.Slug != "" {
		return r.urlize(c.Slug)
	}
	return r.urlize(c.Title)
}

func (r *Router) filename(c Content) string {
	name := r.baseName(c.Path)
	switch name {
	case "index":
		return r.urlize(path.Base(path.Dir(c.Path)))
	case "_index":
		return ""
	}
	return r.urlize(name)
}

// sectionSlugs are the slugs (else titles) of the sections from the top down
// to c's current section.
func (r *Router) sectionSlugs(c Content) []string {
	cur := r.currentSection(c)
	if cur == "" {
		return nil
	}
	var out []string
	parts := strings.Split(cur, "/")
	for i := range parts {
		dir := strings.Join(parts[:i+1], "/")
		if s, ok := r.sections[dir]; ok {
			out = append(out, r.slugElseTitle(s))
		}
	}
	return out
}

// cut applies a [low:high] or [n] index, with "last", to sections.
func cut(s []string, spec string) []string {
	spec = strings.ToLower(strings.TrimSpace(spec))
	if len(spec) < 3 || spec[0] != '[' || spec[len(spec)-1] != ']' {
		return nil
	}
	if len(s) == 0 || len(s) == 1 && s[0] == "" {
		return nil
	}
	idx := func(v string, low bool) int {
		switch {
		case v == "" && low:
			return 0
		case v == "":
			return len(s)
		case v == "last":
			return len(s) - 1
		}
		n, _ := strconv.Atoi(v)
		if n < 0 {
			n = 0
		}
		if n >= len(s) {
			if low {
				return -1
			}
			return len(s)
		}
		return n
	}
	inner := spec[1 : len(spec)-1]
	lo, hi, isRange := strings.Cut(inner, ":")
	if !isRange {
		n := idx(lo, true)
		if n < 0 {
			return nil
		}
		return []string{s[n]}
	}
	a, b := idx(lo, true), idx(hi, false)
	if a < 0 || b < 0 || a > b {
		return nil
	}
	return s[a:b]
}

func knownToken(t string) bool {
	switch t {
	case "year", "month", "monthname", "day", "weekday", "weekdayname", "yearday",
		"section", "sectionslug", "sections", "sectionslugs", "title", "slug",
		"slugorfilename", "filename", "contentbasename", "slugorcontentbasename":
		return true
	}
	if strings.HasPrefix(t, "sections[") || strings.HasPrefix(t, "sectionslugs[") {
		return true
	}
	return refTime.Format(t) != t // a Go time layout such as :2006
}
