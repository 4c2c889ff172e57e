package builder

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
)

// job produces one output file. Its inputs write everything the output is
// made from into a fingerprint, so an unchanged fingerprint means unchanged
// bytes and the previous result is reused. Jobs outlive their build: inputs
// and render read pages through the index, which a body edit updates in
// place, so a later build can run a job again without making it anew.
type job struct {
	path   string // output path, e.g. "posts/x/index.html"
	owner  string // what produced it, for collision messages
	mime   string // media type for the minifier
	inputs func(f *fingerprint)
	render func() ([]byte, error)
}

// fingerprint accumulates the inputs of a job.
type fingerprint struct {
	h    maphash.Hash
	deps []string // files whose whole page (body included) the output shows
}

// reset starts the fingerprint of a job: the configuration and options come
// first, as every output depends on them.
func (f *fingerprint) reset(b *Builder) *fingerprint {
	f.h.SetSeed(b.seed)
	f.deps = f.deps[:0]
	return f.u64(b.cfgHash)
}

func (f *fingerprint) u64(v uint64) *fingerprint {
	var buf [8]byte
	for i := range buf {
		buf[i] = byte(v >> (8 * i))
	}
	f.h.Write(buf[:])
	return f
}

func (f *fingerprint) str(s string) *fingerprint {
	f.h.WriteString(s)
	f.h.WriteByte(0)
	return f
}

// page adds a page; full says whether its body matters or only what lists
// show of it.
func (f *fingerprint) page(p *Page, full bool) *fingerprint {
	if p == nil {
		return f.u64(0)
	}
	if full {
		f.deps = append(f.deps, p.File)
		return f.u64(p.hash ^ p.metaHash)
	}
	return f.u64(p.metaHash)
}

// layout adds the kind of output and the hash of the layout it uses.
func (f *fingerprint) layout(th *theme, kind, name string) *fingerprint {
	f.str(kind)
	if l := th.layouts[name]; l != nil {
		f.u64(l.hash)
	}
	return f
}

func (f *fingerprint) sum() uint64 { return f.h.Sum64() }

// render turns the index into output files, re-rendering only jobs whose
// fingerprint changed since a previous build. It keeps the jobs and, per
// source file, the jobs that show its body, for renderBodies.
func (b *Builder) render(ctx context.Context, idx *index, hot *hotJobs) (map[string]*Output, error) {
	sd := b.siteData(idx)
	var jobs []*job
	jobs = append(jobs, b.pageJobs(idx, sd)...)
	jobs = append(jobs, b.listJobs(idx, sd)...)
	jobs = append(jobs, b.feedJobs(idx)...)
	jobs = append(jobs, b.metaJobs(idx)...)

	files := make(map[string]*Output, len(jobs)+len(b.snap.files))
	owners := make(map[string]string, len(jobs))
	var errs []error
	claim := func(p, owner string) bool {
		if prev, ok := owners[p]; ok {
			errs = append(errs, fmt.Errorf("%s and %s both want to write %s (give one of them another slug or url)", prev, owner, "/"+p))
			return false
		}
		owners[p] = owner
		return true
	}
	jobs = append(jobs, b.themeAssetJobs()...)
	b.dependents = nil
	dependents := make(map[string][]*job, len(idx.posts)+len(idx.pages))
	var todo []*job
	var fps []uint64
	var f fingerprint
	for _, j := range jobs {
		if !claim(j.path, j.owner) {
			continue
		}
		j.inputs(f.reset(b))
		fp := f.sum()
		for _, d := range f.deps {
			dependents[d] = append(dependents[d], j)
		}
		if c := b.outputs[j.path]; c != nil && c.fp == fp {
			files[j.path] = &Output{Data: c.data, hash: c.hash}
			continue
		}
		todo = append(todo, j)
		fps = append(fps, fp)
	}
	b.copyJobs(idx, files, claim)
	if len(errs) > 0 {
		return nil, joinSorted(errs)
	}
	if err := b.run(ctx, todo, fps, files, hot); err != nil {
		return nil, err
	}
	for p := range b.outputs {
		if _, ok := files[p]; !ok {
			delete(b.outputs, p)
		}
	}
	b.dependents = dependents
	return files, nil
}

// run renders and minifies jobs in parallel, caches the results under
// their fingerprints fps and puts them into files. With hot, the hot jobs
// run first and their results go to the preview as soon as all are done.
func (b *Builder) run(ctx context.Context, todo []*job, fps []uint64, files map[string]*Output, hot *hotJobs) error {
	nhot := 0
	if hot != nil {
		nhot = hot.first(todo, fps)
	}
	results := make([]*Output, len(todo))
	rerrs := make([]error, len(todo))
	var left atomic.Int64
	left.Store(int64(nhot))
	parallel(ctx, b.opts.Workers, len(todo), func(i int) {
		j := todo[i]
		data, err := j.render()
		if err == nil && !b.opts.NoMinify && j.mime != "" {
			data, err = minifyBytes(b.min, j.mime, data)
		}
		if err == nil {
			results[i] = &Output{Data: data, hash: b.hash(data)}
		}
		rerrs[i] = err
		if i < nhot && left.Add(-1) == 0 && nhot < len(todo) {
			hot.show(b, todo[:nhot], results[:nhot])
		}
	})
	var owners []string
	var errs []error
	for i, j := range todo {
		if o := results[i]; o != nil {
			b.outputs[j.path] = &cachedOutput{fp: fps[i], data: o.Data, hash: o.hash}
			files[j.path] = o
		} else if rerrs[i] != nil {
			owners, errs = append(owners, j.owner), append(errs, rerrs[i])
		}
	}
	if err := ctx.Err(); err != nil {
		// What was rendered stays cached: the build that follows reuses it.
		return err
	}
	if len(errs) > 0 {
		return joinSorted(b.theme.renderErrors(owners, errs))
	}
	return nil
}

// renderBodies re-runs the jobs that show the body of one of the files
// after an edit that changed nothing lists show. It returns the site's
// files with those outputs replaced, and the paths whose bytes changed.
func (b *Builder) renderBodies(ctx context.Context, changed []string) (map[string]*Output, []string, error) {
	seen := map[*job]bool{}
	var todo []*job
	var fps []uint64
	var f fingerprint
	for _, file := range changed {
		for _, j := range b.dependents[file] {
			if seen[j] {
				continue
			}
			seen[j] = true
			j.inputs(f.reset(b))
			fp := f.sum()
			if c := b.outputs[j.path]; c != nil && c.fp == fp {
				continue
			}
			todo = append(todo, j)
			fps = append(fps, fp)
		}
	}
	files := maps.Clone(b.last)
	if err := b.run(ctx, todo, fps, files, nil); err != nil {
		return nil, nil, err
	}
	var paths []string
	for _, j := range todo {
		if prev := b.last[j.path]; prev == nil || prev.hash != files[j.path].hash {
			paths = append(paths, j.path)
		}
	}
	sort.Strings(paths)
	return files, paths, nil
}

// outPath maps a URL with the site's base path to an output file path.
func (b *Builder) outPath(u string) string {
	bp := basePathOf(b.cfg.BaseURL)
	u = strings.TrimPrefix(u, strings.TrimSuffix(bp, "/"))
	u = strings.TrimPrefix(u, "/")
	if u == "" || strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	return u
}

func (b *Builder) url(p string) string { return relURL(basePathOf(b.cfg.BaseURL), p) }

func (b *Builder) siteData(idx *index) *SiteData {
	sd := &SiteData{
		Title:       b.cfg.Title,
		BaseURL:     b.cfg.BaseURL,
		Language:    b.cfg.Language,
		Description: b.cfg.Description,
		Author:      b.cfg.Author,
		Copyright:   b.cfg.Copyright,
		Params:      b.cfg.Params,
		Serve:       b.opts.Serve,
		Newsletter: NewsletterData{
			Enabled:  b.cfg.NewsletterEnabled(),
			Endpoint: b.cfg.Newsletter.Endpoint,
			Consent:  b.cfg.Newsletter.Consent,
		},
		Feeds:    b.feedLinks("", b.cfg.Title),
		tagSlugs: idx.tagSlugs,
		catSlugs: idx.catSlugs,
		basePath: basePathOf(b.cfg.BaseURL),
	}
	if sd.Newsletter.Endpoint == "" {
		sd.Newsletter.Endpoint = "/_newsletter/subscribe"
	}
	if sd.Newsletter.Consent == "" {
		sd.Newsletter.Consent = defaultConsent(b.cfg.Language)
	}
	menu := append([]MenuItem(nil), b.cfg.Menu...)
	sort.SliceStable(menu, func(i, j int) bool { return menu[i].Weight < menu[j].Weight })
	for i := range menu {
		menu[i].URL = relURL(sd.basePath, menu[i].URL)
	}
	sd.Menu = menu
	return sd
}

func defaultConsent(lang string) string {
	if baseLang(lang) == "nl" {
		return "Ik wil nieuwe berichten per e-mail ontvangen. Afmelden kan altijd, met één klik onderaan elke mail."
	}
	return "I want to receive new posts by email. I can unsubscribe at any time with one click at the bottom of every email."
}

// TagURL returns the site-relative URL of a tag's page.
func (s *SiteData) TagURL(name string) string {
	return relURL(s.basePath, "/tags/"+s.termSlug(s.tagSlugs, name)+"/")
}

// CategoryURL returns the site-relative URL of a category's page.
func (s *SiteData) CategoryURL(name string) string {
	return relURL(s.basePath, "/categories/"+s.termSlug(s.catSlugs, name)+"/")
}

func (s *SiteData) termSlug(m map[string]string, name string) string {
	if slug, ok := m[strings.ToLower(name)]; ok {
		return slug
	}
	return Slugify(name)
}

func (b *Builder) menuFor(sd *SiteData, url string) []MenuLink {
	out := make([]MenuLink, len(sd.Menu))
	for i, m := range sd.Menu {
		out[i] = MenuLink{Name: m.Name, URL: m.URL, Active: m.URL == url}
	}
	return out
}

// exec runs a layout with data.
func (b *Builder) exec(name string, data any) ([]byte, error) {
	l := b.theme.layouts[name]
	if l == nil {
		return nil, fmt.Errorf("theme has no layouts/%s", name)
	}
	var buf bytes.Buffer
	if err := l.tmpl.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// otherBodies tells whether a layout shows the bodies of the pages it
// shows beside or instead of its own (neighbours, related and listed
// posts), or only what lists show of them.
func (b *Builder) otherBodies(layout string) bool {
	l := b.theme.layouts[layout]
	return l == nil || l.otherBodies
}

// pageJobs renders every post and standalone page.
func (b *Builder) pageJobs(idx *index, sd *SiteData) []*job {
	var jobs []*job
	full := b.otherBodies("post.html")
	for i, p := range idx.posts {
		jobs = append(jobs, &job{path: b.outPath(p.URL), owner: p.File, mime: "text/html",
			inputs: func(f *fingerprint) {
				// As idx.post(i) gives them, without making the related list.
				f.layout(b.theme, "post", "post.html").u64(idx.termsHash).page(idx.posts[i], true)
				f.page(idx.at(i+1), full).page(idx.at(i-1), full)
				for _, j := range idx.related[i] {
					f.page(idx.posts[j], full)
				}
			},
			render: func() ([]byte, error) {
				p, prev, next, related := idx.post(i)
				d := b.pageData(sd, KindPost, p)
				d.Prev, d.Next, d.Related = prev, next, related
				return b.exec("post.html", d)
			}})
		jobs = append(jobs, b.aliasJobs(p)...)
	}
	for i, p := range idx.pages {
		jobs = append(jobs, &job{path: b.outPath(p.URL), owner: p.File, mime: "text/html",
			inputs: func(f *fingerprint) {
				f.layout(b.theme, "page", "page.html").u64(idx.termsHash).page(idx.pages[i], true)
			},
			render: func() ([]byte, error) {
				return b.exec("page.html", b.pageData(sd, KindPage, idx.pages[i]))
			}})
		jobs = append(jobs, b.aliasJobs(p)...)
	}
	return jobs
}

func (b *Builder) pageData(sd *SiteData, kind Kind, p *Page) *PageData {
	d := &PageData{
		Site:        sd,
		Kind:        kind,
		Lang:        p.Lang,
		Title:       p.Title,
		Description: p.Description,
		URL:         p.URL,
		Permalink:   absURL(b.cfg.BaseURL, p.URL),
		Page:        p,
		Feeds:       sd.Feeds,
		Image:       b.imageURL(p),
		Menu:        b.menuFor(sd, p.URL),
	}
	if d.Description == "" {
		d.Description = truncateText(p.SummaryText, 160)
	}
	if kind == KindPost {
		d.JSONLD = b.blogPosting(p, d)
	}
	return d
}

// imageURL resolves a page's cover image to an absolute URL.
func (b *Builder) imageURL(p *Page) string {
	img := strings.TrimSpace(p.Image)
	if img == "" {
		return ""
	}
	if strings.Contains(img, "://") || strings.HasPrefix(img, "/") {
		return absURL(b.cfg.BaseURL, img)
	}
	return absURL(b.cfg.BaseURL, path.Join(p.URL, img))
}

func (b *Builder) blogPosting(p *Page, d *PageData) template.JS {
	author := p.Author
	if author == "" {
		author = b.cfg.Author.Name
	}
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "BlogPosting",
		"headline":         p.Title,
		"description":      d.Description,
		"url":              d.Permalink,
		"mainEntityOfPage": d.Permalink,
		"inLanguage":       p.Lang,
		"wordCount":        p.WordCount,
	}
	if !p.Date.IsZero() {
		ld["datePublished"] = p.Date.Format("2006-01-02T15:04:05Z07:00")
		ld["dateModified"] = p.Lastmod.Format("2006-01-02T15:04:05Z07:00")
	}
	if author != "" {
		ld["author"] = map[string]any{"@type": "Person", "name": author}
	}
	if d.Image != "" {
		ld["image"] = d.Image
	}
	if len(p.Tags) > 0 {
		ld["keywords"] = strings.Join(p.Tags, ", ")
	}
	buf, _ := json.Marshal(ld) // only strings and numbers: cannot fail
	return template.JS(buf)
}

func (b *Builder) aliasJobs(p *Page) []*job {
	var jobs []*job
	for _, u := range p.Aliases {
		// An alias page shows only what lists show of a post, so it may keep
		// the Page it was made with.
		target := absURL(b.cfg.BaseURL, p.URL)
		jobs = append(jobs, &job{path: b.outPath(b.url(u)), owner: p.File + " (alias " + u + ")", mime: "text/html",
			inputs: func(f *fingerprint) { f.layout(b.theme, "alias", "alias.html").str(target).str(p.Title).str(p.Lang) },
			render: func() ([]byte, error) {
				return b.exec("alias.html", &PageData{Site: &SiteData{BaseURL: b.cfg.BaseURL}, Kind: "alias", Permalink: target, URL: p.URL, Title: p.Title, Lang: p.Lang})
			}})
	}
	return jobs
}

// truncateText cuts plain text at a word boundary near n characters.
func truncateText(s string, n int) string {
	end, count := len(s), 0
	for i := range s {
		if count == n {
			end = i
			break
		}
		count++
	}
	if end == len(s) {
		return s
	}
	cut := s[:end]
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// copyJobs adds the files copied as is: theme static files, the site's
// static/ folder (which wins over the theme), bundle resources and other
// files under content/.
func (b *Builder) copyJobs(idx *index, files map[string]*Output, claim func(p, owner string) bool) {
	for rel, f := range b.theme.static {
		if _, site := b.snap.files[staticDir+"/"+rel]; site || minifiable(rel) != "" {
			continue
		}
		if f.embedded != nil {
			files[rel] = &Output{Source: f.path, FS: f.embedded, hash: f.hash}
		} else {
			files[rel] = &Output{Source: f.path, FS: b.fsys, hash: f.hash}
		}
		claim(rel, "theme file "+f.display())
	}
	bundles := map[string]string{} // bundle folder -> output folder
	for _, p := range append(append([]*Page(nil), idx.posts...), idx.pages...) {
		if p.Bundle != "" {
			bundles[p.Bundle+"/"] = strings.TrimSuffix(b.outPath(p.URL), "index.html")
		}
	}
	for p, f := range b.snap.files {
		var out string
		switch {
		case strings.HasPrefix(p, staticDir+"/"):
			out = strings.TrimPrefix(p, staticDir+"/")
		case strings.HasPrefix(p, contentDir+"/") && !isMarkdown(p):
			out = strings.TrimPrefix(p, contentDir+"/")
			for dir := path.Dir(p); dir != contentDir && dir != "."; dir = path.Dir(dir) {
				if o, ok := bundles[dir+"/"]; ok {
					out = o + strings.TrimPrefix(p, dir+"/")
					break
				}
			}
		default:
			continue
		}
		if !claim(out, p) {
			continue
		}
		files[out] = &Output{Source: p, FS: b.fsys, hash: f.hash}
	}
}

// minifiable returns the media type of theme assets that are minified
// like generated outputs, or "" for files copied as they are.
func minifiable(name string) string {
	switch path.Ext(name) {
	case ".css":
		return "text/css"
	case ".js":
		return "application/javascript"
	case ".svg":
		return "image/svg+xml"
	}
	return ""
}

// themeAssetJobs minifies the theme's CSS, JavaScript and SVG files, unless
// the site's static/ folder replaces them.
func (b *Builder) themeAssetJobs() []*job {
	var jobs []*job
	for rel, f := range b.theme.static {
		mime := minifiable(rel)
		if _, site := b.snap.files[staticDir+"/"+rel]; site || mime == "" {
			continue
		}
		f := f
		fsys := f.embedded
		if fsys == nil {
			fsys = b.fsys
		}
		jobs = append(jobs, &job{path: rel, owner: "theme file " + f.display(), mime: mime,
			inputs: func(fp *fingerprint) { fp.str("asset").u64(f.hash) },
			render: func() ([]byte, error) { return fs.ReadFile(fsys, f.path) }})
	}
	return jobs
}

// hotJobs picks the jobs a Preview wants first and shows their results.
type hotJobs struct {
	paths  map[string]bool // output paths
	owners map[string]bool // edited content files and folders
	base   *Site           // this build's site so far: posts, pages, hints
	early  func(*Site)
}

func (b *Builder) hotJobs(pv *Preview, changed []string, site *Site) *hotJobs {
	if pv == nil || pv.Early == nil || b.last == nil {
		return nil
	}
	h := &hotJobs{paths: map[string]bool{}, owners: map[string]bool{}, base: site, early: pv.Early}
	for _, p := range pv.Hot {
		h.paths[p] = true
	}
	for _, p := range changed {
		h.owners[cleanChanged(p)] = true
	}
	return h
}

// wants reports whether a job is hot: its output is asked for, or it is
// the page of an edited file or of a file in an edited folder.
func (h *hotJobs) wants(j *job) bool {
	if h.paths[j.path] {
		return true
	}
	if !strings.HasPrefix(j.owner, contentDir+"/") || len(h.owners) == 0 {
		return false
	}
	for p := j.owner; p != "." && p != "/"; p = path.Dir(p) {
		if h.owners[p] {
			return true
		}
	}
	return false
}

// first moves the hot jobs to the front, keeping fps in step, and returns
// how many there are.
func (h *hotJobs) first(todo []*job, fps []uint64) int {
	n := 0
	for i, j := range todo {
		if h.wants(j) {
			todo[n], todo[i] = todo[i], todo[n]
			fps[n], fps[i] = fps[i], fps[n]
			n++
		}
	}
	return n
}

// show hands the preview to Early: the previous build's files with the
// hot results in place. A hot job that failed (no result) cancels it; the
// build will report the error.
func (h *hotJobs) show(b *Builder, todo []*job, results []*Output) {
	if slices.Contains(results, nil) {
		return
	}
	files := maps.Clone(b.last)
	var changed []string
	for i, j := range todo {
		if prev := files[j.path]; prev == nil || prev.hash != results[i].hash {
			changed = append(changed, j.path)
		}
		files[j.path] = results[i]
	}
	sort.Strings(changed)
	site := *h.base
	site.Files, site.Changed = files, changed
	h.early(&site)
}
