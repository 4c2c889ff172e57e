package builder

import (
	"bufio"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cespare/xxhash/v2"
	"github.com/kopij/kopij/builder/hints"
)

// The build cache keeps, beside the outputs (build.gob), what parsing made
// of every content file's body (pages.gob): its Markdown rendered and
// minified, its headings, summary and hints. A build after an edit then
// converts only the files whose bytes changed; the others are read again
// for their front matter alone, which is cheap, and get their body from
// the cache. The two files are read and trusted apart: the outputs are
// checked before anything is parsed, the pages only when a build parses.

// pagesFile is the build cache's file of parsed content files.
const pagesFile = "pages.gob"

// pagesFormat changes whenever cachedPage or pagesHeader does.
const pagesFormat = 3

var pagesMagic = []byte("kopij page cache\n")

// pagesHeader says what the pages were parsed with: a page is of use only
// to a build by the same binary with the same configuration and options.
type pagesHeader struct {
	Identity   uint64 // of the kopij binary
	ConfigKey  uint64 // configCache.key: kopij.toml and the options
	HintCounts bool   // Options.HintCounts: the hints were made small
	Pages      int    // records that follow
}

// pageRecord is one page of the pages file. Each is a gob message of its
// own, so the encoder and decoder hold one page at a time; the page's
// Content, most of its bytes, is not in it but in the file's content part,
// ContentLen bytes after the previous record's.
type pageRecord struct {
	File       string
	Page       cachedPage
	ContentLen int
}

// cachedPage is what parsing made of one content file, beyond what its
// front matter says: the fields parsePageIn and parseOne set after the
// front matter, as they were when the page was done.
type cachedPage struct {
	FileHash uint64 // Builder.fileHash of the file (with its comments file)
	Dep      uint8  // Page.dep
	DepKey   uint64 // Builder.depKey(Dep) when parsed

	Title, URL, Lang string
	Content, Summary template.HTML
	SummaryText      string
	Headings         []Heading
	WordCount        int
	ReadingTime      int
	URLLine          int
	QueryAliases     []string
	Warnings         []string
	Hints            *hints.Report
}

func cachedPageOf(e *parseEntry) *cachedPage {
	p := e.page
	return &cachedPage{FileHash: e.hash, Dep: p.dep, DepKey: e.dep,
		Title: p.Title, URL: p.URL, Lang: p.Lang, Content: p.Content, Summary: p.Summary, SummaryText: p.SummaryText,
		Headings: p.Headings, WordCount: p.WordCount, ReadingTime: p.ReadingTime, URLLine: p.urlLine,
		QueryAliases: p.QueryAliases, Warnings: p.warnings, Hints: p.hints}
}

// restore puts the body's part into p, a page parsed from its front
// matter alone.
func (c *cachedPage) restore(p *Page) {
	p.Title, p.URL, p.Lang = c.Title, c.URL, c.Lang
	p.Content, p.Summary, p.SummaryText = c.Content, c.Summary, c.SummaryText
	p.Headings, p.WordCount, p.ReadingTime, p.urlLine = c.Headings, c.WordCount, c.ReadingTime, c.URLLine
	p.QueryAliases, p.warnings, p.hints, p.dep = c.QueryAliases, c.Warnings, c.Hints, c.Dep
}

// cachedPages returns the pages the build cache holds for this build's
// configuration and options, reading them the first time; nil when there
// are none to use. A damaged file is reported once, as a warning of the
// build.
func (b *Builder) cachedPages() map[string]*cachedPage {
	c := b.opts.Cache
	if c == nil || c.identity == 0 || c.forgotten {
		return nil
	}
	if !c.pagesRead {
		c.pagesRead = true
		want := pagesHeader{Identity: c.identity, ConfigKey: b.config.key, HintCounts: b.opts.HintCounts}
		file := filepath.Join(c.dir, pagesFile)
		pages, err := readPages(file, want)
		if err != nil {
			b.cacheWarning = fmt.Sprintf("build cache %s ignored (%v); every content file is parsed again", file, err)
		}
		c.pages = pages
	}
	return c.pages
}

// revived returns the page of a content file made from its cache entry
// and its front matter, parsed again; false when the entry is not for the
// file as it is now, or anything fails: the file is then parsed in full.
func (b *Builder) revived(file string, f *srcFile, c *cachedPage) (p *Page, ok bool) {
	if c == nil || c.FileHash != b.fileHash(file, f) || c.DepKey != b.depKey(c.Dep) {
		return nil, false
	}
	defer func() {
		if recover() != nil {
			p, ok = nil, false
		}
	}()
	p, err := parsePageIn(&pageEnv{cfg: &b.config.Config, headOnly: true}, file, f.data)
	if err != nil {
		return nil, false
	}
	c.restore(p)
	if err := b.addComments(file, p); err != nil {
		return nil, false
	}
	b.seal(file, f, p)
	return p, true
}

// The pages file is the magic line and the format, then the content part:
// every page's Content one after the other, in the order of the records;
// then the records: the header and one pageRecord per page, in gob; then
// three eight-byte numbers: where the records start, and the checksums of
// the content part and of the records. The two parts are written at once,
// each by a goroutine of its own. The file is read into one string, and
// each Content is a part of it, not a copy.

// readPages reads the pages file; nil without error when there is none or
// it was made by another binary or for another configuration.
func readPages(file string, want pagesHeader) (map[string]*cachedPage, error) {
	all, err := readString(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rest, ok := strings.CutPrefix(all, string(pagesMagic))
	if !ok || len(rest) < 32 {
		return nil, errors.New("not a kopij page cache")
	}
	if f := binary.LittleEndian.Uint64([]byte(rest[:8])); f != pagesFormat {
		return nil, nil // another format is another binary's
	}
	body, trailer := rest[8:len(rest)-24], []byte(rest[len(rest)-24:])
	at := binary.LittleEndian.Uint64(trailer)
	if at > uint64(len(body)) {
		return nil, errors.New("damaged or cut short")
	}
	content, records := body[:at], body[at:]
	if xxhash.Sum64String(content) != binary.LittleEndian.Uint64(trailer[8:]) || xxhash.Sum64String(records) != binary.LittleEndian.Uint64(trailer[16:]) {
		return nil, errors.New("damaged or cut short")
	}
	dec := gob.NewDecoder(strings.NewReader(records))
	var h pagesHeader
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("damaged: %v", err)
	}
	if h.Identity != want.Identity || h.ConfigKey != want.ConfigKey || h.HintCounts != want.HintCounts {
		return nil, nil
	}
	pages := make(map[string]*cachedPage, max(0, min(h.Pages, len(records)/16))) // a record takes more than 16 bytes
	for range h.Pages {
		var r pageRecord
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("damaged: %v", err)
		}
		if r.ContentLen < 0 || r.ContentLen > len(content) {
			return nil, errors.New("damaged")
		}
		r.Page.Content, content = template.HTML(content[:r.ContentLen]), content[r.ContentLen:]
		pages[r.File] = &r.Page
	}
	return pages, nil
}

// readString reads a file into a string without copying it once more.
func readString(file string) (string, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var sb strings.Builder
	if info, err := f.Stat(); err == nil && info.Size() < 1<<40 {
		sb.Grow(int(info.Size()))
	}
	if _, err := io.Copy(&sb, f); err != nil {
		return "", err
	}
	return sb.String(), nil
}

// writePages writes the pages the build parsed into the cache folder,
// through a new file that replaces the old one only when complete.
func (c *BuildCache) writePages() error {
	if c.parsed == nil {
		return nil
	}
	pages := make(map[string]*cachedPage, len(c.parsed))
	for p, e := range c.parsed {
		if e.page != nil && e.err == nil {
			pages[p] = cachedPageOf(e)
		}
	}
	tmp, err := os.CreateTemp(c.dir, pagesFile+".new-*")
	if err != nil {
		return err
	}
	err = encodePages(tmp, c.parsedWith, pages)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(c.dir, pagesFile))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// encodePages writes the pages file (see readPages) into f, streaming:
// the pages of a large site are not copied into memory once more.
func encodePages(f io.WriterAt, h pagesHeader, pages map[string]*cachedPage) error {
	start := int64(len(pagesMagic) + 8)
	head := binary.LittleEndian.AppendUint64(slices.Clone(pagesMagic), pagesFormat)
	if _, err := f.WriteAt(head, 0); err != nil {
		return err
	}
	files := slices.Sorted(maps.Keys(pages))
	var at int64
	for _, file := range files {
		at += int64(len(pages[file].Content))
	}
	contentSum := xxhash.New()
	contentErr := make(chan error, 1)
	go func() {
		bw := bufio.NewWriterSize(io.NewOffsetWriter(f, start), 1<<20)
		out := io.MultiWriter(bw, contentSum)
		for _, file := range files {
			if _, err := io.WriteString(out, string(pages[file].Content)); err != nil {
				contentErr <- err
				return
			}
		}
		contentErr <- bw.Flush()
	}()
	recordsSum := xxhash.New()
	ow := io.NewOffsetWriter(f, start+at)
	bw := bufio.NewWriterSize(ow, 1<<20)
	enc := gob.NewEncoder(io.MultiWriter(bw, recordsSum))
	err := func() error {
		h.Pages = len(pages)
		if err := enc.Encode(h); err != nil {
			return err
		}
		for _, file := range files {
			r := pageRecord{File: file, Page: *pages[file], ContentLen: len(pages[file].Content)}
			r.Page.Content = ""
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return bw.Flush()
	}()
	if cerr := <-contentErr; err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	trailer := binary.LittleEndian.AppendUint64(nil, uint64(at))
	trailer = binary.LittleEndian.AppendUint64(trailer, contentSum.Sum64())
	trailer = binary.LittleEndian.AppendUint64(trailer, recordsSum.Sum64())
	end, _ := ow.Seek(0, io.SeekCurrent)
	_, err = f.WriteAt(trailer, start+at+end)
	return err
}
