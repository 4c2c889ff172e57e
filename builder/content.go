package builder

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kopij/kopij/builder/hints"
	"github.com/kopij/kopij/builder/langdetect"
	"github.com/yuin/goldmark"
)

// jekyllName matches "2009-10-12-title.md" post file names.
var jekyllName = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-(.+)$`)

// urlScheme matches the scheme of an absolute URL such as "https:".
var urlScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// langSuffix matches Hugo's "post.nl.md" language suffix.
var langSuffix = regexp.MustCompile(`^(.+)\.([a-z]{2}(?:-[a-zA-Z]{2,4})?)$`)

// parsePage turns one content file into a Page. file is relative to the
// site root ("content/posts/x.md"). Errors are *LineError values.
func parsePage(cfg *Config, md goldmark.Markdown, file string, data []byte) (*Page, error) {
	if !utf8.Valid(data) {
		line := 1 + strings.Count(string(data[:invalidUTF8Offset(data)]), "\n")
		return nil, &LineError{File: file, Line: line, Msg: "the file is not valid UTF-8 (save it as UTF-8 in your editor)"}
	}
	src := normalizeSource(data)
	fmText, format, body, bodyLine, err := splitFrontMatter(file, src)
	if err != nil {
		return nil, err
	}
	fm, err := parseFrontMatter(file, fmText, format)
	if err != nil {
		return nil, err
	}
	p := &Page{File: file, frontMatter: string(fmText)}
	rel := strings.TrimPrefix(file, "content/")
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	name := strings.TrimSuffix(base, path.Ext(base))
	if name == "index" && dir != "" {
		p.Bundle = "content/" + dir
		dir, name = path.Split(dir)
		dir = strings.TrimSuffix(dir, "/")
	}
	if i := strings.IndexByte(rel, '/'); i >= 0 {
		p.Section = rel[:i]
	}
	p.Kind = KindPage
	if p.Section == "posts" || p.Section == "post" || p.Section == "blog" || p.Section == "_posts" {
		p.Kind = KindPost
	}
	if m := langSuffix.FindStringSubmatch(name); m != nil && knownLang(m[2]) {
		name, p.Lang = m[1], strings.ToLower(m[2])
	}
	var nameDate time.Time
	if m := jekyllName.FindStringSubmatch(name); m != nil {
		if t, err := time.Parse("2006-01-02", m[1]); err == nil {
			nameDate, name = t, m[2]
		}
	}

	var errs []error
	collect := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var e error
	p.Title, e = fm.str(file, "title")
	collect(e)
	p.Description, e = fm.str(file, "description")
	collect(e)
	summary, e := fm.str(file, "summary", "excerpt")
	collect(e)
	slug, e := fm.str(file, "slug")
	collect(e)
	explicitURL, e := fm.str(file, "url", "permalink")
	collect(e)
	lang, e := fm.str(file, "lang", "language", "languagecode")
	collect(e)
	if lang != "" {
		p.Lang = strings.ToLower(lang)
	}
	// A post that declares no language is expected in the site's; the
	// hints below tell when its text is plainly in another.
	declaredLang := p.Lang
	p.Date, e = fm.date(file, "date")
	collect(e)
	pubKeys := []string{"publishdate", "pubdate"}
	if _, _, err := fm.boolean(file, "published"); err != nil {
		pubKeys = append(pubKeys, "published") // a date; Jekyll's published: false is a flag
	}
	pub, e := fm.date(file, pubKeys...)
	collect(e)
	if !pub.IsZero() && p.Date.IsZero() {
		p.Date = pub
	}
	if p.Date.IsZero() {
		p.Date = nameDate
	}
	p.Lastmod, e = fm.date(file, "lastmod", "modified", "updated", "last_modified_at")
	collect(e)
	if p.Lastmod.IsZero() || p.Lastmod.Before(p.Date) {
		p.Lastmod = p.Date
	}
	p.ExpiryDate, e = fm.date(file, "expirydate", "expirationdate", "unpublishdate")
	collect(e)
	draft, _, e := fm.boolean(file, "draft")
	collect(e)
	published, has, e := fm.boolean(file, "published")
	if _, isDate := fm.raw["published"].(time.Time); !isDate {
		collect(e)
		if has && !published {
			draft = true
		}
	}
	p.Draft = draft
	p.Tags, e = fm.strs(file, "tags", "tag")
	collect(e)
	p.Categories, e = fm.strs(file, "categories", "category")
	collect(e)
	p.Aliases, e = fm.strs(file, "aliases", "redirect_from")
	collect(e)
	aliases := p.Aliases[:0]
	for _, a := range p.Aliases {
		u, err := cleanSitePath(a)
		if err != nil {
			line := max(fm.lines["aliases"], fm.lines["redirect_from"])
			p.warnings = append(p.warnings, (&LineError{File: file, Line: line, Msg: "alias " + err.Error() + "; no redirect page is written for it"}).Error())
			continue
		}
		aliases = append(aliases, u)
	}
	p.Aliases = aliases
	p.Image, e = imageOf(fm, file)
	collect(e)
	p.Author, e = authorOf(fm, file)
	collect(e)
	p.Weight, e = fm.integer(file, "weight")
	collect(e)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	p.warnings = append(p.warnings, misspelledKeys(file, fm)...)
	p.Tags = dedupeFold(p.Tags)
	p.Categories = dedupeFold(p.Categories)
	p.Params = fm.raw

	r := renderMarkdown(md, body)
	p.Content = r.content
	p.Headings = r.headings
	// title: '' or no title at all: the page shows the body's leading
	// heading or the file name, and the hints say the title is empty.
	titleEmpty := strings.TrimSpace(p.Title) == ""
	p.Title = cmp.Or(strings.TrimSpace(p.Title), r.firstH1, titleFromName(name))
	switch {
	case p.Description != "":
		p.SummaryText = p.Description
		p.Summary = template.HTML("<p>" + template.HTMLEscapeString(p.Description) + "</p>")
	case summary != "":
		p.SummaryText = summary
		p.Summary = template.HTML("<p>" + template.HTMLEscapeString(summary) + "</p>")
	default:
		p.Summary, p.SummaryText = r.summary, r.summaryText
	}
	// The hints measure the prose once, for the post page and kopij hints
	// alike: code, raw HTML and footnotes are not read as words.
	// A migrated post's summary or excerpt is its description to readers.
	report := hints.AnalyzeAST(hints.Input{File: file, Title: p.Title, TitleEmpty: titleEmpty, Description: cmp.Or(p.Description, summary),
		Lang: declaredLang, DefaultLang: cfg.Language, Body: r.src, BodyLine: bodyLine}, r.doc, cfg.Hints)
	p.hints = &report
	p.Lang = postLang(declaredLang, cfg.Language, report.TextLang)
	if declaredLang != "" && slices.ContainsFunc(report.Hints, func(h hints.Hint) bool { return h.ID == "lang-mismatch" }) {
		line := max(fm.lines["lang"], fm.lines["language"], fm.lines["languagecode"], 1)
		p.warnings = append(p.warnings, (&LineError{File: file, Line: line, Msg: fmt.Sprintf(
			"the post's language is %s, but its text reads as %s (set lang: %s, or check the text)", declaredLang, langdetectName(report.TextLang), report.TextLang)}).Error())
	}
	p.WordCount = report.Metrics.Words
	p.ReadingTime = report.Metrics.ReadingMinutes

	slug = cmp.Or(slug, name)
	p.Slug = Slugify(slug)
	if p.Slug == "" {
		return nil, &LineError{File: file, Line: fm.lines["slug"], Msg: fmt.Sprintf("slug %q has no letters or digits (set slug: to a word)", slug)}
	}
	if explicitURL != "" {
		u, err := cleanSitePath(explicitURL)
		if err != nil {
			line := fm.lines["url"]
			if line == 0 {
				line = fm.lines["permalink"]
			}
			return nil, &LineError{File: file, Line: line, Msg: err.Error()}
		}
		p.URL = u
	} else if p.Kind == KindPost {
		p.URL = expandPermalink(cfg.Permalink, p, name)
	} else {
		segs := []string{}
		for _, s := range strings.Split(dir, "/") {
			if s = Slugify(s); s != "" {
				segs = append(segs, s)
			}
		}
		segs = append(segs, p.Slug)
		p.URL = "/" + strings.Join(segs, "/") + "/"
	}
	p.URL = relURL(basePathOf(cfg.BaseURL), p.URL)
	return p, nil
}

// expandPermalink fills a permalink pattern such as "/:year/:month/:slug/".
func expandPermalink(pattern string, p *Page, filename string) string {
	d := p.Date
	if d.IsZero() {
		d = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	r := strings.NewReplacer(
		":year", fmt.Sprintf("%04d", d.Year()),
		":month", fmt.Sprintf("%02d", int(d.Month())),
		":day", fmt.Sprintf("%02d", d.Day()),
		":slug", p.Slug,
		":section", Slugify(p.Section),
		":filename", Slugify(filename),
	)
	u, err := cleanSitePath(r.Replace(pattern))
	if err != nil {
		return "/" + p.Slug + "/"
	}
	return u
}

// cleanSitePath turns a user-written URL path into a clean site-relative
// directory URL that cannot leave the output folder.
func cleanSitePath(u string) (string, error) {
	u = strings.TrimSpace(u)
	if urlScheme.MatchString(u) || strings.HasPrefix(u, "//") {
		return "", fmt.Errorf("url %q must be a path on this site (write it as /some/path/)", u)
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	u = strings.ReplaceAll(u, `\`, "/")
	c := path.Clean("/" + u)
	for _, seg := range strings.Split(c, "/") {
		if seg == ".." || strings.ContainsAny(seg, "\x00") {
			return "", fmt.Errorf("url %q is not a valid path (remove the .. segments; write it as /some/path/)", u)
		}
	}
	if c == "/" {
		return "/", nil
	}
	if strings.HasSuffix(c, ".html") || strings.HasSuffix(c, ".htm") {
		return c, nil
	}
	return c + "/", nil
}

func imageOf(fm frontMatter, file string) (string, error) {
	if img, err := fm.str(file, "image"); err == nil && img != "" {
		return img, nil
	}
	if imgs, ok := fm.raw["images"].([]any); ok && len(imgs) > 0 {
		if s, ok := imgs[0].(string); ok {
			return s, nil
		}
	}
	if cover, ok := fm.raw["cover"].(map[string]any); ok {
		if s, ok := cover["image"].(string); ok {
			return s, nil
		}
	}
	if m, ok := fm.raw["image"].(map[string]any); ok {
		if s, ok := m["path"].(string); ok {
			return s, nil
		}
	}
	return "", nil
}

func authorOf(fm frontMatter, file string) (string, error) {
	switch v := fm.raw["author"].(type) {
	case string:
		return v, nil
	case map[string]any:
		if n, ok := v["name"].(string); ok {
			return n, nil
		}
	case []any:
		if len(v) > 0 {
			if s, ok := v[0].(string); ok {
				return s, nil
			}
		}
	}
	as, err := fm.strs(file, "authors")
	if err != nil || len(as) == 0 {
		return "", err
	}
	return as[0], nil
}

func titleFromName(name string) string {
	t := strings.NewReplacer("-", " ", "_", " ").Replace(name)
	t = strings.TrimSpace(t)
	if t == "" {
		return "Untitled"
	}
	r, size := utf8.DecodeRuneInString(t)
	return strings.ToUpper(string(r)) + t[size:]
}

// dedupeFold removes terms that differ only in case, keeping the first.
func dedupeFold(in []string) []string {
	if len(in) < 2 {
		return in
	}
	seen := make(map[string]bool, len(in))
	out := in[:0:0]
	for _, s := range in {
		k := strings.ToLower(s)
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// postLang is the language of a post: the one it declares; else the one
// its text is in, detected by the hints, when that is plainly not the
// site's; else the site's.
func postLang(declared, site, detected string) string {
	if declared != "" {
		return declared
	}
	if detected == "" || detected == langdetect.Unknown || detected == baseLang(site) {
		return site
	}
	return detected
}

// langdetectName names a detected language in English for a warning.
func langdetectName(code string) string {
	if n, ok := languageNames[code]; ok {
		return n
	}
	return code
}

var languageNames = map[string]string{"nl": "Dutch", "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese"}

func knownLang(s string) bool {
	switch strings.ToLower(s[:2]) {
	case "en", "nl", "de", "fr", "es", "it", "pt", "sv", "da", "no", "nb", "fi", "pl", "cs", "ja", "zh", "ko", "ru", "tr", "el", "hu", "ro", "uk":
		return true
	}
	return false
}

func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}
