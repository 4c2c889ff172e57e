package builder

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
)

// job produces one output file. Its inputs write everything the output is
// made from into a fingerprint, so an unchanged fingerprint means unchanged
// bytes and the previous result is reused. Jobs outlive their build: inputs
// and render read pages through the index, which a body edit updates in
// place, so a later build can run a job again without making it anew.
//
// A page job has layout: it names the theme layout and the data to run it
// with, and the layout runs into a buffer the worker reuses, which is
// written out from there. Any other job has render, which returns the bytes.
type job struct {
	path   string // output path, e.g. "posts/x/index.html"
	owner  string // what produced it, for collision messages
	mime   string // media type for the minifier
	inputs func(f *fingerprint)
	layout func() (name string, data any)
	render func() ([]byte, error)
}

// fingerprint accumulates the inputs of a job.
type fingerprint struct {
	h     xxhash.Digest
	deps  []string // files whose whole page (body included) the output shows
	shows []string // files of which the output shows what lists show; with track only
	track bool     // record shows: the Builder builds again after edits
}

// reset starts the fingerprint of a job: the configuration and options come
// first, as every output depends on them.
func (f *fingerprint) reset(b *Builder) *fingerprint {
	f.h.Reset()
	f.deps, f.shows = f.deps[:0], f.shows[:0]
	f.track = !b.once
	return f.u64(b.config.key)
}

func (f *fingerprint) u64(v uint64) *fingerprint {
	var buf [8]byte
	f.h.Write(binary.LittleEndian.AppendUint64(buf[:0], v))
	return f
}

// str adds a string after its length, so that no two lists of strings
// add the same bytes.
func (f *fingerprint) str(s string) *fingerprint {
	f.u64(uint64(len(s)))
	f.h.WriteString(s)
	return f
}

// shown is how much of a page an output shows, and so which of the
// page's fingerprints goes into the output's.
type shown uint8

const (
	showsPlace   shown = iota // its place in the site: front matter, title, URL, language (structHash)
	showsListing              // what lists show: its place, summary and reading time (metaHash)
	showsAll                  // the whole page, body included
)

// page adds a page, as much of it as the output shows.
func (f *fingerprint) page(p *Page, s shown) *fingerprint {
	switch {
	case p == nil:
		return f.u64(0)
	case s == showsAll:
		f.deps = append(f.deps, p.File)
		return f.u64(p.hash ^ p.metaHash)
	case s == showsListing:
		if f.track {
			f.shows = append(f.shows, p.File)
		}
		return f.u64(p.metaHash)
	}
	return f.u64(p.structHash)
}

// layout adds the kind of output and the hash of the layout it uses.
func (f *fingerprint) layout(layouts map[string]*layout, kind, name string) *fingerprint {
	f.str(kind)
	if l := layouts[name]; l != nil {
		f.u64(l.hash)
	}
	return f
}

func (f *fingerprint) sum() uint64 { return f.h.Sum64() }
