package builder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// SiteFS is a folder, such as a site folder, as an fs.FS that reads
// nothing outside it: a symbolic link whose real path lies outside the
// folder is refused with an *OutsideError, also when it changes while the
// folder is in use. Links that stay inside work, relative or absolute.
// It is safe for concurrent use. Close it when done.
type SiteFS struct {
	dir  string // the folder, absolute, with its own links resolved
	root *os.Root
	fsys fs.FS // root.FS()
}

// OpenSite opens the folder dir for reading as a SiteFS.
func OpenSite(dir string) (*SiteFS, error) {
	abs, err := filepath.Abs(dir)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	return &SiteFS{dir: abs, root: root, fsys: root.FS()}, nil
}

// Close releases the folder.
func (s *SiteFS) Close() error { return s.root.Close() }

// Dir returns the folder's absolute path, with its links resolved.
func (s *SiteFS) Dir() string { return s.dir }

// OutsideError is the answer of a SiteFS for a path that leads outside
// its folder through a symbolic link.
type OutsideError struct {
	Path   string // the path asked for, relative to the folder, e.g. "static/passwd.txt"
	Target string // where it leads, e.g. "/etc/passwd"
	Dir    string // the folder
}

func (e *OutsideError) Error() string {
	return fmt.Sprintf("%s: a link to %s, outside %s", e.Path, e.Target, e.Dir)
}

// Unwrap makes errors.Is(err, fs.ErrPermission) true.
func (e *OutsideError) Unwrap() error { return fs.ErrPermission }

// Open opens name, refusing paths that lead outside the folder.
func (s *SiteFS) Open(name string) (fs.File, error) {
	return within(s, name, s.fsys.Open)
}

// Stat describes name, following links that stay inside the folder.
func (s *SiteFS) Stat(name string) (fs.FileInfo, error) {
	return within(s, name, func(n string) (fs.FileInfo, error) { return fs.Stat(s.fsys, n) })
}

// ReadFile reads name, refusing paths that lead outside the folder.
func (s *SiteFS) ReadFile(name string) ([]byte, error) {
	return within(s, name, func(n string) ([]byte, error) { return fs.ReadFile(s.fsys, n) })
}

// ReadDir lists the folder name.
func (s *SiteFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return within(s, name, func(n string) ([]fs.DirEntry, error) { return fs.ReadDir(s.fsys, n) })
}

// within runs op on name through the os.Root, which refuses every link
// that leaves the folder and absolute links too. When it refuses, the
// link is resolved to tell a link that leaves the folder (an OutsideError)
// from an absolute one that stays inside, which op then reads through its
// real path, again through the os.Root.
func within[T any](s *SiteFS, name string, op func(string) (T, error)) (T, error) {
	v, err := op(name)
	if err == nil || errors.Is(err, fs.ErrNotExist) || !fs.ValidPath(name) {
		return v, err
	}
	var zero T
	full := filepath.Join(s.dir, filepath.FromSlash(name))
	real, rerr := filepath.EvalSymlinks(full)
	if rerr != nil {
		// A broken link: one that points outside is refused as such,
		// others are broken or looping, as the first answer says.
		if strings.Contains(err.Error(), "path escapes") {
			target, lerr := os.Readlink(full)
			abs := target
			if !filepath.IsAbs(abs) {
				abs = filepath.Join(filepath.Dir(full), target)
			}
			if lerr == nil && !s.contains(abs) {
				return zero, &OutsideError{Path: name, Target: target, Dir: s.dir}
			}
		}
		return v, err
	}
	if !s.contains(real) {
		return zero, &OutsideError{Path: name, Target: real, Dir: s.dir}
	}
	rel, _ := filepath.Rel(s.dir, real)
	if rel = filepath.ToSlash(rel); rel == name {
		return v, err
	}
	return op(rel)
}

// contains reports whether the absolute path p lies in the folder.
func (s *SiteFS) contains(p string) bool {
	rel, err := filepath.Rel(s.dir, filepath.Clean(p))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
