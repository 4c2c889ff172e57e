package jekyll

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/osteele/liquid"
)

// stateKey is the binding that carries a render's state to the tags. A
// colon cannot appear in a Liquid variable name, so no template reads it.
const stateKey = "kopij:state"

// maxIncludeDepth bounds includes that include themselves, and
// maxIncludes the includes one page runs.
const (
	maxIncludeDepth = 16
	maxIncludes     = 2000
)

// Site is what Liquid in every page of one Jekyll site sees.
type Site struct {
	FS          fs.FS          // the site root; includes are read from it, nothing else is
	IncludesDir string         // folder of {% include %} files; "" is _includes
	Vars        map[string]any // site.*: the keys of _config.yml (see Config.Vars) and data, posts, pages, tags, categories
	BaseURL     string         // path that relative_url, link and post_url put before a URL ("/blog"); "" when the builder adds the base path itself
	AbsoluteURL string         // scheme and host for absolute_url ("https://example.com"), site.url
	Location    *time.Location // site time zone for date filters; nil is UTC
	// Posts are the source paths of all posts ("_posts/2010-07-21-name.md",
	// "tech/_posts/x.md"), for post_url.
	Posts []string
	// URL returns the URL path a source path is published at
	// ("_posts/2010-07-21-name.md" -> "/2010/07/21/name.html"), for link and
	// post_url; false when the path is not a page of the site.
	URL func(sourcePath string) (string, bool)
	// Markdownify renders Markdown to HTML for the markdownify filter; nil
	// leaves the text as it is.
	Markdownify func(markdown string) string
	// Now is the build time, for dates written "now" or "today"; nil leaves
	// them unformatted.
	Now func() time.Time
}

// Page is one post or page to render.
type Page struct {
	Path string         // source path relative to the site root: "_posts/2019-02-08-x.md"
	Line int            // file line of Body's first line, for warnings
	Body []byte         // the text after the front matter
	Vars map[string]any // page.*: front matter plus url, date, title, slug, categories, tags, path, id
}

// Result is a rendered page body.
type Result struct {
	Markdown  []byte     // Markdown for goldmark, with placeholders where tags made HTML
	Fragments *Fragments // the HTML behind the placeholders; call Restore on the rendered HTML
	Warnings  []Warning  // unknown tags and filters, missing links and includes
}

// Warning is a problem in a source file that did not stop the render.
type Warning struct {
	File string // path relative to the site root
	Line int    // 1-based; 0 when unknown
	Msg  string // what is wrong and what was done instead
}

func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg)
	}
	return w.File + ": " + w.Msg
}

// Error is a Liquid syntax error that stops a page, such as an {% if %}
// without {% endif %}; Jekyll stops the whole build for it.
type Error struct {
	File string // path relative to the site root
	Line int    // 1-based
	Msg  string // what is wrong and how to fix it
}

func (e *Error) Error() string {
	if e.Line <= 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Renderer runs the Liquid in the pages of one site. It is safe for
// concurrent use.
type Renderer struct {
	site   Site
	engine *liquid.Engine

	filters map[string]bool // every filter name the engine knows

	mu       sync.Mutex
	includes map[string]*include // parsed include files by path
	shared   *shared             // HTML made by filters, which have no render state
}

// include is a parsed include file, or why it could not be.
type include struct {
	tpl      *liquid.Template
	warnings []Warning
	err      error
}

// state is what one Render collects while tags run.
type state struct {
	page     Page
	frags    *Fragments
	mu       sync.Mutex // tags of one render run in one goroutine; this guards against misuse
	warnings []Warning
	depth    int
	included int             // includes run so far
	counters map[string]int  // increment and decrement
	unset    map[string]bool // variables already warned about
}

func (s *state) warn(file string, line int, format string, a ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.warnings = append(s.warnings, Warning{File: file, Line: line, Msg: fmt.Sprintf(format, a...)})
}

// NewRenderer prepares the Liquid engine for a site.
func NewRenderer(site Site) *Renderer {
	if site.IncludesDir == "" {
		site.IncludesDir = "_includes"
	}
	if site.Location == nil {
		site.Location = time.UTC
	}
	if site.Vars == nil {
		site.Vars = map[string]any{}
	}
	r := &Renderer{site: site, engine: liquid.NewEngine(), includes: map[string]*include{}, shared: newShared()}
	r.addTags()
	r.addFilters()
	return r
}

// Render runs the Liquid of a page body, then Fragments.Kramdown. The
// Markdown it returns goes to goldmark (with NewKramdown), and the HTML
// goldmark renders through Result.Fragments.Restore.
func (r *Renderer) Render(p Page) (Result, error) {
	st := &state{page: p, frags: newFragments(p.Body, r.shared)}
	if !hasLiquid(p.Body) {
		return Result{Markdown: st.frags.Kramdown(p.Body), Fragments: st.frags}, nil
	}
	line := p.Line
	if line < 1 {
		line = 1
	}
	src, warnings, lines := r.prepare(string(p.Body), p.Path, line, true)
	st.warnings = append(st.warnings, warnings...)
	remap := func(file string, l int) int {
		if file != p.Path || l < line {
			return l
		}
		return lines.original(l-line) + line
	}
	tpl, err := r.engine.ParseTemplateLocation([]byte(src), p.Path, line)
	if err != nil {
		return Result{}, remapError(liquidError(p.Path, err), remap)
	}
	out, rerr := safeRender(tpl, r.bindings(p, st))
	if rerr != nil {
		return Result{}, remapError(liquidError(p.Path, rerr), remap)
	}
	for i := len(warnings); i < len(st.warnings); i++ {
		st.warnings[i].Line = remap(st.warnings[i].File, st.warnings[i].Line)
	}
	sortWarnings(st.warnings)
	return Result{Markdown: st.frags.Kramdown(out), Fragments: st.frags, Warnings: st.warnings}, nil
}

func (r *Renderer) bindings(p Page, st *state) map[string]any {
	page := p.Vars
	if page == nil {
		page = map[string]any{}
	}
	return map[string]any{"site": r.site.Vars, "page": page, stateKey: st}
}

func hasLiquid(b []byte) bool {
	s := string(b)
	return strings.Contains(s, "{{") || strings.Contains(s, "{%")
}

// liquidError turns an engine error into a file:line error.
func liquidError(file string, err error) error {
	var se liquid.SourceError
	line := 0
	msg := err.Error()
	if errors.As(err, &se) {
		line = se.LineNumber()
		if c := se.Cause(); c != nil {
			var tagErr *tagError
			if errors.As(c, &tagErr) {
				return tagErr.err
			}
			msg = c.Error()
		}
	}
	msg = strings.TrimPrefix(msg, "Liquid error: ")
	return &Error{File: file, Line: line, Msg: "Liquid: " + msg + " (check that every {% if %}, {% for %}, {% capture %} and {% highlight %} has its end tag)"}
}

// safeRender renders a template and turns a panic of the engine (it panics
// on some malformed filter arguments, such as a where_exp condition that
// does not parse) into an error.
func safeRender(tpl *liquid.Template, vars map[string]any) (out []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			out, err = nil, fmt.Errorf("%v", v)
		}
	}()
	out, serr := tpl.Render(vars)
	if serr != nil {
		return nil, serr
	}
	return out, nil
}

func remapError(err error, remap func(string, int) int) error {
	if e, ok := err.(*Error); ok {
		e.Line = remap(e.File, e.Line)
	}
	return err
}

// tagError carries an Error from a tag through the engine unchanged.
type tagError struct{ err *Error }

func (e *tagError) Error() string { return e.err.Error() }

func sortWarnings(w []Warning) {
	sort.SliceStable(w, func(i, j int) bool {
		if w[i].File != w[j].File {
			return w[i].File < w[j].File
		}
		return w[i].Line < w[j].Line
	})
}

// cleanPath joins a path relative to the site root and reports whether it
// stays inside it.
func cleanPath(elem ...string) (string, bool) {
	p := path.Clean(path.Join(elem...))
	if p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") || !fs.ValidPath(p) {
		return "", false
	}
	return p, true
}
