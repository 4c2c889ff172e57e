package builder

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/kopij/kopij/builder/hugo"
	"github.com/kopij/kopij/builder/jekyll"
	"github.com/yuin/goldmark"
)

// Folders at the site root that Hugo's shortcodes and Jekyll's includes
// come from, as in those generators' site folders.
const (
	layoutsDir  = "layouts"   // layouts/shortcodes/NAME.html and layouts/partials/, for Hugo's shortcodes
	includesDir = "_includes" // {% include %} files, for Jekyll's Liquid
)

// markup is the stage between front matter and Markdown that runs a
// page's Hugo shortcodes or Jekyll Liquid, made once per configuration and
// set of layouts/ and _includes/ files. Its engines are made on first use,
// so a site that uses neither never pays for them.
type markup struct {
	b   *Builder
	cfg *Config
	key uint64 // fingerprint of layouts/ and _includes/ and the configuration

	hugoOnce sync.Once
	eng      *hugo.Engine
	engErr   error
	mdHugo   goldmark.Markdown

	jekyllOnce sync.Once
	liq        *jekyll.Renderer
	mdJekyll   goldmark.Markdown

	urlMu sync.Mutex
	urls  map[string]string // content path -> URL without the base path, for {% link %} and {% post_url %}
}

// Kinds of what a parsed page depends on beyond its bytes and the
// configuration, kept in its parse entry.
const (
	depNone    = iota
	depMarkup  // the layouts/ and _includes/ files
	depContent // those, and the URLs of the other content files ({% link %}, {% post_url %})
)

// markupKey fingerprints the files the markup stage reads.
func (b *Builder) markupKey() uint64 {
	var buf []byte
	for _, p := range b.markupFiles() {
		buf = append(buf, p...)
		buf = binary.LittleEndian.AppendUint64(buf, b.src.files[p].hash)
	}
	return b.hash(buf) ^ b.config.key
}

// markupFiles lists the layouts/ and _includes/ files of the snapshot,
// sorted.
func (b *Builder) markupFiles() []string {
	var out []string
	for p := range b.src.files {
		if strings.HasPrefix(p, layoutsDir+"/") || strings.HasPrefix(p, includesDir+"/") {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// contentKey fingerprints every content file, for pages whose Liquid
// links to other pages.
func (b *Builder) contentKey() uint64 {
	names := make([]string, 0, len(b.src.files))
	for p := range b.src.files {
		if strings.HasPrefix(p, contentDir+"/") {
			names = append(names, p)
		}
	}
	slices.Sort(names)
	var buf []byte
	for _, p := range names {
		buf = append(buf, p...)
		buf = binary.LittleEndian.AppendUint64(buf, b.src.files[p].hash)
	}
	return b.hash(buf)
}

// prepareMarkup makes the markup stage for this build, reusing the last
// one when nothing it reads changed.
func (b *Builder) prepareMarkup() {
	key := b.markupKey()
	if b.config.Generator == GeneratorHugo {
		// Shortcodes see the other pages (ref, relref, .Site.GetPage),
		// so a Hugo site's markup changes with every content file.
		key ^= b.contentKey()
	}
	if b.markup != nil && b.markup.key == key {
		b.markup.urlMu.Lock()
		b.markup.urls = nil // other pages' URLs may have changed
		b.markup.urlMu.Unlock()
	} else {
		b.markup = &markup{b: b, cfg: &b.config.Config, key: key}
	}
	if b.config.Generator == GeneratorJekyll {
		b.contentDep = b.contentKey() ^ key
	}
}

// depKey is the current fingerprint for a kind of dependency.
func (b *Builder) depKey(kind uint8) uint64 {
	switch kind {
	case depMarkup:
		return b.markup.key
	case depContent:
		return b.contentDep
	}
	return 0
}

// hugoEngine returns the shortcode engine of the site.
func (m *markup) hugoEngine() (*hugo.Engine, goldmark.Markdown, error) {
	m.hugoOnce.Do(func() {
		cfg := m.cfg
		m.mdHugo = newSiteMarkdown(cfg, hugo.Extension(cfg.Markdown.Unsafe))
		layouts, err := fs.Sub(m.b.fsys, layoutsDir)
		if err != nil {
			m.engErr = err
			return
		}
		author := map[string]any{"name": cfg.Author.Name, "email": cfg.Author.Email}
		site := &hugo.Site{Title: cfg.Title, BaseURL: cfg.BaseURL, LanguageCode: cfg.Language, Params: lowerKeys(cfg.Params), Copyright: cfg.Copyright, Author: author}
		if cfg.Generator == GeneratorHugo {
			site.Pages = m.hugoPages()
		}
		m.eng, m.engErr = hugo.NewEngine(site, hugo.Options{Layouts: layouts, LayoutsDir: layoutsDir, Markdown: m.mdHugo, Now: m.b.opts.Now})
	})
	return m.eng, m.mdHugo, m.engErr
}

// hugoPages are the site's content files as shortcodes see them through
// ref, relref and .Site.GetPage: front matter and URL, in path order.
func (m *markup) hugoPages() []*hugo.Page {
	var files []string
	for p := range m.b.src.files {
		if strings.HasPrefix(p, contentDir+"/") && isMarkdown(p) && !isBranchIndex(p) {
			files = append(files, p)
		}
	}
	slices.Sort(files)
	env := &pageEnv{cfg: m.cfg, md: m.b.config.md, headOnly: true}
	var pages []*hugo.Page
	for _, file := range files {
		p, err := parsePageIn(env, file, m.b.src.files[file].data)
		if err != nil || p.skip {
			continue
		}
		pages = append(pages, hugoPage(m.cfg, p, 0))
	}
	return pages
}

// hugoPage is a page as Hugo's templates see it.
func hugoPage(cfg *Config, p *Page, bodyLine int) *hugo.Page {
	slug, _ := p.Params["slug"].(string)
	return &hugo.Page{File: p.File, Path: strings.TrimPrefix(p.File, contentDir+"/"), BodyLine: bodyLine, Kind: "page", Title: p.Title,
		Params: p.Params, Date: p.Date, Lastmod: p.Lastmod, PublishDate: p.Date, Permalink: absURL(cfg.BaseURL, p.URL), RelPermalink: p.URL,
		Section: p.Section, Lang: p.Lang, Slug: slug, Draft: p.Draft}
}

// jekyllRenderer returns the Liquid renderer of the site.
func (m *markup) jekyllRenderer() (*jekyll.Renderer, goldmark.Markdown) {
	m.jekyllOnce.Do(func() {
		cfg := m.cfg
		m.mdJekyll = newSiteMarkdown(cfg, jekyll.NewKramdown(jekyll.KramdownOptions{}))
		bp := strings.TrimSuffix(cfg.BasePath(), "/")
		origin := strings.TrimSuffix(cfg.BaseURL, cfg.BasePath())
		vars := lowerKeys(cfg.Params)
		if vars == nil {
			vars = map[string]any{}
		}
		maps.Copy(vars, map[string]any{"title": cfg.Title, "description": cfg.Description, "url": origin, "baseurl": bp, "lang": cfg.Language,
			"author": map[string]any{"name": cfg.Author.Name, "email": cfg.Author.Email, "url": cfg.Author.URL}, "time": m.b.opts.Now()})
		var posts []string
		for p := range m.b.src.files {
			if strings.HasPrefix(p, contentDir+"/") && isMarkdown(p) && strings.Contains(p, "_posts/") {
				posts = append(posts, strings.TrimPrefix(p, contentDir+"/"))
			}
		}
		slices.Sort(posts)
		md := m.mdJekyll
		m.liq = jekyll.NewRenderer(jekyll.Site{
			FS: m.b.fsys, IncludesDir: includesDir, Vars: vars, BaseURL: bp, AbsoluteURL: origin,
			Location: cfg.ruleSet().dates.Location, Posts: posts, URL: m.urlOf,
			Markdownify: func(s string) string {
				var buf bytes.Buffer
				_ = md.Convert([]byte(s), &buf)
				return buf.String()
			},
			Now: m.b.opts.Now,
		})
	})
	return m.liq, m.mdJekyll
}

// urlOf is the URL, without the base path, a Jekyll source path (relative
// to content/, or a static file) is published at.
func (m *markup) urlOf(sourcePath string) (string, bool) {
	sourcePath = strings.TrimPrefix(path.Clean("/"+sourcePath), "/")
	file := contentDir + "/" + sourcePath
	m.urlMu.Lock()
	u, ok := m.urls[file]
	m.urlMu.Unlock()
	if ok {
		return u, u != ""
	}
	if _, static := m.b.src.files[staticDir+"/"+sourcePath]; static {
		return "/" + sourcePath, true
	}
	f := m.b.src.files[file]
	if f == nil || !isMarkdown(file) {
		return "", false
	}
	p, err := parsePageIn(&pageEnv{cfg: m.cfg, md: m.b.config.md, headOnly: true}, file, f.data)
	if err == nil && !p.skip {
		u = "/" + strings.TrimPrefix(p.URL, m.cfg.BasePath())
	}
	m.urlMu.Lock()
	if m.urls == nil {
		m.urls = map[string]string{}
	}
	m.urls[file] = u
	m.urlMu.Unlock()
	return u, u != ""
}

// render runs a page's shortcodes or Liquid, as the site's generator
// does, then its Markdown. It records in p.dep what the output depends on.
func (env *pageEnv) render(p *Page, fm frontMatter, body []byte, bodyLine int, cats []string) (rendered, error) {
	cfg, m := env.cfg, env.markup
	switch {
	case m == nil:
	case cfg.Generator == GeneratorJekyll:
		liq, md := m.jekyllRenderer()
		if bytes.Contains(body, []byte("{% link")) || bytes.Contains(body, []byte("{% post_url")) || bytes.Contains(body, []byte("{%link")) || bytes.Contains(body, []byte("{%post_url")) {
			p.dep = depContent
		} else if bytes.Contains(body, []byte("{%")) {
			p.dep = depMarkup
		}
		rel := strings.TrimPrefix(p.File, contentDir+"/")
		doc := jekyll.Doc{Path: rel, Date: p.Date, Slug: fm.rawString("slug"), Categories: cats, Permalink: fm.rawString("permalink")}
		if p.Kind == KindPost {
			doc.Collection = "posts"
		}
		vars := jekyll.Vars(fm.raw, doc, jekyll.Output{URL: "/" + strings.TrimPrefix(p.URL, cfg.BasePath())})
		res, err := liq.Render(jekyll.Page{Path: p.File, Line: bodyLine, Body: body, Vars: vars})
		if err != nil {
			if je, ok := err.(*jekyll.Error); ok {
				return rendered{}, &LineError{File: je.File, Line: je.Line, Msg: je.Msg, Err: err}
			}
			return rendered{}, &LineError{File: p.File, Line: bodyLine, Msg: err.Error(), Err: err}
		}
		for _, w := range res.Warnings {
			p.warnings = append(p.warnings, w.String())
		}
		return renderMarkdownWith(md, res.Markdown, res.Fragments.Restore), nil
	case cfg.Generator == GeneratorHugo || bytes.Contains(body, []byte("{{<")) || bytes.Contains(body, []byte("{{%")):
		if !bytes.Contains(body, []byte("{{")) {
			break
		}
		eng, md, err := m.hugoEngine()
		if err != nil {
			return rendered{}, &LineError{File: layoutsDir, Msg: err.Error(), Err: err}
		}
		p.dep = depMarkup
		x, err := eng.Expand(hugoPage(cfg, p, bodyLine), body)
		if err != nil {
			// A site template that fails: the call shows nothing, and
			// the writer is told where.
			for _, e := range unjoin(err) {
				p.warnings = append(p.warnings, e.Error())
			}
		}
		for _, w := range x.Warnings {
			p.warnings = append(p.warnings, w.String())
		}
		if len(x.Files) > 0 {
			p.warnings = append(p.warnings, fmt.Sprintf("%s: %d generated file(s) (QR codes) are not published by kopij", p.File, len(x.Files)))
		}
		return renderMarkdownWith(md, x.Markdown, x.Finish, x.ParseOption()), nil
	}
	return renderMarkdown(env.md, body), nil
}

// unjoin lists the errors joined in err.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// lowerKeys copies a table with its keys in lower case, as Hugo's
// templates see site params; nil for nil.
func lowerKeys(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// rawString is a front matter value as text, "" when not text.
func (f frontMatter) rawString(key string) string {
	s, _ := f.raw[key].(string)
	return s
}
