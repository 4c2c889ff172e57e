// Package jekyll reads a Jekyll site folder into an importer.Site, for
// kopij import jekyll: _config.yml, posts (in _posts/ and CATEGORY/_posts/),
// drafts, pages and the collections that have pages, and every other file
// that is not Jekyll's own (assets, images, CNAME) as a static file. Each
// document's URL is the one Jekyll 4 gives it (builder/jekyll's
// Config.Locate), written as its url; redirect_from is kept as aliases.
// Liquid runs at import with builder/jekyll's renderer and the site's
// _includes, and what tags write becomes Markdown, so the imported posts
// hold no Liquid.
package jekyll

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/kopij/kopij/builder/dates"
	"github.com/kopij/kopij/builder/importer"
	"github.com/kopij/kopij/builder/jekyll"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"go.yaml.in/yaml/v3"
)

// doc is one document with front matter.
type doc struct {
	path       string // below the site root
	collection string // "posts", a collection's label, "" for a page
	draft      bool   // in _drafts/ or published: false
	fm         map[string]any
	body       []byte
	line       int
	date       time.Time
	out        jekyll.Output
	notes      []string
}

// handled are the front matter keys the importer writes itself.
var handled = map[string]bool{
	"title": true, "date": true, "tags": true, "tag": true, "categories": true, "category": true,
	"permalink": true, "slug": true, "redirect_from": true, "published": true, "layout": true,
	"description": true, "author": true, "draft": true,
}

// defaultExclude is what Jekyll 4 leaves out of every site.
var defaultExclude = []string{".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock",
	"node_modules", "vendor/bundle", "vendor/cache", "vendor/gems", "vendor/ruby", "_site"}

func isMarkdown(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".mkd", ".mkdn", ".mdown":
		return true
	}
	return false
}

// Read reads the Jekyll site whose root is fsys; name is the folder as the
// user named it, for messages. It never writes.
func Read(fsys fs.FS, name string) (*importer.Site, error) {
	raw, err := fs.ReadFile(fsys, "_config.yml")
	if errors.Is(err, fs.ErrNotExist) {
		raw, err = fs.ReadFile(fsys, "_config.yaml")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: no _config.yml: %w (name the Jekyll site's folder)", name, err)
	}
	cfg, err := jekyll.ParseConfig("_config.yml", raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	site := &importer.Site{Source: name, Format: "Jekyll site", Generator: "jekyll",
		Title: cfg.Title, Description: cfg.Description, Language: importer.LanguageCode(cfg.Lang),
		Author: cfg.Author.Name, PostsPerPage: cfg.Paginate, Permalink: cfg.Permalink,
		Unsafe: true} // kramdown passes the HTML of posts through
	if cfg.URL != "" {
		site.BaseURL = strings.TrimSuffix(cfg.URL, "/") + "/" + strings.Trim(cfg.BaseURL, "/")
		site.BaseURL = strings.TrimSuffix(site.BaseURL, "/") + "/"
	}
	for label, c := range cfg.Collections {
		if c.Permalink != "" {
			if site.Permalinks == nil {
				site.Permalinks = map[string]string{}
			}
			site.Permalinks[label] = c.Permalink
		}
	}
	if cfg.Permalink != "" {
		if site.Permalinks == nil {
			site.Permalinks = map[string]string{}
		}
		if site.Permalinks["posts"] == "" {
			site.Permalinks["posts"] = cfg.Permalink
		}
	}
	site.Taxonomies = map[string]string{"tag": "tags", "category": "categories"}
	dp := dates.Parser{Location: cfg.Location(), YAMLTimesUTC: true}

	var docs []*doc
	static := map[string]bool{}
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		col, inCol := collectionOf(cfg, p, d.IsDir())
		if excluded(cfg, p, d.Name(), inCol) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		data = bytes.TrimPrefix(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\ufeff"))
		if !bytes.HasPrefix(data, []byte("---\n")) && !bytes.HasPrefix(data, []byte("---\r")) && !bytes.Equal(bytes.TrimSpace(data), []byte("---")) {
			if inCol || col == "drafts" {
				if col == "posts" && isMarkdown(p) {
					site.Skipped = append(site.Skipped, importer.Skip{Source: p, Reason: "no front matter, so Jekyll does not read it as a post (add --- lines at the top)"})
				}
				return nil
			}
			static[p] = true
			site.Files = append(site.Files, importer.File{Path: "static/" + p, Data: data})
			return nil
		}
		dc, err := readDoc(p, data, cfg, dp)
		if err != nil { // Jekyll stops at it; the rest of the blog is still worth importing
			site.Skipped = append(site.Skipped, importer.Skip{Source: p, Reason: err.Error()})
			return nil
		}
		dc.collection = col
		if col == "drafts" {
			dc.collection, dc.draft = "posts", true
		}
		docs = append(docs, dc)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}

	// Which documents Jekyll publishes, and where.
	var kept []*doc
	var posts []string
	for _, d := range docs {
		switch {
		case d.collection == "posts":
			f, ok, err := dp.FileName(d.path)
			if !d.draft && (!ok || err != nil) {
				reason := "no date in the file name (YYYY-MM-DD-title.md), so Jekyll does not publish it"
				if err != nil {
					reason = "the date in its file name is not a date: " + err.Error()
				}
				site.Skipped = append(site.Skipped, importer.Skip{Source: d.path, Title: str(d.fm["title"]), Reason: reason})
				continue
			}
			if ok && d.date.IsZero() {
				d.date = f.Date.Time
			}
			if !d.draft {
				posts = append(posts, d.path)
			}
		case d.collection != "":
			if !cfg.Collections[d.collection].Output {
				site.Skipped = append(site.Skipped, importer.Skip{Source: d.path, Title: str(d.fm["title"]),
					Reason: "collection " + d.collection + " has no output, so Jekyll publishes no page for it"})
				continue
			}
		case !isMarkdown(d.path) && !strings.EqualFold(path.Ext(d.path), ".html"):
			site.Skipped = append(site.Skipped, importer.Skip{Source: d.path, Title: str(d.fm["title"]),
				Reason: "a " + path.Ext(d.path) + " file the old theme renders (feed, stylesheet, sitemap); kopij writes its own"})
			continue
		case !isMarkdown(d.path) && listPage.Match(d.body):
			site.Skipped = append(site.Skipped, importer.Skip{Source: d.path, Title: str(d.fm["title"]),
				Reason: "an HTML page listing posts for the old theme (home, archive, tag page); kopij writes its own lists"})
			continue
		}
		slug, _ := d.fm["slug"].(string)
		perm, _ := d.fm["permalink"].(string)
		out, err := cfg.Locate(jekyll.Doc{Path: d.path, Collection: d.collection, Date: d.date, Slug: slug,
			Categories: jekyll.Categories(d.path, d.fm), Permalink: perm})
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, d.path, err)
		}
		d.out = out
		if d.collection == "" && (out.URL == "/" || out.URL == "/index.html") {
			site.Skipped = append(site.Skipped, importer.Skip{Source: d.path, Title: str(d.fm["title"]), Reason: "the home page; kopij writes its own"})
			continue
		}
		if out.URL == "/404.html" || out.URL == "/404/" {
			site.Skipped = append(site.Skipped, importer.Skip{Source: d.path, Title: str(d.fm["title"]), Reason: "the page for missing addresses; kopij writes its own 404.html"})
			continue
		}
		if to := d.fm["redirect_to"]; to != nil {
			site.Skipped = append(site.Skipped, importer.Skip{Source: d.path, Title: str(d.fm["title"]), Reason: fmt.Sprintf("a redirect to %v, not a page", to)})
			continue
		}
		kept = append(kept, d)
	}

	// Liquid sees the site as Jekyll shows it.
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, jekyll.NewKramdown(jekyll.KramdownOptions{TOCLevels: cfg.Kramdown.TOCLevels})),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()))
	urls := map[string]string{}
	vars := map[string]map[string]any{}
	byCol := map[string][]any{}
	for _, d := range kept {
		urls[d.path] = d.out.URL
		slug, _ := d.fm["slug"].(string)
		v := jekyll.Vars(d.fm, jekyll.Doc{Path: d.path, Collection: d.collection, Date: jekyll.SiteDate(d.date, cfg), Slug: slug,
			Categories: jekyll.Categories(d.path, d.fm)}, d.out)
		if d.date.IsZero() {
			delete(v, "date")
		}
		vars[d.path] = v
		if !d.draft {
			key := d.collection
			if key == "" {
				key = "pages"
			}
			byCol[key] = append(byCol[key], v)
		}
	}
	sv := map[string]any{}
	for k, v := range cfg.Vars {
		sv[k] = v
	}
	if p := byCol["posts"]; len(p) > 0 {
		rev := make([]any, len(p))
		for i := range p {
			rev[len(p)-1-i] = p[i]
		}
		byCol["posts"] = rev
	}
	for k, v := range byCol {
		sv[k] = v
	}
	if data, err := jekyll.LoadData(fsys, cfg.DataDir); err == nil {
		sv["data"] = data
	}
	rend := jekyll.NewRenderer(jekyll.Site{FS: fsys, IncludesDir: cfg.IncludesDir, Vars: sv, BaseURL: cfg.BaseURL,
		AbsoluteURL: cfg.URL, Location: cfg.Location(), Posts: posts,
		URL: func(p string) (string, bool) {
			u, ok := urls[p]
			if !ok && static[p] {
				return "/" + p, true
			}
			return u, ok
		},
		Markdownify: func(m string) string {
			var b bytes.Buffer
			_ = md.Convert([]byte(m), &b)
			return b.String()
		}})

	basePath := "/" + strings.Trim(cfg.BaseURL, "/")
	for _, d := range kept {
		p, err := d.post(cfg, rend, md, vars[d.path], basePath, static)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		site.Posts = append(site.Posts, p)
	}
	sort.SliceStable(site.Posts, func(i, j int) bool { return site.Posts[i].Source < site.Posts[j].Source })
	return site, nil
}

// listPage finds the Liquid of a page that lists posts.
var listPage = regexp.MustCompile(`paginator\.|site\.posts|site\.tags|site\.categories|for \w+ in site\.`)

// post turns a document into a Post with its Liquid run.
func (d *doc) post(cfg *jekyll.Config, rend *jekyll.Renderer, md goldmark.Markdown, vars map[string]any, basePath string, static map[string]bool) (*importer.Post, error) {
	p := &importer.Post{Kind: importer.KindPage, Source: d.path, Date: d.date, Draft: d.draft, Notes: d.notes}
	if d.collection == "posts" {
		p.Kind = importer.KindPost
	}
	p.Title, _ = vars["title"].(string)
	p.Slug, _ = vars["slug"].(string)
	if p.Slug == "" || p.Slug == "index" {
		p.Slug = strings.TrimSuffix(path.Base(d.path), path.Ext(d.path))
		if p.Slug == "index" && path.Dir(d.path) != "." {
			p.Slug = path.Base(path.Dir(d.path)) // contact/index.md is the contact page
		}
	}
	if u, err := url.PathUnescape(d.out.URL); err == nil {
		p.URL = u
	} else {
		p.URL = d.out.URL
	}
	if !strings.HasSuffix(p.URL, "/") && path.Ext(p.URL) == "" && strings.HasSuffix(d.out.File, ".html") {
		// Jekyll writes /about as about.html, which static hosts serve
		// for /about; kopij writes the same file.
		p.URL = "/" + strings.TrimPrefix(d.out.File, "/")
		if u, err := url.PathUnescape(p.URL); err == nil {
			p.URL = u
		}
	}
	if d.draft {
		p.URL = "" // never published: kopij's permalink
	} else {
		p.OldURL = p.URL
	}
	p.Tags = jekyll.Tags(d.fm)
	p.Categories = jekyll.Categories(d.path, d.fm)
	p.Description = str(d.fm["description"])
	p.Author = str(d.fm["author"])
	for _, a := range stringList(d.fm["redirect_from"]) {
		if a = aliasPath(a); a != "" && a != p.URL {
			p.Aliases = append(p.Aliases, a)
		}
	}
	if p.Params == nil {
		p.Params = map[string]any{}
	}
	for k, v := range d.fm {
		if !handled[strings.ToLower(k)] {
			p.Params[k] = v
		}
	}
	if a, ok := d.fm["author"]; ok && p.Author == "" && a != nil {
		p.Params["author"] = a
	}
	if len(p.Params) == 0 {
		p.Params = nil
	}
	res, err := rend.Render(jekyll.Page{Path: d.path, Line: d.line, Body: d.body, Vars: vars})
	if err != nil {
		var le *jekyll.Error
		if errors.As(err, &le) {
			p.Note(err.Error() + "; the body is imported without its Liquid run")
			p.RawLeft += countLiquid(d.body)
			p.Markdown = string(d.body)
			return p, nil
		}
		return nil, err
	}
	for _, w := range res.Warnings {
		p.Note(w.String())
	}
	if !isMarkdown(d.path) {
		p.HTML = liquidText.ReplaceAllStringFunc(string(res.Fragments.Restore(res.Markdown)), func(m string) string { return `{{ "` + m + `" }}` })
		return p, nil
	}
	body, err := markdown(res, d, p)
	if err != nil {
		return nil, err
	}
	if sep := cfg.ExcerptSep; sep != "" && sep != "\n\n" && strings.Contains(body, sep) {
		body = strings.Replace(body, sep, "\n\n<!--more-->\n\n", 1)
	}
	literal := 0
	for _, m := range rawBlock.FindAllSubmatch(d.body, -1) {
		literal += countLiquid(m[1])
	}
	if raw := proseLiquid(body) - literal; raw > 0 {
		p.RawLeft += raw
		p.Note(fmt.Sprintf("%s: %d Liquid tags or outputs are left as text", d.path, raw))
	}
	// Liquid a reader sees as text ({% raw %} in the old post, or made by
	// a tag) is written so that a build that runs Liquid shows it too.
	p.Markdown = importer.TidyMarkdown(liquidText.ReplaceAllStringFunc(body, func(m string) string { return `{{ "` + m + `" }}` }))
	dir := p.URL
	if !strings.HasSuffix(dir, "/") {
		dir = path.Dir(dir)
	}
	p.Missing = importer.MissingFiles(body, basePath, func(rel string) bool { return static[rel] }, func(rel string) bool {
		return static[strings.TrimPrefix(path.Join(dir, rel), "/")]
	})
	return p, nil
}

var (
	placeholder = regexp.MustCompile(`KOPIJLIQUIDHTML[0-9a-f]{12}\d+X`)
	rawBlock    = regexp.MustCompile(`(?s)\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}`)
	// kramdown's attribute lists, which kopij's Markdown does not read.
	blockIAL  = regexp.MustCompile(`(?m)^[ \t]*\{:[^}\n]*\}[ \t]*\n?`)
	spanIAL   = regexp.MustCompile(`\{:[^}\n]*\}`)
	headingID = regexp.MustCompile(`(?m)^(#{1,6} .*?)[ \t]*\{#[^}\n]+\}[ \t]*$`)
	tocList   = regexp.MustCompile(`(?m)^[ \t]*(?:[*+-]|1\.)[ \t]+[^\n]*\n[ \t]*\{:\s*(?:toc|\.toc)\s*\}[ \t]*$`)
)

// proseLiquid counts Liquid openings outside code: Liquid shown in code
// blocks and code spans is what a writer shows on purpose.
func proseLiquid(md string) int {
	n := 0
	for i, part := range splitCode(md) {
		if i%2 == 0 {
			n += countLiquid([]byte(codeSpan.ReplaceAllString(part, "")))
		}
	}
	return n
}

var codeSpan = regexp.MustCompile("(`+)[^`]+?(`+)")

// liquidText opens a Liquid tag or output.
var liquidText = regexp.MustCompile(`\{[{%]`)

// countLiquid counts Liquid tag and output openings.
func countLiquid(b []byte) int {
	return bytes.Count(b, []byte("{%")) + bytes.Count(b, []byte("{{"))
}

// markdown turns a render's Markdown into Markdown kopij reads: each
// fragment of HTML a tag wrote becomes Markdown, and kramdown's attribute
// lists go (outside code, where they are text).
func markdown(res jekyll.Result, d *doc, p *importer.Post) (string, error) {
	src := string(res.Markdown)
	var b strings.Builder
	last := 0
	for _, loc := range placeholder.FindAllStringIndex(src, -1) {
		tok := src[loc[0]:loc[1]]
		html := string(res.Fragments.Restore([]byte(tok)))
		b.WriteString(src[last:loc[0]])
		last = loc[1]
		if html == tok {
			b.WriteString(tok)
			continue
		}
		lineStart := strings.LastIndexByte(src[:loc[0]], '\n') + 1
		lineEnd := strings.IndexByte(src[loc[1]:], '\n')
		if lineEnd < 0 {
			lineEnd = len(src) - loc[1]
		}
		block := strings.TrimSpace(src[lineStart:loc[0]]) == "" && strings.TrimSpace(src[loc[1]:loc[1]+lineEnd]) == ""
		md, err := importer.FragmentMarkdown(html, block, func(s string) { p.Note(d.path + ": " + s) })
		if err != nil {
			return "", fmt.Errorf("%s: %w", d.path, err)
		}
		b.WriteString(md)
	}
	b.WriteString(src[last:])
	src = b.String()
	var out strings.Builder
	for i, part := range splitCode(src) {
		if i%2 == 1 { // code: as written
			out.WriteString(part)
			continue
		}
		if tocList.MatchString(part) {
			p.Note(d.path + ": the {:toc} table of contents is left out; kopij's theme lists a post's headings")
			part = tocList.ReplaceAllString(part, "")
		}
		part = headingID.ReplaceAllString(part, "$1")
		part = blockIAL.ReplaceAllString(part, "")
		part = spanIAL.ReplaceAllString(part, "")
		out.WriteString(part)
	}
	return strings.TrimLeft(out.String(), "\n"), nil
}

// splitCode splits Markdown into prose and fenced code, alternately.
func splitCode(s string) []string {
	var parts []string
	lines := strings.SplitAfter(s, "\n")
	var cur strings.Builder
	fence := ""
	for _, l := range lines {
		t := strings.TrimLeft(l, " ")
		if fence == "" && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
			parts = append(parts, cur.String())
			cur.Reset()
			fence = t[:3]
			cur.WriteString(l)
			continue
		}
		cur.WriteString(l)
		if fence != "" && strings.HasPrefix(strings.TrimSpace(t), fence) && strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t), fence[:1])) == "" {
			parts = append(parts, cur.String())
			cur.Reset()
			fence = ""
		}
	}
	parts = append(parts, cur.String())
	if len(parts)%2 == 0 { // an unclosed fence ends the text
		parts = append(parts, "")
	}
	return parts
}

// readDoc splits a document into its front matter and body.
func readDoc(p string, data []byte, cfg *jekyll.Config, dp dates.Parser) (*doc, error) {
	d := &doc{path: p, fm: map[string]any{}}
	rest := data[3:]
	rest = rest[bytes.IndexByte(append(rest, '\n'), '\n'):]
	var fmText []byte
	end := bytes.Index(rest, []byte("\n---"))
	if end < 0 {
		return nil, fmt.Errorf("%s:1: front matter opened with --- is never closed (add a --- line after it)", p)
	}
	fmText = rest[:end+1]
	body := rest[end+4:]
	if i := bytes.IndexByte(body, '\n'); i >= 0 {
		body = body[i+1:]
	} else {
		body = nil
	}
	d.body = body
	d.line = 1 + bytes.Count(data[:len(data)-len(body)], []byte("\n"))
	var node yaml.Node
	if err := yaml.Unmarshal(fmText, &node); err != nil {
		return nil, fmt.Errorf("%s:%d: YAML front matter: %s (check the indentation and quote values with a colon)", p, yamlLine(err)+1, yamlLineText.ReplaceAllString(err.Error(), ""))
	}
	if len(node.Content) > 0 && node.Content[0].Kind == yaml.MappingNode {
		if err := node.Content[0].Decode(&d.fm); err != nil {
			return nil, fmt.Errorf("%s:2: front matter: %v", p, err)
		}
	} else if len(node.Content) > 0 && node.Content[0].Kind != yaml.ScalarNode {
		return nil, fmt.Errorf("%s:2: front matter is not a list of keys and values (write key: value lines)", p)
	}
	if d.fm == nil {
		d.fm = map[string]any{}
	}
	typ := "pages"
	if strings.HasPrefix(p, "_posts/") || strings.Contains(p, "/_posts/") {
		typ = "posts"
	} else if strings.HasPrefix(p, "_drafts/") {
		typ = "drafts"
	}
	for k, v := range cfg.DefaultsFor(p, typ) {
		if _, ok := d.fm[k]; !ok {
			d.fm[k] = v
		}
	}
	vis := dates.Visibility{}
	if len(node.Content) > 0 {
		m := node.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i].Value, m.Content[i+1]
			switch k {
			case "date":
				dt, err := dp.Node(v)
				if err != nil {
					d.notes = append(d.notes, fmt.Sprintf("%s:%d: date %q is not a date; the file name's is used", p, v.Line+1, v.Value))
					continue
				}
				if n := dt.Note(); n != "" {
					d.notes = append(d.notes, fmt.Sprintf("%s:%d: %s", p, v.Line+1, n))
				}
				d.date = dt.Time
			case "published":
				vis.HasPublished, vis.Published = true, d.fm["published"]
				vis.PublishedQuoted = v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
			}
		}
	}
	if dec := vis.Jekyll(); !dec.Keep {
		d.draft = true
		if dec.Warning != "" {
			d.notes = append(d.notes, p+": "+dec.Warning)
		}
	}
	return d, nil
}

// collectionOf is the collection a path belongs to: "posts" (_posts/ at
// any depth), "drafts", a collection's label, or "". inCol is set for
// every path inside a collection's folder.
func collectionOf(cfg *jekyll.Config, p string, dir bool) (string, bool) {
	if strings.HasPrefix(p, "_posts/") || strings.Contains(p, "/_posts/") || dir && (p == "_posts" || strings.HasSuffix(p, "/_posts")) {
		return "posts", true
	}
	if strings.HasPrefix(p, "_drafts/") || p == "_drafts" {
		return "drafts", true
	}
	for label := range cfg.Collections {
		d := path.Join(cfg.CollectionsDir, "_"+label)
		if p == d || strings.HasPrefix(p, d+"/") {
			return label, true
		}
	}
	return "", false
}

// excluded reports what Jekyll does not read: its own folders (_layouts,
// _includes, _sass, _data, _plugins, _site), dot files, exclude: and
// Jekyll's default exclusions; include: puts names back.
func excluded(cfg *jekyll.Config, p, base string, inCol bool) bool {
	for _, inc := range cfg.Include {
		if strings.TrimSuffix(inc, "/") == p || strings.TrimSuffix(inc, "/") == base {
			return false
		}
	}
	for _, ex := range append(append([]string(nil), defaultExclude...), cfg.Exclude...) {
		ex = strings.Trim(ex, "/")
		if ex == p || strings.HasPrefix(p, ex+"/") {
			return true
		}
		if ok, _ := path.Match(ex, p); ok {
			return true
		}
	}
	if inCol {
		return strings.HasPrefix(base, ".")
	}
	return strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") || strings.HasPrefix(base, "#") || strings.HasSuffix(base, "~")
}

// aliasPath makes a redirect_from entry a site path.
func aliasPath(a string) string {
	a = strings.TrimSpace(a)
	if a == "" || strings.Contains(a, "://") {
		return ""
	}
	if u, err := url.PathUnescape(a); err == nil {
		a = u
	}
	trailing := strings.HasSuffix(a, "/")
	a = path.Clean("/" + a)
	if trailing || path.Ext(a) == "" {
		a = strings.TrimSuffix(a, "/") + "/"
	}
	return a
}

func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

func stringList(v any) []string {
	switch v := v.(type) {
	case string:
		if strings.TrimSpace(v) == "" {
			return nil
		}
		return []string{strings.TrimSpace(v)}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok && strings.TrimSpace(s) != "" {
				out = append(out, strings.TrimSpace(s))
			}
		}
		return out
	}
	return nil
}

var yamlLineText = regexp.MustCompile(`^yaml: (line \d+: )?`)

func yamlLine(err error) int {
	var n int
	if _, e := fmt.Sscanf(err.Error(), "yaml: line %d:", &n); e == nil {
		return n
	}
	return 1
}
