package builder

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kopij/kopij/builder/dates"
	"github.com/kopij/kopij/builder/hints"
	"github.com/kopij/kopij/builder/hugo"
	"github.com/kopij/kopij/builder/jekyll"
	"github.com/kopij/kopij/builder/langdetect"
	"github.com/yuin/goldmark"
	"go.yaml.in/yaml/v3"
)

// urlScheme matches the scheme of an absolute URL such as "https:".
var urlScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// langSuffix matches Hugo's "post.nl.md" language suffix.
var langSuffix = regexp.MustCompile(`^(.+)\.([a-z]{2}(?:-[a-zA-Z]{2,4})?)$`)

// parsePage turns one content file into a Page. file is relative to the
// site root ("content/posts/x.md"). Errors are *LineError values.
func parsePage(cfg *Config, md goldmark.Markdown, file string, data []byte) (*Page, error) {
	return parsePageIn(&pageEnv{cfg: cfg, md: md}, file, data)
}

// pageEnv is what parsing a content file needs beyond its bytes.
type pageEnv struct {
	cfg      *Config
	md       goldmark.Markdown
	markup   *markup // shortcodes and Liquid; nil: neither runs
	headOnly bool    // front matter and URL only: the body is not rendered
}

// parsePageIn is parsePage in an environment.
func parsePageIn(env *pageEnv, file string, data []byte) (*Page, error) {
	cfg := env.cfg
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
	rl := cfg.ruleSet()
	var nameDate time.Time
	dated := false
	if fn, ok, err := rl.dates.FileName(name + path.Ext(base)); ok && err == nil {
		nameDate, name, dated = fn.Date.Time, fn.Slug, true
	} else if ok && strings.HasPrefix(name, "0000-") {
		return nil, &LineError{File: file, Msg: fmt.Sprintf("the date %s in the file name: years before 1 are not supported (rename the file to start with the real date, such as 2006-01-02-)", name[:min(len(name), 10)])}
	} else if ok {
		p.warnings = append(p.warnings, (&LineError{File: file, Msg: fmt.Sprintf("the date in the file name is not a date (%v); the name is read as the slug", err)}).Error())
	}
	if cfg.Generator == GeneratorJekyll && !dated && strings.Contains("/"+rel, "/_posts/") {
		// Jekyll reads no file in _posts without a date in its name.
		p.skip = true
		p.warnings = append(p.warnings, (&LineError{File: file, Msg: "left out: Jekyll reads no post in _posts without a date in its name (rename it to YYYY-MM-DD-" + base + ")"}).Error())
	}

	var errs []error
	collect := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	note := func(n string) {
		if n != "" {
			p.warnings = append(p.warnings, n)
		}
	}
	var e error
	var n string
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
	p.Lang = cmp.Or(p.Lang, cfg.Language)
	p.Date, n, e = fm.date(file, rl.dates, "date")
	collect(e)
	note(n)
	vis := visibilityOf(fm)
	pubKeys := []string{"publishdate", "pubdate"}
	if _, isBool := vis.Published.(bool); vis.HasPublished && !isBool && cfg.Generator != GeneratorJekyll {
		if _, _, err := fm.date(file, rl.dates, "published"); err == nil {
			pubKeys = append(pubKeys, "published") // Hugo: a date; Jekyll's published: false is a flag
			vis.HasPublished, vis.Published = false, nil
		}
	}
	pub, n, e := fm.date(file, rl.dates, pubKeys...)
	collect(e)
	note(n)
	if !pub.IsZero() && p.Date.IsZero() {
		p.Date = pub
	}
	if p.Date.IsZero() {
		p.Date = nameDate
	}
	p.Lastmod, n, e = fm.date(file, rl.dates, "lastmod", "modified", "updated", "last_modified_at")
	collect(e)
	note(n)
	if p.Lastmod.IsZero() || p.Lastmod.Before(p.Date) {
		p.Lastmod = p.Date
	}
	p.ExpiryDate, n, e = fm.date(file, rl.dates, "expirydate", "expirationdate", "unpublishdate")
	collect(e)
	note(n)
	switch cfg.Generator {
	case GeneratorJekyll, GeneratorHugo:
		d := vis.Hugo()
		if cfg.Generator == GeneratorJekyll {
			d = vis.Jekyll()
		}
		p.Draft = !d.Keep
		if d.Warning != "" {
			line := fm.lines["published"]
			if line == 0 {
				line = fm.lines["draft"]
			}
			note((&LineError{File: file, Line: line, Msg: d.Warning}).Error())
		}
	default:
		draft, _, e := fm.boolean(file, "draft")
		collect(e)
		if vis.HasPublished {
			if published, ok := boolish(vis.Published); ok {
				draft = draft || !published
			} else if d := vis.Jekyll(); d.Warning != "" {
				note((&LineError{File: file, Line: fm.lines["published"], Msg: d.Warning}).Error())
			}
		}
		p.Draft = draft
	}
	p.Tags, e = fm.strs(file, "tags", "tag")
	collect(e)
	p.Categories, e = fm.strs(file, "categories", "category")
	collect(e)
	p.Aliases, e = fm.strs(file, "aliases", "redirect_from")
	collect(e)
	aliases := p.Aliases[:0]
	p.aliasLine = max(fm.lines["aliases"], fm.lines["redirect_from"])
	for _, a := range p.Aliases {
		u, err := cleanSitePath(a)
		if err != nil {
			line := p.aliasLine
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

	fmSlug := slug
	slug = cmp.Or(slug, name)
	switch cfg.Generator {
	case GeneratorHugo:
		p.Slug = hugo.Slugify(slug, hugo.SlugOptions{})
	case GeneratorJekyll:
		p.Slug = jekyll.Slugify(slug, jekyll.SlugDefault)
	default:
		p.Slug = Slugify(slug)
	}
	if strings.Trim(p.Slug, "./-") == "" {
		return nil, &LineError{File: file, Line: fm.lines["slug"], Msg: fmt.Sprintf("slug %q has no letters or digits (set slug: to a word)", slug)}
	}
	relPath := rel
	if p.Bundle != "" {
		relPath = strings.TrimPrefix(p.Bundle, "content/") + "/" + base
	}
	cats := p.Categories
	if cfg.Generator == GeneratorJekyll {
		cats = jekyll.Categories(rel, fm.raw)
	}
	in := urlInput{rel: relPath, name: name, dir: dir, title: p.Title, slug: p.Slug, fmSlug: fmSlug,
		explicit: explicitURL, date: p.Date, categories: cats}
	setURL := func(title string) error {
		in.title = title
		u, err := cfg.contentURL(p, in)
		if err != nil {
			line := fm.lines["url"]
			if line == 0 {
				line = fm.lines["permalink"]
			}
			return &LineError{File: file, Line: line, Msg: err.Error()}
		}
		p.URL = relURL(basePathOf(cfg.BaseURL), u)
		return nil
	}
	// Hugo and Jekyll take :title from the front matter; kopij also from
	// the first heading, which the render below finds.
	if err := setURL(cmp.Or(p.Title, titleFromName(name))); err != nil {
		return nil, err
	}
	if env.headOnly {
		return p, nil
	}
	fmTitle := p.Title
	r, err := env.render(p, fm, body, bodyLine, cats)
	if err != nil {
		return nil, err
	}
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

	if cfg.Generator == GeneratorKopij && p.Title != fmTitle {
		if err := setURL(p.Title); err != nil {
			return nil, err
		}
	}
	p.urlLine = fm.lines["slug"]
	if explicitURL != "" {
		p.urlLine = max(fm.lines["url"], fm.lines["permalink"])
	}
	if err := nameLengths(file, p, fm); err != nil {
		return nil, err
	}
	return p, nil
}

// maxName is the longest file or folder name, in bytes, that common file
// systems (ext4, APFS, NTFS) store.
const maxName = 255

// nameLengths refuses a page whose URL, tags or categories make a folder
// name longer than maxName: writing it would fail.
func nameLengths(file string, p *Page, fm frontMatter) error {
	for _, seg := range strings.Split(p.URL, "/") {
		if len(seg) > maxName {
			what := "set a shorter slug: in the front matter"
			if p.urlLine > 0 {
				what = "shorten it"
			}
			return &LineError{File: file, Line: p.urlLine, Msg: fmt.Sprintf("the URL of this page has a part of %d bytes (%.24s…); file names hold at most %d (%s)", len(seg), seg, maxName, what)}
		}
	}
	for _, tax := range []struct {
		one, key, alt string
		terms         []string
	}{{"tag", "tags", "tag", p.Tags}, {"category", "categories", "category", p.Categories}} {
		for _, t := range tax.terms {
			if n := len(Slugify(t)); n > maxName {
				return &LineError{File: file, Line: max(fm.lines[tax.key], fm.lines[tax.alt]), Msg: fmt.Sprintf("the %s %.24q… makes a folder name of %d bytes; file names hold at most %d (shorten it)", tax.one, t, n, maxName)}
			}
		}
	}
	return nil
}

// expandPermalink fills a permalink pattern such as "/:year/:month/:slug/"
// with kopij's tokens. Only the tokens the pattern holds are worked out.
func expandPermalink(pattern string, p *Page, title, filename string) string {
	d := p.Date
	if d.IsZero() {
		d = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var b strings.Builder
	b.Grow(len(pattern) + len(p.Slug))
	for {
		i := strings.IndexByte(pattern, ':')
		if i < 0 {
			b.WriteString(pattern)
			break
		}
		b.WriteString(pattern[:i])
		rest := pattern[i:]
		token := func(name string) bool {
			if !strings.HasPrefix(rest, name) {
				return false
			}
			pattern = rest[len(name):]
			return true
		}
		switch {
		case token(":year"):
			fmt.Fprintf(&b, "%04d", d.Year())
		case token(":month"):
			fmt.Fprintf(&b, "%02d", int(d.Month()))
		case token(":day"):
			fmt.Fprintf(&b, "%02d", d.Day())
		case token(":slug"):
			b.WriteString(p.Slug)
		case token(":title"):
			b.WriteString(Slugify(title))
		case token(":section"):
			b.WriteString(Slugify(p.Section))
		case token(":filename"):
			b.WriteString(Slugify(filename))
		default:
			b.WriteByte(':')
			pattern = rest[1:]
		}
	}
	u, err := cleanSitePath(b.String())
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
		if len(seg) > maxName {
			return "", fmt.Errorf("url %.40q… has a part of %d bytes; file names hold at most %d (shorten it)", u, len(seg), maxName)
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

// imageOf reads the cover image from image (text, or a table with path),
// images (a list, the first is the cover) or cover (a table with image, or
// text), in that order. A value of another type is an error, as it is for
// every key kopij reads.
func imageOf(fm frontMatter, file string) (string, error) {
	bad := func(k string, v any, want string) error {
		return &LineError{File: file, Line: fm.lines[k], Msg: fmt.Sprintf("%s must be %s; got %s (write %s: cover.jpg)", k, want, typeName(v), k)}
	}
	var found []string
	var errs []error
	if v, ok := fm.raw["image"]; ok && v != nil {
		switch v := v.(type) {
		case string:
			found = append(found, v)
		case map[string]any:
			s, ok := v["path"].(string)
			if !ok {
				errs = append(errs, bad("image", v["path"], "text, a URL or a file name, or a table with path: FILE"))
				break
			}
			found = append(found, s)
		default:
			errs = append(errs, bad("image", v, "text, a URL or a file name"))
		}
	}
	if v, ok := fm.raw["images"]; ok && v != nil {
		switch v := v.(type) {
		case string:
			found = append(found, v)
		case []any:
			for _, e := range v {
				s, ok := e.(string)
				if !ok {
					errs = append(errs, bad("images", e, "a list of URLs or file names"))
					break
				}
				found = append(found, s)
			}
		default:
			errs = append(errs, bad("images", v, "a list of URLs or file names"))
		}
	}
	if v, ok := fm.raw["cover"]; ok && v != nil {
		switch v := v.(type) {
		case string:
			found = append(found, v)
		case map[string]any:
			if img, ok := v["image"]; ok && img != nil {
				s, ok := img.(string)
				if !ok {
					errs = append(errs, bad("cover", img, "a table whose image is a URL or a file name"))
					break
				}
				found = append(found, s)
			}
		default:
			errs = append(errs, bad("cover", v, "a URL or a file name, or a table with image: FILE"))
		}
	}
	if len(errs) > 0 {
		return "", errors.Join(errs...)
	}
	for _, s := range found {
		if s = strings.TrimSpace(s); s != "" {
			return s, nil
		}
	}
	return "", nil
}

// authorOf reads the author's name from author (text, a table with name,
// or a list of names) or else from authors (a list of names).
func authorOf(fm frontMatter, file string) (string, error) {
	bad := func(v any, want string) error {
		return &LineError{File: file, Line: fm.lines["author"], Msg: fmt.Sprintf("author must be %s; got %s (write author: Ann de Vries)", want, typeName(v))}
	}
	as, err := fm.strs(file, "authors")
	if err != nil {
		return "", err
	}
	name := ""
	switch v := fm.raw["author"].(type) {
	case nil:
	case string:
		name = v
	case map[string]any:
		n, ok := v["name"].(string)
		if !ok {
			return "", bad(v["name"], "a name, or a table with name: NAME")
		}
		name = n
	case []any:
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return "", bad(e, "a name or a list of names")
			}
			if name == "" {
				name = s
			}
		}
	default:
		return "", bad(v, "a name")
	}
	if name = strings.TrimSpace(name); name != "" || len(as) == 0 {
		return name, nil
	}
	return as[0], nil
}

func titleFromName(name string) string {
	t := nameSpaces.Replace(name)
	t = strings.TrimSpace(t)
	if t == "" {
		return "Untitled"
	}
	r, size := utf8.DecodeRuneInString(t)
	return strings.ToUpper(string(r)) + t[size:]
}

// nameSpaces turns the dashes and underscores of a file name into spaces.
var nameSpaces = strings.NewReplacer("-", " ", "_", " ")

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

// knownLangs are the language codes a "post.nl.md" file name may end in.
var knownLangs = []string{"en", "nl", "de", "fr", "es", "it", "pt", "sv", "da", "no", "nb", "fi", "pl", "cs", "ja", "zh", "ko", "ru", "tr", "el", "hu", "ro", "uk"}

func knownLang(s string) bool {
	return slices.Contains(knownLangs, strings.ToLower(s[:2]))
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

// visibilityOf collects what front matter says about publishing a post.
func visibilityOf(fm frontMatter) dates.Visibility {
	var v dates.Visibility
	v.Published, v.HasPublished = fm.raw["published"]
	v.Draft, v.HasDraft = fm.raw["draft"]
	if n := fm.nodes["published"]; n != nil && n.Kind == yaml.ScalarNode {
		v.PublishedQuoted = n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	}
	return v
}

// boolish reads true or false, also written as text.
func boolish(v any) (bool, bool) {
	switch v := v.(type) {
	case bool:
		return v, true
	case string:
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		return b, err == nil
	}
	return false, false
}
