package builder

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/kopij/kopij/builder/hints"
	"github.com/kopij/kopij/themes"
	"github.com/tdewolff/minify/v2"
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
	Cache    *BuildCache      // the build cache on disk (OpenCache); nil for none
	// HintCounts: the caller reads of Site.Hints only how many hints
	// each post has, and of each hint its ID, Severity and Line, as kopij
	// build does for its closing line. The build then does not keep the
	// messages and the passages of every post's hints, which are most of
	// the memory hints take; Message, Fix, Text and Passages are empty,
	// and so is Report.Links.
	HintCounts bool
	// Out, when set, is the output folder the site is for: every output
	// is written into a new folder beside it as soon as it is rendered
	// and not kept in memory (Output.Data is nil), and Site.Write(Out)
	// swaps that folder in. kopij build sets it; kopij serve does not.
	Out string
}

// Output is one file of the built site.
type Output struct {
	Data   []byte // content of a generated file; nil when the file is copied
	Source string // path of a copied file in FS
	FS     fs.FS  // file system Source is read from: the site folder or the embedded theme
	hash   uint64
	carry  string   // file of the output folder holding these bytes, taken over as is (see BuildCache)
	stat   fileStat // of carry, when the build wrote it there as rendered
}

// fileStat is what the build cache keeps of a written file to tell it is
// still as written.
type fileStat struct{ size, mtime int64 }

func statOf(info fs.FileInfo) fileStat {
	return fileStat{size: info.Size(), mtime: info.ModTime().UnixNano()}
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
	// Unchanged: the build cache found the output folder holding this
	// very site; Files, Posts, Pages and Hints are empty, Cached tells
	// what the site has, and Write does nothing.
	Unchanged bool
	Cached    *CacheSummary

	cache     *BuildCache
	changesAt time.Time
	stage     *stage // the folder outputs were written into as rendered, nil when none
	// written holds what Write wrote into writtenIn, the output folder it
	// put in place whole, so the build cache need not look at it again.
	written   map[string]fileStat
	writtenIn string
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
	if _, found := s.Files[p]; ok && !found && !strings.Contains(path.Base(p), ".") && s.Files[p+".html"] != nil {
		p += ".html" // a URL without a slash or extension, written as a file (Jekyll's /about)
	}
	return p, ok
}

// Builder builds one site folder again and again, reusing the work of the
// previous build for whatever did not change. It is not safe for concurrent
// use; one Build at a time.
type Builder struct {
	fsys fs.FS
	opts Options
	min  *minify.M

	// The stages in the order a build runs them, each with what it keeps
	// for the next build. A stage whose input changed starts afresh and so
	// do the stages after it; a new configuration resets them all.
	src    snapshot    // load: the site's files as last read
	config configCache // kopij.toml with the options, and the Markdown converter it asks for
	theme  themeCache  // the embedded default theme with the site's files over it, parsed
	markup *markup     // shortcodes and Liquid: the layouts/ and _includes/ files they read
	parsed parseCache  // front matter and Markdown of every content file
	idx    *index      // the published posts and pages, their order, terms and neighbours
	hints  hintSet     // hints of every post with the links between them
	// While a build renders, its hints are made beside it (finishSite)
	// for hintsFor, and arrive on hintsDone.
	hintsFor  *Site
	hintsDone chan []hints.Post
	hintsGate chan struct{} // closed when a preview's pages are shown; nil when nothing holds the hints back
	outputs   outputCache   // every output under the fingerprint of its inputs, and who shows which body
	feedHTMLs sync.Map      // *Page -> feedHTML, for the render under way (resetMemos)
	last      lastBuild     // what the last successful build was made from and made

	contentDep    uint64 // fingerprint of every content file and the markup, for pages whose Liquid links to others (Jekyll sites)
	redirectRules bool   // this build writes _redirects itself, with static/_redirects in it

	changesAt  time.Time // when the clock alone changes the site next (a scheduled post, an expiry); zero for never
	round      uint64    // builds begun, for perBuild values
	bodyBuilds int       // builds done by buildBodies, for tests
	rendered   int       // outputs rendered, for tests and benchmarks
	converted  int       // content files parsed in full, body and all, for tests
	// cacheWarning tells why the build cache's pages were not used; the
	// build's warnings say it.
	cacheWarning string
	// once: the Builder builds one time only (the package function
	// Build), so what only a later build would read is let go as soon as
	// this one is done with it, such as the bytes of every content file.
	once    bool
	stage   *stage     // with Options.Out: the folder this build writes into, nil until the first output
	stageMu sync.Mutex // guards stage
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
	return &Builder{fsys: fsys, opts: opts, min: newMinifier()}
}

// Build builds the whole site in memory. Errors of all broken files are
// joined; each is a *LineError reading "file:line: what is wrong", and
// Errors lists them.
func Build(ctx context.Context, fsys fs.FS, opts Options) (*Site, error) {
	b := New(fsys, opts)
	b.once = true
	return b.Build(ctx, nil)
}

// hash is the fingerprint of data. It is the same in every process, so
// that the build cache on disk can compare fingerprints of earlier runs.
func (b *Builder) hash(data []byte) uint64 { return xxhash.Sum64(data) }

// Build builds the site again. changed lists the site-relative paths that
// changed since the previous call (files or folders, created, written or
// removed); nil means "look at everything again". Errors are as for the
// package function Build.
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
	// this one in place, as soon as they are rendered, before the rest
	// is. Its Changed lists the hot outputs that changed. It is called at
	// most once, and not at all when the build fails before, when a hot
	// output fails, or when none changed.
	Early func(*Site)
}

// BuildPreview is Build with a Preview; pv may be nil. A build cancelled
// through ctx returns ctx's error and keeps what it rendered for the next
// build.
func (b *Builder) BuildPreview(ctx context.Context, changed []string, pv *Preview) (*Site, error) {
	site, err := b.buildPreview(ctx, changed, pv)
	if err != nil {
		b.stage.remove()
	}
	b.stage = nil
	return site, err
}

func (b *Builder) buildPreview(ctx context.Context, changed []string, pv *Preview) (*Site, error) {
	b.round++
	defer b.waitHints()
	if pv != nil && pv.Early != nil {
		b.hintsGate = make(chan struct{})
	}
	if err := b.src.read(b.fsys, changed, b.hash); err != nil {
		b.last.clean = false
		return nil, err
	}
	if c := b.opts.Cache; c != nil {
		c.siteKey = b.siteKey()
		if c.unchanged(b.opts.Now()) {
			return c.unchangedSite(), nil
		}
	}
	if site, ok := b.buildBodies(ctx, changed, pv); ok {
		return site, nil
	}
	b.last.clean = false
	pages, errs, err := b.parse(ctx, true)
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, joinSorted(errs)
	}
	if b.once {
		b.src.dropParsed()
	}
	site := &Site{Config: b.config.Config}
	idx := b.index(pages, site)
	files, err := b.render(ctx, idx, b.hotJobs(pv, changed, site))
	if err != nil {
		return nil, err
	}
	site.Changed = diffOutputs(b.last.files, files)
	b.last.made(pages)
	return b.finish(site, files), nil
}

// finish completes a successful build: its warnings, and what the next
// build starts from.
func (b *Builder) finish(site *Site, files map[string]*Output) *Site {
	if b.config.warning != "" {
		site.Warnings = append(site.Warnings, b.config.warning)
	}
	for p, w := range b.src.warnings {
		site.Warnings = append(site.Warnings, p+": "+w)
	}
	for _, p := range b.last.pages {
		site.Warnings = append(site.Warnings, p.warnings...)
	}
	if b.cacheWarning != "" {
		site.Warnings = append(site.Warnings, b.cacheWarning)
		b.cacheWarning = ""
	}
	sort.Strings(site.Warnings)
	site.Files = files
	if c := b.opts.Cache; c != nil {
		c.parsed = maps.Clone(b.parsed)
		c.parsedWith = pagesHeader{Identity: c.identity, ConfigKey: b.config.key, HintCounts: b.opts.HintCounts}
	}
	site.cache = b.opts.Cache
	site.changesAt = b.changesAt
	site.stage = b.stage
	b.last.files = files
	b.last.clean = true
	return site
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

// parallel runs fn(0..n-1) on up to workers goroutines.
func parallel(ctx context.Context, workers, n int, fn func(i int)) {
	if n == 0 {
		return
	}
	workers = min(workers, n)
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
	out := changedOutputs(old, cur)
	for p := range old {
		if _, ok := cur[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// changedOutputs lists, sorted, the paths of the outputs in made that old
// has not, or has with other bytes.
func changedOutputs(old, made map[string]*Output) []string {
	var out []string
	for p, o := range made {
		if prev, ok := old[p]; !ok || prev.hash != o.hash {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
