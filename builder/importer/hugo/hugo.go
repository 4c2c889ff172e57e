// Package hugo reads a Hugo site folder into an importer.Site, for kopij
// import hugo: its configuration, its content with sections and page
// bundles, its static folders, and the URL Hugo gives every page
// (builder/hugo's Router), written as the post's url so the kopij site
// serves the same addresses. Shortcodes run at import with builder/hugo's
// engine and the site's own layouts/shortcodes, and what they write
// becomes Markdown, so the imported posts need no shortcodes at all.
package hugo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/kopij/kopij/builder/dates"
	hugoengine "github.com/kopij/kopij/builder/hugo"
	"github.com/kopij/kopij/builder/importer"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"go.yaml.in/yaml/v3"
)

// content is one content file on its way into the Site.
type content struct {
	file     string // below the site root: "content/posts/x.md"
	rel      string // below the content folder: "posts/x.md"
	fm       map[string]any
	lower    map[string]any // fm with lower-cased keys
	body     []byte
	bodyLine int
	c        hugoengine.Content
	page     *hugoengine.Page
	files    []importer.Resource // the bundle's own files
	lang     string              // the language of a translation (x.nl.md) or of its content folder; "" for the default
	langDir  bool                // Hugo publishes it under /LANG/
}

// handled are the front matter keys the importer writes itself.
var handled = map[string]bool{
	"title": true, "date": true, "lastmod": true, "modified": true, "draft": true, "slug": true,
	"url": true, "aliases": true, "tags": true, "categories": true, "description": true,
}

// contentExts are the content formats imported; others are reported.
var contentExts = map[string]bool{".md": true, ".markdown": true, ".mdown": true}

// Read reads the Hugo site whose root is fsys; name is the folder as the
// user named it, for messages. It never writes.
func Read(fsys fs.FS, name string) (*importer.Site, error) {
	cfg, err := hugoengine.ReadConfig(fsys)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	loc := time.UTC
	if tz, ok := cfg.Raw["timezone"].(string); ok && tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	}
	dp := dates.Parser{Location: loc, IgnoreZoneNames: true}
	site := &importer.Site{
		Source: name, Format: "Hugo site", Generator: "hugo",
		Title: cfg.Title, BaseURL: cfg.BaseURL,
		Language:     importer.LanguageCode(firstNonEmpty(cfg.LanguageCode, cfg.DefaultContentLanguage)),
		Taxonomies:   cfg.Taxonomies,
		PostsPerPage: cfg.PagerSize,
		Unsafe:       cfg.Unsafe,
	}
	if d, ok := cfg.Params["description"].(string); ok {
		site.Description = d
	}
	if a, ok := cfg.Author["name"].(string); ok {
		site.Author = a
	}
	base, _ := url.Parse(cfg.BaseURL)
	basePath := "/"
	if base != nil && base.Path != "" {
		basePath = base.Path
	}

	// Content files, with their front matter.
	var docs []*content
	contentDir := path.Clean(cfg.ContentDir)
	err = fs.WalkDir(fsys, contentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == contentDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() && p != contentDir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		rel := strings.TrimPrefix(p, contentDir+"/")
		ext := strings.ToLower(path.Ext(p))
		if !contentExts[ext] {
			if isContentFormat(ext) {
				site.Skipped = append(site.Skipped, importer.Skip{Source: p, Reason: "a " + ext + " content file; kopij imports Markdown (.md) only"})
			}
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		doc, err := parseContent(p, rel, data, dp)
		if err != nil { // Hugo stops at it; the rest of the blog is still worth importing
			site.Skipped = append(site.Skipped, importer.Skip{Source: p, Reason: err.Error()})
			return nil
		}
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].rel < docs[j].rel })
	defLang := strings.ToLower(firstNonEmpty(cfg.DefaultContentLanguage, "en"))
	inSubdir, _ := cfg.Raw["defaultcontentlanguageinsubdir"].(bool)
	for _, d := range docs {
		base := strings.TrimSuffix(path.Base(d.rel), path.Ext(d.rel))
		if i := strings.LastIndexByte(base, '.'); i > 0 {
			if _, ok := cfg.Languages[strings.ToLower(base[i+1:])]; ok {
				d.lang = strings.ToLower(base[i+1:])
			}
		}
		if d.lang == "" && len(cfg.Languages) > 0 {
			continue
		}
		if d.lang == defLang && !inSubdir {
			d.lang = ""
		}
		if d.lang != "" {
			d.langDir = true
			d.page.Lang = d.lang
		}
	}

	var contents []hugoengine.Content
	for _, d := range docs {
		contents = append(contents, d.c)
	}
	urlCfg := cfg.URLConfig()
	router, err := hugoengine.NewRouter(urlCfg, contents)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", name, firstNonEmpty(strings.Join(cfg.Files, ", "), "configuration"), err)
	}

	// Bundles: the files beside an index.md are its own.
	bundles := map[string]*content{} // folder below the site root -> leaf bundle
	for _, d := range docs {
		if path.Base(d.rel) == "index.md" || strings.HasPrefix(path.Base(d.rel), "index.") && contentExts[path.Ext(d.rel)] {
			bundles[path.Dir(d.file)] = d
		}
	}
	_ = fs.WalkDir(fsys, contentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || contentExts[strings.ToLower(path.Ext(p))] || isContentFormat(strings.ToLower(path.Ext(p))) {
			return nil
		}
		for dir := path.Dir(p); dir != contentDir && dir != "."; dir = path.Dir(dir) {
			if b := bundles[dir]; b != nil {
				data, err := fs.ReadFile(fsys, p)
				if err == nil {
					b.files = append(b.files, importer.Resource{Name: strings.TrimPrefix(p, dir+"/"), Data: data})
				}
				return nil
			}
		}
		return nil
	})

	// Static files.
	static := map[string]bool{}
	for _, dir := range cfg.StaticDirs {
		dir = path.Clean(dir)
		_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel := strings.TrimPrefix(p, dir+"/")
			if static[rel] || strings.HasPrefix(path.Base(rel), ".") {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				site.Notes = append(site.Notes, fmt.Sprintf("%s: not copied: %v", p, err))
				return nil
			}
			static[rel] = true
			site.Files = append(site.Files, importer.File{Path: "static/" + rel, Data: data})
			return nil
		})
	}

	// URLs and the pages the shortcodes see.
	main := mainSections(cfg, docs)
	var pages []*hugoengine.Page
	for _, d := range docs {
		u := router.URL(d.c)
		d.page.RelPermalink = strings.TrimSuffix(basePath, "/") + u
		d.page.Permalink = strings.TrimSuffix(cfg.BaseURL, "/") + strings.TrimPrefix(d.page.RelPermalink, strings.TrimSuffix(basePath, "/"))
		dir := d.page.RelPermalink
		if !strings.HasSuffix(dir, "/") {
			dir = path.Dir(dir) + "/"
		}
		for _, f := range d.files {
			d.page.Resources = append(d.page.Resources, hugoengine.Resource{Name: f.Name, RelPermalink: dir + f.Name,
				Permalink: strings.TrimSuffix(cfg.BaseURL, "/") + strings.TrimPrefix(dir, strings.TrimSuffix(basePath, "/")) + f.Name,
				MediaType: mime.TypeByExtension(path.Ext(f.Name))})
		}
		pages = append(pages, d.page)
	}
	md := newMarkdown(cfg.Unsafe)
	eng, err := hugoengine.NewEngine(&hugoengine.Site{Title: cfg.Title, BaseURL: cfg.BaseURL, LanguageCode: cfg.LanguageCode,
		Params: cfg.Params, Copyright: cfg.Copyright, Author: cfg.Author, Pages: pages},
		hugoengine.Options{Layouts: layouts(fsys, cfg), LayoutsDir: cfg.LayoutDir, Markdown: md})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, n := range sortedKeys(eng.TemplateErrors()) {
		site.Notes = append(site.Notes, fmt.Sprintf("shortcode %s cannot run: %v", n, eng.TemplateErrors()[n]))
	}

	for _, d := range docs {
		switch kind := d.c.Kind(); {
		case kind == "home":
			site.Skipped = append(site.Skipped, importer.Skip{Source: d.file, Title: d.page.Title, Reason: "the home page's content; kopij writes its own home page"})
			continue
		case isTaxonomy(cfg, d.rel):
			site.Skipped = append(site.Skipped, importer.Skip{Source: d.file, Title: d.page.Title, Reason: "a taxonomy term's page; kopij writes its own tag and category pages"})
			continue
		case kind == "section":
			site.Skipped = append(site.Skipped, importer.Skip{Source: d.file, Title: d.page.Title, Reason: "a section's list page (" + router.URL(d.c) + "); kopij writes its own lists"})
			continue
		case headless(d.lower):
			site.Skipped = append(site.Skipped, importer.Skip{Source: d.file, Title: d.page.Title, Reason: "a headless bundle, which Hugo does not publish"})
			continue
		}
		if u := router.URL(d.c); u == "/404.html" || u == "/404/" {
			site.Skipped = append(site.Skipped, importer.Skip{Source: d.file, Title: d.page.Title, Reason: "the page for missing addresses; kopij writes its own 404.html"})
			continue
		}
		p, err := d.post(eng, md, router, main[d.page.Section], basePath, static)
		if err != nil {
			return nil, err
		}
		site.Posts = append(site.Posts, p)
	}
	if perm := cfg.Permalinks["page"]; len(perm) > 0 {
		site.Permalinks = perm
		for s := range main {
			if perm[s] != "" && (site.Permalink == "" || s < mainFirst(main)) {
				site.Permalink = perm[s]
			}
		}
	}
	return site, nil
}

// post turns one content file into a Post: URL, aliases, expanded body.
func (d *content) post(eng *hugoengine.Engine, md goldmark.Markdown, router *hugoengine.Router, isPost bool, basePath string, static map[string]bool) (*importer.Post, error) {
	p := &importer.Post{Kind: importer.KindPage, Source: d.file, Title: d.page.Title, Date: d.page.Date,
		Lastmod: d.page.Lastmod, Draft: d.page.Draft, Slug: d.c.Slug, Files: d.files}
	if isPost {
		p.Kind = importer.KindPost
	}
	if p.Slug == "" {
		p.Slug = strings.TrimSuffix(path.Base(d.rel), path.Ext(d.rel))
		if d.isBundle() {
			p.Slug = path.Base(path.Dir(d.rel))
		}
	}
	if p.Title == "" {
		p.Title = p.Slug
	}
	p.URL = router.URL(d.c)
	if d.lang != "" {
		if p.Params == nil {
			p.Params = map[string]any{}
		}
		if d.langDir && d.c.URL == "" {
			p.URL = "/" + d.lang + p.URL // Hugo puts a translation under its language's folder
		}
	}
	if !p.Draft {
		p.OldURL = p.URL
	}
	p.Tags = stringList(d.lower["tags"])
	p.Categories = stringList(d.lower["categories"])
	if s, ok := d.lower["description"].(string); ok {
		p.Description = s
	}
	if a, ok := d.lower["author"].(string); ok {
		p.Author = a
	}
	dir := path.Dir(strings.TrimSuffix(p.URL, "/"))
	for _, a := range stringList(d.lower["aliases"]) {
		a = aliasPath(a, dir)
		if a != "" && a != p.URL {
			p.Aliases = append(p.Aliases, a)
		}
	}
	p.Params = map[string]any{}
	if d.lang != "" {
		p.Params["lang"] = d.lang
	}
	for k, v := range d.fm {
		lk := strings.ToLower(k)
		if handled[lk] || lk == "author" && p.Author != "" {
			continue
		}
		p.Params[k] = v
	}
	if len(p.Params) == 0 {
		p.Params = nil
	}
	body, err := expand(eng, md, d.page, d.body, p)
	if err != nil {
		return nil, err
	}
	p.Markdown = importer.TidyMarkdown(body)
	names := map[string]bool{}
	for _, f := range d.files {
		names[f.Name] = true
	}
	p.Missing = importer.MissingFiles(body, basePath, func(rel string) bool { return static[rel] || names[rel] }, func(rel string) bool {
		return names[rel] || static[strings.TrimPrefix(path.Join(dir, rel), "/")]
	})
	return p, nil
}

func (d *content) isBundle() bool {
	return strings.HasPrefix(path.Base(d.rel), "index.")
}

// aliasPath makes a Hugo alias a site path: relative ones are taken from
// the page's folder, and one without an extension is a folder.
func aliasPath(a, dir string) string {
	a = strings.TrimSpace(a)
	if a == "" || strings.Contains(a, "://") {
		return ""
	}
	if !strings.HasPrefix(a, "/") {
		a = path.Join(dir, a)
	}
	a = path.Clean("/" + a)
	if path.Ext(a) == "" {
		a += "/"
	}
	return a
}

// parseContent splits a content file into front matter and body.
func parseContent(file, rel string, data []byte, dp dates.Parser) (*content, error) {
	data = bytes.TrimPrefix(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\ufeff"))
	fm, body, line, err := frontMatter(file, data)
	if err != nil {
		return nil, err
	}
	d := &content{file: file, rel: rel, fm: fm, lower: map[string]any{}, body: body, bodyLine: line}
	for k, v := range fm {
		d.lower[strings.ToLower(k)] = v
	}
	str := func(k string) string { s, _ := d.lower[k].(string); return strings.TrimSpace(s) }
	date := func(keys ...string) time.Time {
		for _, k := range keys {
			if v, ok := d.lower[k]; ok && v != nil && v != "" {
				t, err := dp.Value(v)
				if err == nil {
					return t.Time
				}
			}
		}
		return time.Time{}
	}
	d.c = hugoengine.Content{Path: rel, Title: str("title"), Slug: str("slug"), URL: str("url"),
		Date: date("date", "publishdate", "pubdate", "published", "lastmod", "modified")}
	vis := dates.Visibility{}
	if v, ok := d.lower["draft"]; ok {
		vis.Draft, vis.HasDraft = v, true
	}
	if v, ok := d.lower["published"]; ok {
		if _, isBool := v.(bool); isBool {
			vis.Published, vis.HasPublished = v, true
		}
	}
	section := ""
	if i := strings.IndexByte(rel, '/'); i > 0 {
		section = rel[:i]
	}
	d.page = &hugoengine.Page{File: file, Path: rel, BodyLine: line, Kind: d.c.Kind(), Title: d.c.Title,
		Params: d.lower, Date: d.c.Date, Lastmod: date("lastmod", "modified"), PublishDate: date("publishdate", "pubdate", "date"),
		Section: section, Slug: d.c.Slug, Draft: !vis.Hugo().Keep}
	return d, nil
}

// frontMatter reads YAML (---), TOML (+++) or JSON ({) front matter and
// returns it with the body and the line the body starts on.
func frontMatter(file string, data []byte) (map[string]any, []byte, int, error) {
	fm := map[string]any{}
	if len(data) > 0 && data[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(&fm); err != nil {
			return nil, nil, 0, fmt.Errorf("%s:1: JSON front matter: %v (fix the JSON, or use --- YAML ---)", file, err)
		}
		n := int(dec.InputOffset())
		return fm, data[n:], 1 + bytes.Count(data[:n], []byte("\n")), nil
	}
	for _, delim := range []string{"---", "+++"} {
		if !bytes.HasPrefix(data, []byte(delim+"\n")) {
			continue
		}
		end := bytes.Index(data[3:], []byte("\n"+delim))
		if end < 0 {
			return nil, nil, 0, fmt.Errorf("%s:1: front matter opened with %s is never closed (add a %s line after it)", file, delim, delim)
		}
		text := data[4 : 3+end+1]
		rest := data[3+end+1+len(delim):]
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			rest = rest[i+1:]
		} else {
			rest = nil
		}
		line := 1 + bytes.Count(data[:len(data)-len(rest)], []byte("\n"))
		if delim == "---" {
			if err := yaml.Unmarshal(text, &fm); err != nil {
				return nil, nil, 0, fmt.Errorf("%s:%d: YAML front matter: %s (check the indentation and quote values with a colon)", file, yamlLine(err)+1, yamlMsg(err))
			}
		} else {
			if _, err := toml.Decode(string(text), &fm); err != nil {
				l := 2
				var perr toml.ParseError
				if errors.As(err, &perr) {
					l = perr.Position.Line + 1
				}
				return nil, nil, 0, fmt.Errorf("%s:%d: TOML front matter: %v (strings need quotes)", file, l, err)
			}
		}
		if fm == nil {
			fm = map[string]any{}
		}
		return fm, rest, line, nil
	}
	return fm, data, 1, nil
}

// mainSections are the sections whose pages are posts: params.mainSections,
// else the section with the most pages, as Hugo decides.
func mainSections(cfg *hugoengine.Config, docs []*content) map[string]bool {
	out := map[string]bool{}
	for _, s := range stringList(cfg.Params["mainsections"]) {
		out[s] = true
	}
	if len(out) > 0 {
		return out
	}
	n := map[string]int{}
	best := ""
	for _, d := range docs {
		s := d.page.Section
		if s == "" || d.c.Kind() != "page" {
			continue
		}
		n[s]++
		if n[s] > n[best] || n[s] == n[best] && s < best {
			best = s
		}
	}
	if best != "" {
		out[best] = true
	}
	return out
}

func mainFirst(m map[string]bool) string {
	keys := sortedKeys(m)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// isTaxonomy reports a content file of a taxonomy's own pages (content/tags/go/_index.md).
func isTaxonomy(cfg *hugoengine.Config, rel string) bool {
	first, _, _ := strings.Cut(rel, "/")
	for _, plural := range cfg.Taxonomies {
		if first == plural && strings.HasPrefix(path.Base(rel), "_index.") {
			return true
		}
	}
	return false
}

// headless reports a bundle Hugo does not publish: headless: true, or
// build options that say never to render it.
func headless(fm map[string]any) bool {
	if b, ok := fm["headless"].(bool); ok && b {
		return true
	}
	if build, ok := fm["build"].(map[string]any); ok {
		for k, v := range build {
			if strings.EqualFold(k, "render") {
				if s, ok := v.(string); ok && strings.EqualFold(s, "never") {
					return true
				}
				if b, ok := v.(bool); ok && !b {
					return true
				}
			}
		}
	}
	return false
}

func isContentFormat(ext string) bool {
	switch ext {
	case ".html", ".htm", ".adoc", ".asciidoc", ".org", ".rst", ".pandoc", ".pdc":
		return true
	}
	return false
}

// newMarkdown is the converter shortcode output is rendered with before it
// becomes Markdown again.
func newMarkdown(unsafe bool) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, hugoengine.Extension(unsafe)),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
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
			if s := strings.TrimSpace(fmt.Sprint(x)); s != "" && x != nil {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return v
	}
	return nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func yamlLine(err error) int {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return 1
	}
	var n int
	if _, e := fmt.Sscanf(err.Error(), "yaml: line %d:", &n); e == nil {
		return n
	}
	return 1
}

func yamlMsg(err error) string {
	s := err.Error()
	if i := strings.Index(s, ": "); strings.HasPrefix(s, "yaml: line") && i >= 0 {
		if j := strings.Index(s[i+2:], ": "); j >= 0 && strings.HasPrefix(s, "yaml: line") {
			return s[i+2+j+2:]
		}
	}
	return strings.TrimPrefix(s, "yaml: ")
}
