package builder

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"math/bits"
	"sort"
	"strings"
	"sync"
)

// parseCache holds every content file parsed, by path, for as long as its
// bytes and the configuration stay.
type parseCache map[string]*parseEntry

type parseEntry struct {
	hash uint64 // of the file's bytes
	dep  uint64 // the fingerprint of what else the page read (Builder.depKey of page.dep) when parsed
	page *Page
	err  error
}

// stale reports whether an entry must be parsed again: its file changed,
// or what else it read did.
func (b *Builder) stale(e *parseEntry, file string, f *srcFile) bool {
	if e == nil || e.hash != b.fileHash(file, f) {
		return true
	}
	return e.page != nil && e.page.dep != depNone && e.dep != b.depKey(e.page.dep)
}

// parse runs the stages after load and before the index: the
// configuration, the theme (when withTheme) and every content file whose
// bytes changed. errs are the problems of broken content files; err stops
// the build.
func (b *Builder) parse(ctx context.Context, withTheme bool) (pages []*Page, errs []error, err error) {
	changed, err := b.config.load(b.src.files[ConfigFile], b.opts, b.hash)
	if changed {
		// Everything after depends on the configuration.
		b.theme.key = 0
		b.parsed = nil
		b.idx = nil
		b.outputs.reset()
	}
	if err != nil {
		return nil, nil, err
	}
	if withTheme {
		if err := b.theme.load(b.opts.Theme, &b.src, &b.config.Config, b.config.key, !b.opts.NoMinify, b.hash); err != nil {
			return nil, nil, err
		}
	}
	b.prepareMarkup()
	pages, errs = b.parseAll(ctx)
	return pages, errs, ctx.Err()
}

// parseAll parses every content file whose bytes changed, in parallel, and
// returns all pages in file order.
func (b *Builder) parseAll(ctx context.Context) ([]*Page, []error) {
	if b.parsed == nil {
		b.parsed = parseCache{}
	}
	var todo, files []string
	for p, f := range b.src.files {
		if !strings.HasPrefix(p, contentDir+"/") || !isMarkdown(p) || isBranchIndex(p) {
			continue
		}
		files = append(files, p)
		if b.stale(b.parsed[p], p, f) {
			todo = append(todo, p)
		}
	}
	sort.Strings(files)
	for p := range b.parsed {
		if _, ok := b.src.files[p]; !ok {
			delete(b.parsed, p)
		}
	}
	results := make([]*parseEntry, len(todo))
	// A one-shot build lets go of each file's bytes as soon as it is
	// parsed (see snapshot.dropParsed), unless the site's generator lets
	// one page read others (Hugo's .Site.GetPage, Jekyll's link tag).
	drop := b.once && b.config.Config.Generator == GeneratorKopij
	// A file the build cache holds a page of, parsed from the same bytes
	// with the same configuration, needs its front matter only.
	var disk map[string]*cachedPage
	if len(todo) > 0 {
		disk = b.cachedPages()
	}
	converted := make([]bool, len(todo))
	parallel(ctx, b.opts.Workers, len(todo), func(i int) {
		p := todo[i]
		f := b.src.files[p]
		page, ok := b.revived(p, f, disk[p])
		var err error
		if !ok {
			page, err = b.parseOne(p, f)
			converted[i] = true
		}
		results[i] = b.entry(b.fileHash(p, f), page, err)
		if drop {
			f.data = nil
		}
	})
	for i, p := range todo {
		if results[i] != nil {
			b.parsed[p] = results[i]
		}
		if converted[i] {
			b.converted++
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

// parseOne parses one content file with its fingerprints.
func (b *Builder) parseOne(file string, f *srcFile) (p *Page, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, &LineError{File: file, Msg: fmt.Sprintf("internal error while parsing (%v); please report this file", r)}
		}
	}()
	p, err = parsePageIn(&pageEnv{cfg: &b.config.Config, md: b.config.md, markup: b.markup}, file, f.data)
	if err != nil {
		return nil, err
	}
	if b.opts.HintCounts && p.hints != nil {
		r := p.hints.Counted()
		r.Links = p.hints.Links // for the hints about links between posts
		p.hints = &r
	}
	if err := b.addComments(file, p); err != nil {
		return nil, err
	}
	// Lists and feeds show the summary away from the post: its relative
	// links and images ("photo.jpg" of a bundle) point from the post's URL.
	p.Summary = template.HTML(absolutize(string(p.Summary), p.URL))
	var warns []string
	p.QueryAliases, warns = queryAliases(p)
	p.warnings = append(p.warnings, warns...)
	if !b.opts.NoMinify {
		// Layouts are minified when parsed (tmplmin.go); the HTML a page
		// brings is minified here, once, for every output that shows it.
		p.Content = b.minifyHTML(p.Content)
		p.Summary = b.minifyHTML(p.Summary)
	}
	b.seal(file, f, p)
	return p, nil
}

// addComments reads the comments file beside a bundle's index, if any,
// into p.
func (b *Builder) addComments(file string, p *Page) error {
	cf := b.src.files[commentsOf(file)]
	if cf == nil || p.Bundle == "" {
		return nil
	}
	doc, err := ParseComments(commentsOf(file), cf.data)
	if err != nil {
		return err
	}
	p.Comments = threadComments(commentMarkdown(), doc, p.Lang)
	p.CommentCount = len(doc.Comments)
	return nil
}

// seal gives a page just made from a file its fingerprints.
func (b *Builder) seal(file string, f *srcFile, p *Page) {
	p.hash = b.fileHash(file, f) ^ b.config.key ^ b.depKey(p.dep)
	// Lists show the front matter and, from the body, the summary, the
	// reading time, the language detected when the front matter gives
	// none and, without a title key, the title from the first heading.
	// The structure (which posts show, their order, terms, neighbours and
	// related posts) follows from the front matter, the title, the URL and
	// the language; the summary and reading time are only shown.
	var fp fingerprint
	p.structHash = fp.reset(b).str(file).str(p.frontMatter).str(p.Title).str(p.URL).str(p.Lang).sum()
	p.metaHash = fp.reset(b).u64(p.structHash).str(p.SummaryText).u64(uint64(p.ReadingTime)).str(string(p.Summary)).sum()
	p.frontMatter = "" // read by nothing else: a site's build keeps every page
}

// entry is the parse cache entry of a page just parsed from a file whose
// fingerprint (see fileHash) is hash.
func (b *Builder) entry(hash uint64, p *Page, err error) *parseEntry {
	e := &parseEntry{hash: hash, page: p, err: err}
	if p != nil {
		e.dep = b.depKey(p.dep)
	}
	return e
}

// fileHash is the fingerprint of a content file with the comments file
// beside it, which the post page shows too.
func (b *Builder) fileHash(file string, f *srcFile) uint64 {
	if cf := b.src.files[commentsOf(file)]; cf != nil {
		return f.hash ^ bits.RotateLeft64(cf.hash, 17)
	}
	return f.hash
}

// commentMarkdown is the converter of every comment.
var commentMarkdown = sync.OnceValue(newCommentMarkdown)

// isBranchIndex reports Hugo's _index.md list pages, which kopij generates
// itself; they are read for nothing and never an error.
func isBranchIndex(p string) bool {
	return strings.HasSuffix(p, "/_index.md") || strings.HasSuffix(p, "/_index.markdown")
}

// minifyHTML minifies a fragment of HTML; it keeps h as it is when the
// minifier fails. The copy it reads and the buffer it writes come from a
// pool: only the result is a new string.
func (b *Builder) minifyHTML(h template.HTML) template.HTML {
	if h == "" {
		return h
	}
	in, out := minifyBuffers.Get().(*bytes.Buffer), minifyBuffers.Get().(*bytes.Buffer)
	defer minifyBuffers.Put(in)
	defer minifyBuffers.Put(out)
	in.Reset()
	in.Grow(len(h) + 1) // the lexer puts a NUL after the input, in place when there is room
	in.WriteString(string(h))
	out.Reset()
	out.Grow(len(h))
	// A reader with Bytes is read in place, not copied.
	if err := b.min.Minify("text/html", out, in); err != nil {
		return h
	}
	return template.HTML(out.String())
}

var minifyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
