package builder

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/kopij/kopij/builder/hints"
)

// CacheDir is where kopij build keeps its build cache, below the site
// folder. It is hidden, so builds never read it as a source.
const CacheDir = ".kopij/cache"

// cacheFile is the build cache's one file in CacheDir.
const cacheFile = "build.gob"

// cacheFormat changes whenever cacheData does.
const cacheFormat = 1

// cacheMagic starts the cache file.
var cacheMagic = []byte("kopij build cache\n")

// A BuildCache is what one build of a site into an output folder leaves
// for the next, on disk: the fingerprint of every source file and option,
// and per output file the fingerprint of its inputs, of its bytes, and
// its size and modification time in the output folder as written.
//
// With it, a build whose sources did not change does nothing at all
// (Site.Unchanged), and a build after an edit renders only the outputs
// whose inputs changed and takes every other file over from the output
// folder (a hard link, or a copy with the same modification time), so
// files whose bytes stayed keep their modification time. A cache made by
// another kopij binary, a damaged one, or one whose output folder was
// changed since is not trusted: Warning says why, and the build is a full
// one. The cache changes no output byte: a build without it writes the
// same site.
type BuildCache struct {
	dir     string     // folder of the cache file
	out     string     // the output folder the cache describes
	old     *cacheData // the cache as read, nil when there was none or it was not trusted
	Warning string     // why an existing cache was ignored; "" when it was used or there was none

	// Set by the build that uses the cache.
	siteKey  uint64
	identity uint64
	fps      map[string]uint64 // output path -> fingerprint of its inputs

	// The parsed content files (pagecache.go).
	forgotten  bool                   // Forget was called: the pages file is not read either
	pagesRead  bool                   // the pages file was read, into pages
	pages      map[string]*cachedPage // content file -> its page as the pages file holds it
	parsed     parseCache             // what the build parsed, for the next one; nil when it parsed nothing
	parsedWith pagesHeader            // what the build parsed with
}

// cacheData is the cache file's content.
type cacheData struct {
	Identity uint64    // of the kopij binary that wrote it
	Out      string    // the output folder, absolute
	SiteKey  uint64    // of every source file and the options
	Until    time.Time // when the clock alone changes the site; zero for never
	Summary  CacheSummary
	Warnings []string
	Outputs  map[string]cachedFile // output path -> file
}

type cachedFile struct {
	FP    uint64 // fingerprint of the inputs; 0 for copied files and files the build did not make
	Hash  uint64 // fingerprint of the bytes, or of the source of a copied file
	Size  int64
	MTime int64 // Unix nanoseconds, as written
}

// CacheSummary is what a build reports of the site, kept for a build that
// finds nothing changed.
type CacheSummary struct {
	Posts, Pages, Files int
	NextScheduled       time.Time
	Hints               string // hints.SiteSummary of the site, "" when none
}

// OpenCache reads the build cache in dir (CacheDir under the site folder)
// for building into the output folder out. A missing cache is no error;
// an unreadable or foreign one is ignored, with Warning set.
func OpenCache(dir, out string) *BuildCache {
	c := &BuildCache{dir: dir, out: filepath.Clean(out)}
	id, err := binaryIdentity()
	if err != nil {
		c.Warning = "build cache not used: " + err.Error()
		return c
	}
	c.identity = id
	data, err := os.ReadFile(filepath.Join(dir, cacheFile))
	if errors.Is(err, fs.ErrNotExist) {
		return c
	}
	if err != nil {
		c.Warning = fmt.Sprintf("build cache %s ignored: %v", filepath.Join(dir, cacheFile), err)
		return c
	}
	d, err := decodeCache(data)
	if err == nil && d.Identity != id {
		err = errors.New("made by another version of kopij")
	}
	if err == nil && d.Out != absPath(c.out) {
		return c // made for another output folder: says nothing of this one
	}
	if err != nil {
		c.Warning = fmt.Sprintf("build cache %s ignored (%v); building everything", filepath.Join(dir, cacheFile), err)
		return c
	}
	c.old = d
	return c
}

// decodeCache reads a cache file: the magic line, the format, the gob
// payload and its checksum.
func decodeCache(data []byte) (*cacheData, error) {
	rest, ok := bytes.CutPrefix(data, cacheMagic)
	if !ok || len(rest) < 16 {
		return nil, errors.New("not a kopij build cache")
	}
	if v := binary.LittleEndian.Uint64(rest); v != cacheFormat {
		return nil, fmt.Errorf("format %d, not %d", v, cacheFormat)
	}
	payload := rest[8 : len(rest)-8]
	if binary.LittleEndian.Uint64(rest[len(rest)-8:]) != xxhash.Sum64(payload) {
		return nil, errors.New("damaged or cut short")
	}
	var d cacheData
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&d); err != nil {
		return nil, fmt.Errorf("damaged: %w", err)
	}
	return &d, nil
}

func encodeCache(d *cacheData) ([]byte, error) {
	var buf bytes.Buffer
	buf.Write(cacheMagic)
	buf.Write(binary.LittleEndian.AppendUint64(nil, cacheFormat))
	start := buf.Len()
	if err := gob.NewEncoder(&buf).Encode(d); err != nil {
		return nil, err
	}
	sum := xxhash.Sum64(buf.Bytes()[start:])
	buf.Write(binary.LittleEndian.AppendUint64(nil, sum))
	return buf.Bytes(), nil
}

// binaryIdentity fingerprints the running kopij binary: its outputs are
// what its code makes of the inputs, so a cache from another binary says
// nothing. On Linux that is the Go build ID the linker writes into the
// binary (it ends in a hash of the binary's own contents), read without
// reading the whole 40 MB; elsewhere, or without a build ID, it is a hash
// of the whole file. It is a variable for tests.
var binaryIdentity = sync.OnceValues(func() (uint64, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	if id := elfBuildID(exe); id != "" {
		return xxhash.Sum64String("go build ID\x00" + id), nil
	}
	f, err := os.Open(exe)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	h := xxhash.New()
	if _, err := io.Copy(h, f); err != nil {
		return 0, err
	}
	return h.Sum64(), nil
})

// elfBuildID is the Go build ID in the .note.go.buildid note of the ELF
// binary at path, or "" when it is not an ELF binary or has none.
func elfBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	note, err := s.Data()
	if err != nil || len(note) < 16 {
		return ""
	}
	// namesz, descsz, type, then the name "Go\x00\x00" and the ID.
	bo := f.ByteOrder
	namesz, descsz, typ := bo.Uint32(note), bo.Uint32(note[4:]), bo.Uint32(note[8:])
	if namesz != 4 || typ != 4 || string(note[12:16]) != "Go\x00\x00" || uint64(descsz) > uint64(len(note)-16) {
		return ""
	}
	return string(note[16 : 16+descsz])
}

// siteKey fingerprints what a build reads: every source file and the
// options that change outputs.
func (b *Builder) siteKey() uint64 {
	paths := make([]string, 0, len(b.src.files))
	for p := range b.src.files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	buf := fmt.Appendf(nil, "%+v\x00", b.opts.outputKey())
	for _, p := range paths {
		buf = append(buf, p...)
		buf = binary.LittleEndian.AppendUint64(append(buf, 0), b.src.files[p].hash)
	}
	return b.hash(buf)
}

// unchanged tells whether the previous build made from the same sources
// is still in the output folder as it wrote it, and the clock has not
// changed the site since.
func (c *BuildCache) unchanged(now time.Time) bool {
	if c == nil || c.old == nil || c.old.SiteKey != c.siteKey {
		return false
	}
	if !c.old.Until.IsZero() && !now.Before(c.old.Until) {
		return false
	}
	seen := 0
	err := filepath.WalkDir(c.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(c.out, p)
		if err != nil {
			return err
		}
		e, ok := c.old.Outputs[filepath.ToSlash(rel)]
		if !ok {
			return errors.New("not made by the build")
		}
		info, err := d.Info()
		if err != nil || info.Size() != e.Size || info.ModTime().UnixNano() != e.MTime {
			return errors.New("changed")
		}
		seen++
		return nil
	})
	return err == nil && seen == len(c.old.Outputs)
}

// reuse returns the output at p from the output folder when the previous
// build made it from inputs with fingerprint fp and it is still there as
// written; nil otherwise.
func (c *BuildCache) reuse(p string, fp uint64) *Output {
	if c == nil || c.old == nil {
		return nil
	}
	e, ok := c.old.Outputs[p]
	if !ok || e.FP != fp || fp == 0 {
		return nil
	}
	src := filepath.Join(c.out, filepath.FromSlash(p))
	if !c.intact(src, e) {
		return nil
	}
	return &Output{hash: e.Hash, carry: src}
}

// intact tells whether the file at path is as the previous build wrote it.
func (c *BuildCache) intact(path string, e cachedFile) bool {
	info, err := os.Lstat(path)
	return err == nil && info.Mode().IsRegular() && info.Size() == e.Size && info.ModTime().UnixNano() == e.MTime
}

// carry returns the file of the output folder to take over for output p
// with bytes of fingerprint hash, "" when it must be written.
func (c *BuildCache) carry(p string, hash uint64) string {
	if c == nil || c.old == nil {
		return ""
	}
	e, ok := c.old.Outputs[p]
	if !ok || e.Hash != hash {
		return ""
	}
	src := filepath.Join(c.out, filepath.FromSlash(p))
	if !c.intact(src, e) {
		return ""
	}
	return src
}

// Save writes the cache for the site s after s.Write(out) succeeded.
func (s *Site) SaveCache() error {
	c := s.cache
	if c == nil || c.identity == 0 || s.Unchanged {
		return nil // an unchanged site's cache is the one on disk
	}
	d := &cacheData{
		Identity: c.identity,
		Out:      absPath(c.out),
		SiteKey:  c.siteKey,
		Until:    s.changesAt,
		Summary:  s.summary(),
		Warnings: s.Warnings,
		Outputs:  map[string]cachedFile{},
	}
	if real, err := resolvePath(c.out); err == nil && s.written != nil && real == s.writtenIn {
		for rel, st := range s.written {
			d.Outputs[rel] = s.cacheEntry(rel, st)
		}
	} else if err := s.walkOutputs(c.out, d); err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	data, err := encodeCache(d)
	if err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	if err := c.writePages(); err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	tmp, err := os.CreateTemp(c.dir, cacheFile+".new-*")
	if err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(c.dir, cacheFile))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("build cache: %w", err)
	}
	return nil
}

// walkOutputs records every file in the output folder out.
func (s *Site) walkOutputs(out string, d *cacheData) error {
	return filepath.WalkDir(out, func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		rel, err := filepath.Rel(out, p)
		if err != nil {
			return err
		}
		info, err := de.Info()
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		d.Outputs[rel] = s.cacheEntry(rel, statOf(info))
		return nil
	})
}

// cacheEntry is the cache entry of the output rel, written with st.
func (s *Site) cacheEntry(rel string, st fileStat) cachedFile {
	e := cachedFile{FP: s.cache.fps[rel], Size: st.size, MTime: st.mtime}
	if o := s.Files[rel]; o != nil {
		e.Hash = o.hash
	} else if rel == OutputMarker {
		e.Hash = markerHash
	}
	return e
}

// summary is what the build reports of s.
func (s *Site) summary() CacheSummary {
	if s.Unchanged {
		return *s.Cached
	}
	return CacheSummary{Posts: len(s.Posts), Pages: len(s.Pages), Files: len(s.Files),
		NextScheduled: s.NextScheduled, Hints: hints.SiteSummary(s.Config.Language, s.Hints)}
}

// unchangedSite is the result of a build that found nothing changed.
func (c *BuildCache) unchangedSite() *Site {
	sum := c.old.Summary
	s := &Site{Unchanged: true, Cached: &sum, Warnings: slices.Clone(c.old.Warnings), NextScheduled: sum.NextScheduled, cache: c, changesAt: c.old.Until}
	return s
}

// linkOrCopy puts the file src at dst: a hard link, or a copy with src's
// modification time where links cannot be made.
func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("take over %s: %w", src, err)
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return fmt.Errorf("take over %s: %w", src, err)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s to %s: %w", src, dst, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	return os.Chtimes(dst, info.ModTime(), info.ModTime())
}

// fpsOf returns the map the render records fingerprints in, nil without a
// cache.
func (c *BuildCache) fpsOf() map[string]uint64 {
	if c == nil {
		return nil
	}
	if c.fps == nil {
		c.fps = map[string]uint64{}
	}
	return c.fps
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// Forget makes the build ignore what the cache holds; the build still
// writes a new one.
func (c *BuildCache) Forget() { c.old, c.forgotten = nil, true }
