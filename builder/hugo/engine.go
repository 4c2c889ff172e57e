package hugo

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"
)

// Page is what the builder knows of the page whose body is expanded: the
// shortcode templates see it as .Page.
type Page struct {
	File         string         // path shown in messages, e.g. "content/posts/x.md"
	Path         string         // path below the content folder, slash-separated: "posts/x.md"
	BodyLine     int            // line of File on which the body starts (1 without front matter)
	Kind         string         // "page" (default), "section" or "home"
	Title        string         // title
	Params       map[string]any // front matter, keys lower-cased
	Date         time.Time      // publication date
	Lastmod      time.Time      // last change
	PublishDate  time.Time      // publishDate, or Date
	Permalink    string         // absolute URL
	RelPermalink string         // URL path from the host, e.g. "/blog/posts/x/"
	Section      string         // first path segment: "posts"
	Lang         string         // language code, e.g. "nl"
	Slug         string         // slug front matter
	Draft        bool           // draft front matter
	Resources    []Resource     // the files of the page bundle, if any
}

// Resource is a file of a page bundle, as .Page.Resources offers it.
type Resource struct {
	Name         string // path relative to the bundle, e.g. "images/a.jpg"
	RelPermalink string // URL path of the published file
	Permalink    string // absolute URL of the published file
	MediaType    string // e.g. "image/jpeg"
}

// Site is what the shortcode templates see as .Site.
type Site struct {
	Title        string         // site title
	BaseURL      string         // absolute, with a trailing slash: "https://example.com/blog/"
	LanguageCode string         // e.g. "nl-NL"
	Params       map[string]any // site params, keys lower-cased
	Copyright    string         // copyright line
	Author       map[string]any // site author (name, email, ...)
	Pages        []*Page        // every page, for ref, relref and .Site.GetPage
}

// Options configures an Engine.
type Options struct {
	// Layouts is the site's layouts folder (layouts/ below the Hugo site
	// root): shortcodes are read from shortcodes/*.html and
	// _shortcodes/*.html, partials from partials/ and _partials/. Nil: only
	// the built-in shortcodes.
	Layouts fs.FS
	// LayoutsDir is the folder Layouts was opened from, as shown in
	// messages ("layouts").
	LayoutsDir string
	// Markdown renders Markdown for markdownify, .Page.RenderString and
	// nested {{% %}} inner content. It should be the page converter, with
	// Extension added. Nil: a plain goldmark with Extension.
	Markdown goldmark.Markdown
	// Thumbnail returns a local URL of a thumbnail for an embed ("youtube",
	// "vimeo", ...) and its id, or "" when there is none. Nil: no thumbnails.
	Thumbnail func(provider, id string) string
	// SiteEmbeds runs the site's own youtube, vimeo, gist, x, tweet,
	// twitter and instagram templates, which load the player from the
	// third party. False: kopij's click-to-load built-ins replace them.
	SiteEmbeds bool
	// Now is the clock for the now function. Nil: time.Now.
	Now func() time.Time
}

// Engine runs the shortcodes of one site. It is safe for concurrent use.
type Engine struct {
	site      *Site
	opt       Options
	md        goldmark.Markdown
	tmpl      *template.Template // the site's shortcodes and partials, never executed
	files     map[string]string  // shortcode name -> template name
	tmplErr   map[string]error   // shortcode name -> why its template cannot run
	shown     map[string]string  // template name -> file as shown in messages
	usesInner map[string]bool    // shortcode name -> the template reads .Inner
	pages     map[string]*Page   // content path (no extension, lower case) -> page
	base      map[string][]*Page // file base name (no extension, lower case) -> pages
}

// Warning is something a reader would have seen differently in Hugo.
type Warning struct {
	File string // e.g. "content/posts/x.md"
	Line int    // 1-based
	Msg  string // lower case, says what to do
}

func (w Warning) String() string { return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg) }

// Error is a shortcode that failed: where it is called, and why.
type Error struct {
	File string // page file
	Line int    // line of the call
	Name string // shortcode name
	Err  error  // the template's error, naming its own file and line
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d: shortcode %q: %v", e.File, e.Line, e.Name, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrUnsupported is wrapped by errors for template functions and methods
// kopij does not offer.
var ErrUnsupported = errors.New("not supported by kopij")

// NewEngine reads the site's shortcode templates. A template that cannot
// be parsed, or that calls a function kopij lacks, is no error here: it is
// reported by TemplateErrors and by every Expand that calls it.
func NewEngine(site *Site, opt Options) (*Engine, error) {
	if site == nil {
		site = &Site{}
	}
	e := &Engine{site: site, opt: opt, md: opt.Markdown,
		files: map[string]string{}, shown: map[string]string{}, tmplErr: map[string]error{}, usesInner: map[string]bool{},
		pages: map[string]*Page{}, base: map[string][]*Page{}}
	if e.md == nil {
		e.md = goldmark.New(goldmark.WithExtensions(Extension(false)))
	}
	if e.opt.LayoutsDir == "" {
		e.opt.LayoutsDir = "layouts"
	}
	for _, p := range site.Pages {
		key := pageKey(p.Path)
		e.pages[key] = p
		b := key[strings.LastIndexByte(key, '/')+1:]
		if b == "index" || b == "_index" {
			e.pages[strings.TrimSuffix(strings.TrimSuffix(key, b), "/")] = p
			if len(key) == len(b) { // the home page: content/_index.md
				continue
			}
			b = key[:len(key)-len(b)-1]
			b = b[strings.LastIndexByte(b, '/')+1:]
		}
		e.base[b] = append(e.base[b], p)
	}
	if err := e.loadTemplates(); err != nil {
		return nil, err
	}
	return e, nil
}

// TemplateErrors lists the site's shortcode templates that cannot run, by
// shortcode name, for an import report.
func (e *Engine) TemplateErrors() map[string]error {
	out := make(map[string]error, len(e.tmplErr))
	for k, v := range e.tmplErr {
		out[k] = v
	}
	return out
}

// Expanded is a body with its shortcodes run, ready for goldmark.
type Expanded struct {
	// Markdown is the body with {{< >}} shortcodes replaced by placeholders
	// and {{% %}} shortcodes by their output. Hand it to goldmark with
	// ParseOption, then pass the HTML through Finish.
	Markdown []byte
	// Warnings are unknown or misused shortcodes, with file and line.
	Warnings []Warning
	// Files are generated files to publish, by output path below the site
	// root (QR codes: "qr_<hash>.png").
	Files map[string][]byte

	prefix  string   // placeholder prefix, absent from the source
	values  []string // placeholder index -> HTML
	trusted []Range  // sorted ranges of Markdown written by shortcode templates
}

// Finish substitutes the shortcode HTML for the placeholders in html
// rendered from x.Markdown (or from a prefix of it). A placeholder that is a
// paragraph of its own replaces the paragraph, as in Hugo.
func (x *Expanded) Finish(html []byte) []byte {
	if len(x.values) == 0 {
		return html
	}
	return x.substitute(html, 0)
}

func (x *Expanded) substitute(b []byte, depth int) []byte {
	pre := []byte(x.prefix)
	if depth > 20 || !bytes.Contains(b, pre) {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b))
	for {
		i := bytes.Index(b, pre)
		if i < 0 {
			out.Write(b)
			return out.Bytes()
		}
		j := i + len(pre)
		k := j
		for k < len(b) && b[k] >= '0' && b[k] <= '9' {
			k++
		}
		n, err := strconv.Atoi(string(b[j:k]))
		if err != nil || k >= len(b) || b[k] != 'Z' || n >= len(x.values) {
			out.Write(b[:j])
			b = b[j:]
			continue
		}
		start, end := i, k+1
		if bytes.HasSuffix(b[:start], []byte("<p>")) && bytes.HasPrefix(b[end:], []byte("</p>")) {
			start -= 3
			end += 4
		}
		out.Write(b[:start])
		out.Write(x.substitute([]byte(x.values[n]), depth+1))
		b = b[end:]
	}
}

// placeholder stores html and returns the text that stands for it in the
// Markdown: letters and digits only, which goldmark passes unchanged
// through text, links, attributes and code.
func (x *Expanded) placeholder(html string) string {
	x.values = append(x.values, html)
	return x.prefix + strconv.Itoa(len(x.values)-1) + "Z"
}

// choosePrefix returns a placeholder prefix that does not occur in src.
func choosePrefix(src []byte) string {
	p := "KOPIJSC"
	for bytes.Contains(src, []byte(p)) {
		p += "Q"
	}
	return p
}

// renderMarkdown renders Markdown with the engine's converter, trusting the
// given ranges, and substitutes placeholders later through x.
func (e *Engine) renderMarkdown(src []byte, trusted []Range) string {
	x := &Expanded{trusted: trusted}
	doc := e.md.Parser().Parse(text.NewReader(src), x.ParseOption())
	var buf bytes.Buffer
	_ = e.md.Renderer().Render(&buf, src, doc) // writes to memory only
	return buf.String()
}

// line returns the file line of byte offset pos of the body of p.
func line(p *Page, body []byte, pos int) int {
	if pos > len(body) {
		pos = len(body)
	}
	first := p.BodyLine
	if first < 1 {
		first = 1
	}
	return first + bytes.Count(body[:pos], []byte("\n"))
}

func pageKey(path string) string {
	path = strings.ToLower(strings.Trim(strings.ReplaceAll(path, "\\", "/"), "/"))
	if i := strings.LastIndexByte(path, '.'); i > strings.LastIndexByte(path, '/') {
		path = path[:i]
	}
	return path
}
