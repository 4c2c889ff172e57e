package builder

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kopij/kopij/builder/hints"
	"github.com/kopij/kopij/themes"
	"github.com/tdewolff/minify/v2"
	"github.com/yuin/goldmark"
)

// Options are the choices of one command run; they are not in kopij.toml.
type Options struct {
	Drafts   bool             // include posts with draft: true
	Future   bool             // include posts dated in the future
	BaseURL  string           // replaces base_url when set
	Origin   string           // replaces the scheme and host of base_url, keeping its path, e.g. "http://127.0.0.1:1313" for kopij serve
	NoMinify bool             // write outputs without minifying them
	Serve    bool             // rendering for kopij serve: templates see .Site.Serve
	Now      func() time.Time // the clock; time.Now when nil
	Workers  int              // parallel parse and render workers; 0 means one per CPU
	Theme    fs.FS            // the default theme; the embedded one when nil
}

// Output is one file of the built site.
type Output struct {
	Data   []byte // content of a generated file; nil when the file is copied
	Source string // path of a copied file in FS
	FS     fs.FS  // file system Source is read from: the site folder or the embedded theme
	hash   uint64
}

// Site is the result of a build: every output file as data, plus what the
// build learned about the posts. It is a snapshot: nothing a later build
// does changes it, so a Site may be read while the next build runs.
type Site struct {
	Config        Config
	Files         map[string]*Output // output path, e.g. "posts/hello/index.html" -> file
	Posts         []*Page            // published posts, newest first
	Pages         []*Page            // published standalone pages, by weight then title
	NextScheduled time.Time          // date of the next future post left out, zero when none
	Changed       []string           // output paths added, changed or removed since the previous successful Build, sorted
	Warnings      []string           // problems that did not stop the build
	Hints         []hints.Post       // retention hints per post, in Posts order
}

// OutputPath maps the path of a URL on the site, such as "/blog/posts/x/"
// or "/blog/css/site.css", to the output file it names, such as
// "posts/x/index.html"; ok is false for a path outside the site's base path.
func (s *Site) OutputPath(urlPath string) (p string, ok bool) {
	clean := path.Clean("/" + urlPath)
	if strings.HasSuffix(urlPath, "/") && clean != "/" {
		clean += "/"
	}
	p, ok = strings.CutPrefix(clean, s.Config.BasePath())
	if ok && (p == "" || strings.HasSuffix(p, "/")) {
		p += "index.html"
	}
	return p, ok
}

// Builder builds one site folder again and again, reusing the work of the
// previous build for whatever did not change. It is not safe for concurrent
// use; one Build at a time.
type Builder struct {
	fsys fs.FS
	opts Options
	seed maphash.Seed

	snap   snapshot
	loaded bool

	cfg     Config
	cfgHash uint64
	cfgErr  error
	md      goldmark.Markdown

	themeKey uint64
	theme    *theme
	embedded map[string]themeFile // the default theme's files, read once
	min      *minify.M

	parsed map[string]*parseEntry
	idx    *index
	hints  hintSet
	// outputs caches each output under the fingerprint of its inputs.
	outputs map[string]*cachedOutput
	// dependents lists, per content file, the jobs of the last render that
	// show its body, so that a body edit re-runs only those.
	dependents map[string][]*job
	round      uint64 // number of the current build, for perBuild values
	bodyBuilds int    // builds done by buildBodies, for tests

	// What the last successful build was made from and made; clean is false
	// after a failed or cancelled build, which the next build redoes in full.
	clean   bool
	pages   []*Page        // every parsed page, in file order
	pagePos map[string]int // file -> position in pages
	last    map[string]*Output
}

// perBuild is a value made at most once per build and shared by the jobs
// of that build, such as the feed the RSS, Atom and JSON encoders read.
type perBuild[T any] struct {
	b     *Builder
	make  func() T
	mu    sync.Mutex
	round uint64
	v     T
}

func (o *perBuild[T]) get() T {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.round != o.b.round {
		o.v, o.round = o.make(), o.b.round
	}
	return o.v
}

type parseEntry struct {
	hash uint64
	page *Page
	err  error
}

type cachedOutput struct {
	fp   uint64
	data []byte
	hash uint64 // b.hash(data), kept so that reusing an output costs no rehash
}

// New returns a Builder for the site folder fsys.
func New(fsys fs.FS, opts Options) *Builder {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Theme == nil {
		opts.Theme = themes.Default()
	}
	return &Builder{fsys: fsys, opts: opts, seed: maphash.MakeSeed(), min: newMinifier(),
		parsed: map[string]*parseEntry{}, outputs: map[string]*cachedOutput{}}
}

// Build builds the whole site in memory. changed lists the site-relative
// paths that changed since the previous call (files or folders, created,
// written or removed); nil means "look at everything again". Errors of all
// broken files are joined; each reads "file:line: what is wrong".
func Build(ctx context.Context, fsys fs.FS, opts Options) (*Site, error) {
	return New(fsys, opts).Build(ctx, nil)
}

func (b *Builder) hash(data []byte) uint64 { return maphash.Bytes(b.seed, data) }

// Build runs one build; see the package function Build.
func (b *Builder) Build(ctx context.Context, changed []string) (*Site, error) {
	return b.BuildPreview(ctx, changed, nil)
}

// Preview asks a build that renders many outputs to render some first and
// show them before the rest, as kopij serve does with the pages open in
// browsers: after a template edit on a large site the page on screen
// changes at once, the others follow.
type Preview struct {
	Hot []string // output paths to render first, e.g. "posts/x/index.html"; the pages of edited content files come first too
	// Early receives the previous build's site with the hot outputs of
	// this one in place, as soon as they are rendered, while the rest
	// still renders. Its Changed lists the hot outputs that changed. It is
	// called at most once, from a render goroutine, and not at all when
	// the build fails before, or when nothing else is left to render.
	Early func(*Site)
}

// BuildPreview is Build with a Preview; pv may be nil.
func (b *Builder) BuildPreview(ctx context.Context, changed []string, pv *Preview) (*Site, error) {
	b.round++
	if err := b.read(changed); err != nil {
		b.clean = false
		return nil, err
	}
	if site, ok := b.buildBodies(ctx, changed); ok {
		return site, nil
	}
	b.clean = false
	pages, errs, err := b.parseStage(ctx, true)
	if err != nil {
		return nil, err
	}
	site := &Site{Config: b.cfg}
	idx, idxErrs := b.index(pages, site)
	errs = append(errs, idxErrs...)
	if len(errs) > 0 {
		return nil, joinSorted(errs)
	}
	files, err := b.render(ctx, idx, b.hotJobs(pv, changed, site))
	if err != nil {
		return nil, err
	}
	b.pages = pages
	b.pagePos = make(map[string]int, len(pages))
	for i, p := range pages {
		b.pagePos[p.File] = i
	}
	site.Changed = diffOutputs(b.last, files)
	return b.finish(site, files), nil
}

// finish completes a successful build: its warnings, and what the next
// build starts from.
func (b *Builder) finish(site *Site, files map[string]*Output) *Site {
	for p, w := range b.snap.warnings {
		site.Warnings = append(site.Warnings, p+": "+w)
	}
	for _, p := range b.pages {
		site.Warnings = append(site.Warnings, p.warnings...)
	}
	sort.Strings(site.Warnings)
	site.Files = files
	b.last = files
	b.clean = true
	return site
}

// buildBodies is the build after edits of post or page bodies that change
// nothing lists show (title, date, tags, summary, reading time and the
// rest of the front matter stay): the site's structure stays, and only the
// outputs showing those bodies are rendered again. It reports false when
// the edit is of another kind, or anything goes wrong; Build then does the
// whole build, which also reports the errors.
func (b *Builder) buildBodies(ctx context.Context, changed []string) (*Site, bool) {
	if !b.clean || changed == nil {
		return nil, false
	}
	type edit struct {
		pos      int
		old, cur *Page
		entry    *parseEntry
	}
	var edits []edit
	for _, p := range changed {
		p = cleanChanged(p)
		if !watchedRoot(p) {
			continue
		}
		pos, ok := b.pagePos[p]
		f := b.snap.files[p]
		if !ok || f == nil {
			return nil, false
		}
		old := b.pages[pos]
		if old.hash == f.hash^b.cfgHash {
			continue // saved again unchanged
		}
		page, err := b.parseOne(p, f)
		if err != nil || page.metaHash != old.metaHash {
			return nil, false
		}
		edits = append(edits, edit{pos: pos, old: old, cur: page, entry: &parseEntry{hash: f.hash, page: page}})
	}
	// Time moves on between builds: a post that came due changes the
	// structure even though no file says so. (The edited pages select and
	// key as the pages they replace: their front matter is the same.)
	_, _, next, key := b.published(b.pages)
	if key != b.idx.key {
		return nil, false
	}
	swap := make(map[*Page]*Page, len(edits))
	files := make([]string, len(edits))
	for i, e := range edits {
		b.pages[e.pos] = e.cur
		b.parsed[e.cur.File] = e.entry
		swap[e.old] = e.cur
		files[i] = e.cur.File
	}
	b.idx.swap(swap)
	site := &Site{Config: b.cfg, NextScheduled: next}
	b.finishSite(b.idx, site)
	out, outChanged, err := b.renderBodies(ctx, files)
	if err != nil {
		return nil, false
	}
	site.Changed = outChanged
	b.bodyBuilds++
	return b.finish(site, out), true
}

// read brings the snapshot up to date: all files, or those changed.
func (b *Builder) read(changed []string) error {
	var err error
	if !b.loaded || changed == nil {
		err = b.snap.load(b.fsys, b.hash)
		b.loaded = err == nil
	} else {
		err = b.snap.refresh(b.fsys, changed, b.hash)
	}
	return err
}

// parse runs the stages before the index: it reads what changed, the
// configuration, the theme (when withTheme) and every changed content
// file. errs are the problems of broken content files; err stops the build.
func (b *Builder) parse(ctx context.Context, changed []string, withTheme bool) (pages []*Page, errs []error, err error) {
	if err := b.read(changed); err != nil {
		return nil, nil, err
	}
	return b.parseStage(ctx, withTheme)
}

// parseStage is parse after the snapshot is read.
func (b *Builder) parseStage(ctx context.Context, withTheme bool) (pages []*Page, errs []error, err error) {
	if err := b.loadConfig(); err != nil {
		return nil, nil, err
	}
	if withTheme {
		if err := b.loadTheme(); err != nil {
			return nil, nil, err
		}
	}
	pages, errs = b.parseAll(ctx)
	return pages, errs, ctx.Err()
}

func (b *Builder) loadConfig() error {
	f := b.snap.files[ConfigFile]
	var data []byte
	if f != nil {
		data = f.data
	}
	h := b.hash(append(append([]byte(nil), data...), fmt.Sprintf("%+v", b.opts.outputKey())...))
	if b.md != nil && h == b.cfgHash {
		return b.cfgErr
	}
	b.cfgHash = h
	cfg := DefaultConfig()
	var err error
	if f != nil {
		cfg, err = ParseConfig(data)
	} else {
		err = cfg.validate()
	}
	if err == nil && b.opts.BaseURL != "" {
		cfg.BaseURL = b.opts.BaseURL
		err = cfg.validate()
	}
	if err == nil && b.opts.Origin != "" {
		cfg.BaseURL = strings.TrimSuffix(b.opts.Origin, "/") + basePathOf(cfg.BaseURL)
		err = cfg.validate()
	}
	b.cfgErr = err
	b.cfg = cfg
	b.md = newMarkdown(cfg.Markdown)
	b.parsed = map[string]*parseEntry{}
	b.outputs = map[string]*cachedOutput{}
	b.idx = nil
	b.themeKey = 0
	return err
}

// outputKey returns the options that change outputs, for fingerprints.
func (o Options) outputKey() [4]any {
	return [4]any{o.Drafts, o.Future, o.NoMinify, o.Serve}
}

func (b *Builder) loadTheme() error {
	if b.embedded == nil {
		emb, err := readEmbeddedTheme(b.opts.Theme, b.hash)
		if err != nil {
			return err
		}
		b.embedded = emb
	}
	files := overlayTheme(b.embedded, &b.snap, b.cfg.Theme)
	var key strings.Builder
	names := make([]string, 0, len(files))
	for p := range files {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		fmt.Fprintf(&key, "%s:%d:%s;", p, files[p].hash, files[p].path)
	}
	k := b.hash([]byte(key.String())) ^ b.cfgHash
	if b.theme != nil && k == b.themeKey {
		return nil
	}
	th, err := parseTheme(files, &b.cfg, b.hash)
	if err != nil {
		return err
	}
	b.theme, b.themeKey = th, k
	return nil
}

// parseAll parses every content file whose bytes changed, in parallel, and
// returns all pages in file order.
func (b *Builder) parseAll(ctx context.Context) ([]*Page, []error) {
	var todo []string
	var files []string
	for p, f := range b.snap.files {
		if !strings.HasPrefix(p, contentDir+"/") || !isMarkdown(p) || isBranchIndex(p) {
			continue
		}
		files = append(files, p)
		if e := b.parsed[p]; e == nil || e.hash != f.hash {
			todo = append(todo, p)
		}
	}
	for p := range b.parsed {
		if _, ok := b.snap.files[p]; !ok {
			delete(b.parsed, p)
		}
	}
	sort.Strings(files)
	results := make([]*parseEntry, len(todo))
	parallel(ctx, b.opts.Workers, len(todo), func(i int) {
		p := todo[i]
		f := b.snap.files[p]
		page, err := b.parseOne(p, f)
		results[i] = &parseEntry{hash: f.hash, page: page, err: err}
	})
	for i, p := range todo {
		if results[i] != nil {
			b.parsed[p] = results[i]
		}
	}
	var pages []*Page
	var errs []error
	for _, p := range files {
		e := b.parsed[p]
		if e == nil {
			continue
		}
		if e.err != nil {
			errs = append(errs, e.err)
			continue
		}
		pages = append(pages, e.page)
	}
	return pages, errs
}

func (b *Builder) parseOne(file string, f *srcFile) (p *Page, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, &LineError{File: file, Msg: fmt.Sprintf("internal error while parsing (%v); please report this file", r)}
		}
	}()
	p, err = parsePage(&b.cfg, b.md, file, f.data)
	if err != nil {
		return nil, err
	}
	p.hash = f.hash ^ b.cfgHash
	// Lists show the front matter and, from the body, the summary, the
	// reading time and, without a title key, the title from the first
	// heading.
	p.metaHash = b.hash([]byte(fmt.Sprintf("%s|%d|%s|%q|%s|%d|%q", file, b.cfgHash, p.frontMatter, p.Title, p.SummaryText, p.ReadingTime, p.Summary)))
	return p, nil
}

// isBranchIndex reports Hugo's _index.md list pages, which kopij generates
// itself; they are read for nothing and never an error.
func isBranchIndex(p string) bool {
	return strings.HasSuffix(p, "/_index.md") || strings.HasSuffix(p, "/_index.markdown")
}

// parallel runs fn(0..n-1) on up to workers goroutines.
func parallel(ctx context.Context, workers, n int, fn func(i int)) {
	if n == 0 {
		return
	}
	if workers > n {
		workers = n
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// joinSorted joins errors in a stable order: by message, which starts with
// the file name.
func joinSorted(errs []error) error {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errors.Join(errs...)
}

// diffOutputs lists output paths that differ between two builds.
func diffOutputs(old, cur map[string]*Output) []string {
	var out []string
	for p, o := range cur {
		if prev, ok := old[p]; !ok || prev.hash != o.hash {
			out = append(out, p)
		}
	}
	for p := range old {
		if _, ok := cur[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
