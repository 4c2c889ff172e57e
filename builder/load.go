package builder

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"time"
)

// Source folders and files at the site root that kopij reads.
const (
	contentDir = "content"
	staticDir  = "static"
	themesDir  = "themes"
)

// Sources returns the files and folders at the site root that a build
// reads, as slash paths: what a watcher of the site folder watches.
func Sources() []string {
	return []string{ConfigFile, contentDir, staticDir, themesDir, layoutsDir, includesDir}
}

// srcFile is one file of the site as last read.
type srcFile struct {
	data    []byte    // content of files the build parses (Markdown, comments, theme layouts and i18n, kopij.toml); nil for copied files
	size    int64     // bytes
	modTime time.Time // modification time, to notice changes of copied files
	hash    uint64    // fingerprint of data, or of size and time for copied files
}

// snapshot is the load stage: the set of site files a build reads, keyed
// by slash path relative to the site root, updated in place.
type snapshot struct {
	files    map[string]*srcFile
	warnings map[string]string // path -> problem that made kopij skip it
	loaded   bool              // files holds the whole site as once read; false before the first load and after a failed one
}

// read brings the snapshot up to date: all files, or those changed (nil
// means all).
func (s *snapshot) read(fsys fs.FS, changed []string, hasher func([]byte) uint64) error {
	if s.loaded && changed != nil {
		return s.refresh(fsys, changed, hasher)
	}
	err := s.load(fsys, hasher)
	s.loaded = err == nil
	return err
}

// dropParsed lets go of the bytes of the content files, Markdown and
// comments, once they are parsed: nothing after the parse reads them, and
// only a later build of the same Builder would compare or parse them
// again. Their fingerprints stay.
func (s *snapshot) dropParsed() {
	for p, f := range s.files {
		if strings.HasPrefix(p, contentDir+"/") {
			f.data = nil
		}
	}
}

// IsIgnored reports whether a file name is an editor's temporary, backup or
// lock file, or a file the system leaves in folders (.DS_Store). Such
// files are never content and never trigger a rebuild. Other hidden
// names are for Skipped to judge by where they are.
func IsIgnored(name string) bool {
	switch {
	case name == "" || name == "4913" || name == "Thumbs.db" || name == ".DS_Store" || name == "desktop.ini":
		return true
	case strings.HasPrefix(name, ".#"), strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasPrefix(name, ".~lock."), strings.HasPrefix(name, ".goutputstream-"):
		return true
	case strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bak"),
		strings.HasSuffix(name, ".kate-swp"):
		return true
	case strings.Contains(name, "___jb_tmp___"), strings.Contains(name, "___jb_old___"):
		return true
	}
	return false
}

// Skipped reports whether the build leaves out the site-relative slash
// path p and everything below it: names IsIgnored, version control
// folders (.git, .hg, .svn), and hidden names (".name") except below a
// static/ folder, the site's or a theme's, whose hidden files such as
// .well-known/, .nojekyll and .htaccess are published like the others.
func Skipped(p string) bool {
	parts := strings.Split(p, "/")
	for i, part := range parts {
		switch {
		case IsIgnored(part), part == ".git", part == ".hg", part == ".svn":
			return true
		case strings.HasPrefix(part, ".") && part != "." && !inStatic(parts[:i]):
			return true
		}
	}
	return false
}

// inStatic reports whether the folders dirs, from the site root down, are
// static/ or below it, or a theme's static/ or below it.
func inStatic(dirs []string) bool {
	return len(dirs) >= 1 && dirs[0] == staticDir ||
		len(dirs) >= 3 && dirs[0] == themesDir && dirs[2] == "static"
}

// cleanChanged normalizes a path given to Build as changed: slash
// separated, relative to the site root, without "./".
func cleanChanged(p string) string { return path.Clean(strings.TrimPrefix(p, "./")) }

// watchedRoot reports whether a site-relative path is one kopij reads.
func watchedRoot(p string) bool {
	top, _, _ := strings.Cut(p, "/")
	return p == ConfigFile || top == contentDir || top == staticDir || top == themesDir || top == layoutsDir || top == includesDir
}

// needsData tells whether a file's bytes are needed by the build.
func needsData(p string) bool {
	if p == ConfigFile || p == staticDir+"/"+redirectsFile {
		return true
	}
	if strings.HasPrefix(p, contentDir+"/") {
		return isMarkdown(p) || path.Base(p) == CommentsFile
	}
	if strings.HasPrefix(p, layoutsDir+"/") || strings.HasPrefix(p, includesDir+"/") {
		return true // shortcode templates and includes: their bytes are part of the pages' fingerprints
	}
	if strings.HasPrefix(p, themesDir+"/") {
		_, rest, _ := strings.Cut(strings.TrimPrefix(p, themesDir+"/"), "/")
		return strings.HasPrefix(rest, "layouts/") || strings.HasPrefix(rest, "i18n/")
	}
	return false
}

func isMarkdown(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".mdown", ".mkd":
		return true
	}
	return false
}

// load reads every watched file under fsys.
func (s *snapshot) load(fsys fs.FS, hasher func([]byte) uint64) error {
	s.files = map[string]*srcFile{}
	s.warnings = map[string]string{}
	var errs []error
	for _, root := range Sources() {
		if err := s.walk(fsys, root, hasher); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// refresh updates the snapshot for paths reported changed (created,
// written, removed or renamed files and folders).
func (s *snapshot) refresh(fsys fs.FS, changed []string, hasher func([]byte) uint64) error {
	var errs []error
	for _, p := range changed {
		p = cleanChanged(p)
		if !watchedRoot(p) || Skipped(p) {
			continue
		}
		if _, file := s.files[p]; file {
			// A file known as a file: nothing lies below it.
			delete(s.files, p)
			delete(s.warnings, p)
		} else {
			prefix := p + "/"
			for k := range s.files {
				if strings.HasPrefix(k, prefix) {
					delete(s.files, k)
				}
			}
			for k := range s.warnings {
				if k == p || strings.HasPrefix(k, prefix) {
					delete(s.warnings, k)
				}
			}
		}
		if err := s.walk(fsys, p, hasher); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// walk adds root (a file or a folder) to the snapshot. A missing root is
// not an error: it was deleted, or the site does not use it.
func (s *snapshot) walk(fsys fs.FS, root string, hasher func([]byte) uint64) error {
	var errs []error
	var reads []pendingRead // files whose bytes are read after the walk, in parallel
	add := func(p string, info fs.FileInfo) error {
		if needsData(p) {
			reads = append(reads, pendingRead{path: p, info: info})
			return nil
		}
		f := &srcFile{size: info.Size(), modTime: info.ModTime()}
		f.hash = hasher(fmt.Appendf(nil, "%d/%d", f.size, f.modTime.UnixNano()))
		s.files[p] = f
		return nil
	}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || s.outside(p, err) {
				return nil
			}
			errs = append(errs, fileError(p, err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != root && (Skipped(p) || d.Name() == ".." || d.Name() == ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := fs.Stat(fsys, p)
			if s.outside(p, err) {
				return nil
			}
			if err != nil {
				errs = append(errs, &LineError{File: p, Msg: fmt.Sprintf("broken or looping symbolic link (%v): remove it or point it at a file", err), Err: err})
				return nil
			}
			if info.IsDir() {
				s.warnings[p] = "symbolic link to a folder is not followed (copy the folder or link its files)"
				return nil
			}
			return add(p, info)
		}
		if d.IsDir() {
			return nil
		}
		if needsData(p) {
			reads = append(reads, pendingRead{path: p, entry: d}) // its Info too is read in parallel
			return nil
		}
		info, err := d.Info()
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fileError(p, err))
			}
			return nil
		}
		return add(p, info)
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	// Reading is most of a large site's load; the files are read and
	// hashed in parallel, and go into the snapshot in walk order.
	parallel(context.Background(), runtime.GOMAXPROCS(0)*2, len(reads), func(i int) {
		r := &reads[i]
		if r.info == nil {
			if r.info, r.err = r.entry.Info(); r.err != nil {
				return
			}
		}
		if r.data, r.err = fs.ReadFile(fsys, r.path); r.err == nil {
			r.hash = hasher(r.data)
		}
	})
	for _, r := range reads {
		if r.err != nil {
			if !errors.Is(r.err, fs.ErrNotExist) && !s.outside(r.path, r.err) {
				errs = append(errs, fileError(r.path, r.err))
			}
			continue
		}
		s.files[r.path] = &srcFile{data: r.data, size: int64(len(r.data)), modTime: r.info.ModTime(), hash: r.hash}
	}
	return errors.Join(errs...)
}

// pendingRead is a file the walk found whose bytes the build reads.
type pendingRead struct {
	path  string
	entry fs.DirEntry // its Info is info, when info is nil
	info  fs.FileInfo
	data  []byte
	hash  uint64
	err   error
}

// outside reports whether err says that p is a link leading outside the
// site (see SiteFS), and notes the skipped link as a warning.
func (s *snapshot) outside(p string, err error) bool {
	oe, ok := errors.AsType[*OutsideError](err)
	if ok {
		s.warnings[p] = "a link to " + oe.Target + ", outside the site; skipped"
	}
	return ok
}
