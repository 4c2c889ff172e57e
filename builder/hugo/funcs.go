package hugo

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
)

// funcs returns the template functions. r is the running expansion, nil
// while templates are parsed and checked.
func (e *Engine) funcs(r *expansion) template.FuncMap {
	ns := &namespaces{e: e, r: r}
	return template.FuncMap{
		// Namespaces: strings.ToLower and the like.
		"strings":     func() *stringsNS { return &stringsNS{ns} },
		"urls":        func() *urlsNS { return &urlsNS{ns} },
		"path":        func() *pathNS { return &pathNS{} },
		"math":        func() *mathNS { return &mathNS{} },
		"transform":   func() *transformNS { return &transformNS{ns} },
		"safe":        func() *safeNS { return &safeNS{} },
		"collections": func() *collectionsNS { return &collectionsNS{} },
		"fmt":         func() *fmtNS { return &fmtNS{ns} },
		"time":        func() *timeNS { return &timeNS{ns} },
		"site":        func() *siteView { return &siteView{e: e} },

		"safeHTML": safeHTML, "safeHTMLAttr": safeHTMLAttr, "safeCSS": safeCSS, "safeJS": safeJS, "safeURL": safeURL,
		"markdownify": func(s any) template.HTML { return template.HTML(e.markdownify(ns.plain(s), false)) },
		"plainify":    plainify, "htmlEscape": func(s any) string { return html.EscapeString(toString(s)) },
		"htmlUnescape": func(s any) string { return html.UnescapeString(toString(s)) },
		"highlight":    ns.highlight,
		"relURL":       func(s any) template.URL { return template.URL(e.relURL(toString(s))) },
		"absURL":       func(s any) template.URL { return template.URL(e.absURL(toString(s))) },
		"relLangURL":   func(s any) template.URL { return template.URL(e.relURL(toString(s))) },
		"absLangURL":   func(s any) template.URL { return template.URL(e.absURL(toString(s))) },
		"urlize":       func(s any) string { return Slugify(toString(s), SlugOptions{}) },
		"anchorize":    anchorize,
		"querify":      querify,
		"ref":          func(ctx any, a any) (string, error) { return pageOf(ctx, ns).ref(a, true) },
		"relref":       func(ctx any, a any) (string, error) { return pageOf(ctx, ns).ref(a, false) },

		"default": func(def any, given ...any) any {
			if len(given) == 0 || !truth(given[0]) {
				return def
			}
			return given[0]
		},
		"cond": func(c bool, a, b any) any {
			if c {
				return a
			}
			return b
		},
		"in":      in,
		"isset":   isset,
		"dict":    dict,
		"slice":   func(v ...any) []any { return v },
		"merge":   merge,
		"first":   first,
		"last":    last,
		"after":   after,
		"append":  appendTo,
		"delimit": delimit,
		"uniq":    uniq,
		"seq":     seq,

		"lower": func(s any) string { return strings.ToLower(toString(s)) },
		"upper": func(s any) string { return strings.ToUpper(toString(s)) },
		"title": func(s any) string { return titleCase(toString(s)) },
		"humanize": func(s any) string {
			t := strings.NewReplacer("-", " ", "_", " ").Replace(toString(s))
			return upperFirst(t)
		},
		"trim":       func(s any, cut string) string { return strings.Trim(toString(s), cut) },
		"chomp":      func(s any) template.HTML { return template.HTML(strings.TrimRight(toString(s), "\r\n")) },
		"replace":    func(s any, old, new string, n ...int) string { return replaceN(toString(s), old, new, n) },
		"replaceRE":  replaceRE,
		"findRE":     findRE,
		"split":      func(s any, sep string) []string { return strings.Split(toString(s), sep) },
		"substr":     substr,
		"truncate":   truncate,
		"hasPrefix":  func(s any, p string) bool { return strings.HasPrefix(toString(s), p) },
		"hasSuffix":  func(s any, p string) bool { return strings.HasSuffix(toString(s), p) },
		"countwords": func(s any) int { return len(strings.Fields(plainify(s))) },
		"emojify":    func(s any) template.HTML { return template.HTML(toString(s)) },

		"add": add, "sub": func(a, b any) (any, error) { return arith(a, b, '-') },
		"mul": func(a, b any) (any, error) { return arith(a, b, '*') },
		"div": func(a, b any) (any, error) { return arith(a, b, '/') },
		"mod": func(a, b any) (int64, error) {
			x, y := toInt(a), toInt(b)
			if y == 0 {
				return 0, fmt.Errorf("modulo by zero")
			}
			return x % y, nil
		},
		"int":    func(v any) int { return int(toInt(v)) },
		"float":  toFloat,
		"string": toString,

		"now":        ns.now,
		"dateFormat": func(layout string, t any) (string, error) { return formatTime(layout, t) },
		"jsonify": func(v ...any) (template.HTML, error) {
			b, err := json.Marshal(v[len(v)-1])
			return template.HTML(b), err
		},
		"md5":          func(s any) string { h := md5.Sum([]byte(toString(s))); return hex.EncodeToString(h[:]) },
		"sha1":         func(s any) string { h := sha1.Sum([]byte(toString(s))); return hex.EncodeToString(h[:]) },
		"sha256":       func(s any) string { h := sha256.Sum256([]byte(toString(s))); return hex.EncodeToString(h[:]) },
		"base64Encode": func(s any) string { return base64.StdEncoding.EncodeToString([]byte(toString(s))) },
		"base64Decode": func(s any) (string, error) {
			b, err := base64.StdEncoding.DecodeString(toString(s))
			return string(b), err
		},

		"errorf":   func(f string, a ...any) (string, error) { return "", fmt.Errorf(f, a...) },
		"erroridf": func(id, f string, a ...any) (string, error) { return "", fmt.Errorf(f, a...) },
		"warnf":    ns.warnf,
		"warnidf":  func(id, f string, a ...any) string { return ns.warnf(f, a...) },
		"partial":  ns.partial,
		"T":        func(key any, _ ...any) string { return toString(key) },
		"i18n":     func(key any, _ ...any) string { return toString(key) },
	}
}

// namespaces carries what the functions need of the engine and the run.
type namespaces struct {
	e *Engine
	r *expansion
}

// plain returns s as a string without the writer's-text markers.
func (n *namespaces) plain(s any) string {
	if n.r == nil {
		return toString(s)
	}
	return n.r.stripSentinels(toString(s))
}

func (n *namespaces) warnf(f string, a ...any) string {
	if n.r != nil {
		n.r.x.Warnings = append(n.r.x.Warnings, Warning{File: n.r.page.File, Line: n.r.page.BodyLine, Msg: fmt.Sprintf(f, a...)})
	}
	return ""
}

func (n *namespaces) now() time.Time {
	if n.e.opt.Now != nil {
		return n.e.opt.Now()
	}
	return time.Now()
}

// partial runs layouts/partials/NAME with ctx as its dot.
func (n *namespaces) partial(name string, ctx ...any) (template.HTML, error) {
	if n.r == nil || n.r.tmpl == nil {
		return "", fmt.Errorf("partial %q cannot run here", name)
	}
	if !strings.Contains(path.Base(name), ".") {
		name += ".html"
	}
	t := n.r.tmpl.Lookup("partials/" + name)
	if t == nil {
		return "", fmt.Errorf("partial %q not found in %s/partials", name, n.e.opt.LayoutsDir)
	}
	var dot any
	if len(ctx) > 0 {
		dot = ctx[0]
	}
	var b strings.Builder
	if err := t.Execute(&b, dot); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// highlight renders code as the builder renders a fenced code block.
func (n *namespaces) highlight(code any, lang string, opts ...any) template.HTML {
	return template.HTML(n.e.highlight(n.plain(code), lang, optString(opts)))
}

func optString(opts []any) string {
	if len(opts) == 0 {
		return ""
	}
	return toString(opts[0])
}

// markdownify renders Markdown; block false unwraps a single paragraph.
func (e *Engine) markdownify(src string, block bool) string {
	h := e.renderMarkdown([]byte(src), nil)
	if !block {
		h = strings.TrimSuffix(unwrapParagraph(h), "\n")
	}
	return h
}

// highlight renders code through the Markdown converter as a fenced block,
// so it gets the same markup and classes as the site's other code.
func (e *Engine) highlight(code, lang, opts string) string {
	fence := "```"
	for strings.Contains(code, fence) {
		fence += "`"
	}
	info := strings.TrimSpace(lang)
	if o := strings.TrimSpace(opts); o != "" {
		info += " {" + o + "}"
	}
	return e.renderMarkdown([]byte(fence+info+"\n"+strings.TrimRight(code, "\n")+"\n"+fence+"\n"), nil)
}

func (e *Engine) relURL(s string) string {
	if isAbsURL(s) {
		return s
	}
	base := "/"
	if u, err := url.Parse(e.site.BaseURL); err == nil && u.Path != "" {
		base = u.Path
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	if strings.HasPrefix(s, base) {
		return s
	}
	return base + strings.TrimPrefix(s, "/")
}

func (e *Engine) absURL(s string) string {
	if isAbsURL(s) {
		return s
	}
	base := strings.TrimSuffix(e.site.BaseURL, "/")
	u, _ := url.Parse(e.site.BaseURL)
	if u != nil && strings.HasPrefix(s, "/") && u.Path != "" && strings.HasPrefix(s, strings.TrimSuffix(u.Path, "/")+"/") {
		return u.Scheme + "://" + u.Host + s
	}
	return base + "/" + strings.TrimPrefix(s, "/")
}

func isAbsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.IsAbs() || strings.HasPrefix(s, "//"))
}

func pageOf(ctx any, ns *namespaces) *pageView {
	switch c := ctx.(type) {
	case *call:
		return c.Page()
	case *pageView:
		return c
	}
	if ns.r != nil {
		return ns.r.view
	}
	return newPageView(ns.e, &Page{})
}

func safeHTML(s any) template.HTML         { return template.HTML(toString(s)) }
func safeHTMLAttr(s any) template.HTMLAttr { return template.HTMLAttr(toString(s)) }
func safeCSS(s any) template.CSS           { return template.CSS(toString(s)) }
func safeJS(s any) template.JS             { return template.JS(toString(s)) }
func safeURL(s any) template.URL           { return template.URL(toString(s)) }

var anyTag = regexp.MustCompile(`<[^>]*>`)
