package builder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/cespare/xxhash/v2"
)

// WriteOptions are the choices of one Write.
type WriteOptions struct {
	Src   string // the site folder on disk; when set, Write refuses an output folder that would replace its sources (see CheckOutput)
	Force bool   // replace a folder that holds files but no OutputMarker
	Name  string // how the user named the output folder, e.g. "--out ~/www", for messages; the path when empty
}

// Test hooks: the renames of the swap, so that tests can make them fail
// the way a mount point or a full disk does.
var (
	rename       = os.Rename
	exchangeDirs = exchange
)

// Write puts the site into the folder out so that out always holds either
// the previous complete site or the new one: the new site is written into a
// temporary folder beside out, which then takes out's place in one rename.
// Files that no longer belong to the site disappear with the old folder.
//
// Write refuses, before writing anything, an out that would replace the
// site's sources (when opts.Src is set) and an out that holds files but no
// OutputMarker (unless opts.Force). It checks that it can remove the
// previous site before it publishes the new one, and on every failure it
// leaves the previous site as it was and no temporary folder behind.
//
// An out that cannot be renamed, a mount point such as a Docker volume or
// a tmpfs, has its contents replaced instead: the new site is written
// into a temporary folder inside out, then the entries are moved over.
//
// A site found Unchanged by the build cache is already in out: Write does
// nothing. A site built with Options.Out had its rendered outputs written
// into a temporary folder beside that folder, which Write fills up and
// swaps in (or copies from, when out is elsewhere or a mount point); it
// is written once.
func (s *Site) Write(out string, opts WriteOptions) error {
	if s.Unchanged {
		return nil
	}
	defer s.stage.remove() // swapped in by now, or not wanted
	name := opts.Name
	if name == "" {
		name = out
	}
	real, err := resolvePath(out)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if opts.Src != "" {
		if err := CheckOutput(opts.Src, real, s.Config.Theme, name); err != nil {
			return err
		}
	}
	mount := isMountPoint(real)
	state, err := inspectOut(real, name, mount)
	if err != nil {
		return err
	}
	if state == outForeign && !opts.Force {
		return foreignError(name)
	}
	if state != outMissing && mount {
		return s.replaceContents(real, name)
	}
	err = s.writeBeside(real, name, state != outMissing)
	if errors.Is(err, errCannotRename) {
		return s.replaceContents(real, name)
	}
	return err
}

// errCannotRename marks a swap that failed because out cannot be renamed
// (EBUSY: a mount point; EXDEV: another device), before anything changed.
var errCannotRename = errors.New("the output folder cannot be renamed")

// cannotRename reports whether err is a rename refused because the
// folder is a mount point or on another device.
func cannotRename(err error) bool {
	return errors.Is(err, syscall.EBUSY) || errors.Is(err, syscall.EXDEV)
}

// writeBeside writes the site into a temporary folder beside out and
// swaps it in; exists tells whether out holds a previous site.
func (s *Site) writeBeside(out, name string, exists bool) error {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("%s: create %s: %w", name, parent, err)
	}
	// Creating the temporary folder is the probe of the folder where the
	// swap happens: when it fails, nothing has changed.
	var tmp string
	var err error
	if s.stage != nil && s.stage.out == out {
		tmp = s.stage.dir // holds the outputs written as they were rendered
	} else {
		tmp, err = os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	}
	if err != nil {
		return fmt.Errorf("%s: kopij writes the new site beside it, in %s, and cannot: %w (make %s writable or choose another --out); nothing was changed", name, parent, err, parent)
	}
	removed := false // whether tmp is removed below, with its own message
	defer func() {
		if !removed {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("%s: create a temporary folder in %s: %w", name, parent, err)
	}
	if exists {
		if err := checkRemovable(out, name, false); err != nil {
			return err
		}
	}
	if err := s.writeAll(tmp); err != nil {
		return fmt.Errorf("%s: %w; the previous site was left as it was", name, err)
	}
	old, err := swapDir(tmp, out)
	if err != nil {
		if cannotRename(err) {
			return errCannotRename
		}
		if old != "" { // tmp holds the new site, old the previous one
			return fmt.Errorf("%s: %w; the previous site is in %s: move it back by hand", name, err, old)
		}
		return fmt.Errorf("%s: %w; the previous site was left as it was", name, err)
	}
	s.writtenIn = out
	if old == "" {
		return nil
	}
	removed = old == tmp // tmp now holds the previous site
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("%s: the new site is in place, but the previous one could not be removed from %s: %w (remove it by hand)", name, old, err)
	}
	return nil
}

// writeAll writes every output and the marker below dir.
func (s *Site) writeAll(dir string) error {
	if err := s.writeFiles(dir); err != nil {
		return err
	}
	marker := filepath.Join(dir, OutputMarker)
	var err error
	if src := s.cache.carry(OutputMarker, markerHash); src != "" {
		err = linkOrCopy(src, marker)
	} else if err = os.WriteFile(marker, []byte(markerText), 0o644); err != nil {
		err = fmt.Errorf("write %s: %w", OutputMarker, err)
	}
	s.written[OutputMarker], err = statWritten(marker, err)
	return err
}

// markerHash is the fingerprint of the marker's bytes, for the build cache.
var markerHash = xxhash.Sum64String(markerText)

// checkRemovable makes sure the previous site in out can be removed once
// the new one is in place: out itself must take a new entry and lose it
// again, and every folder below it must be writable, which a read-only
// folder or file system refuses. With keepLostFound, out's lost+found is
// not checked: it stays.
func checkRemovable(out, name string, keepLostFound bool) error {
	return filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("%s: read the previous site: %w; nothing was changed", name, err)
		}
		if !d.IsDir() {
			return nil
		}
		if keepLostFound && filepath.Dir(p) == out && isLostFound(d) {
			return filepath.SkipDir
		}
		if p == out {
			err = probe(p)
		} else {
			err = writable(p)
		}
		if err != nil {
			return fmt.Errorf("%s: kopij could not remove the previous site after publishing the new one: %s is not writable (%w). Make it writable (chmod -R u+w %s) or choose another --out; nothing was changed", name, p, err, out)
		}
		return nil
	})
}

// probe creates a file in dir and removes it again.
func probe(dir string) error {
	f, err := os.CreateTemp(dir, ".kopij-probe-")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// replaceContents replaces the entries of the folder out, which cannot be
// renamed, with the site: written first into a temporary folder inside
// out (so on out's own device), then moved over entry by entry, the old
// entries moved aside into a second temporary folder and removed at the
// end; lost+found stays. A failure moves everything back.
func (s *Site) replaceContents(out, name string) error {
	if err := checkRemovable(out, name, true); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(out, ".kopij-new-")
	if err != nil {
		return fmt.Errorf("%s: create a temporary folder in it: %w; nothing was changed", name, err)
	}
	defer os.RemoveAll(tmp) // empty after success
	if err := s.writeAll(tmp); err != nil {
		return fmt.Errorf("%s: %w; the previous site was left as it was", name, err)
	}
	old, err := os.MkdirTemp(out, ".kopij-old-")
	if err != nil {
		return fmt.Errorf("%s: create a temporary folder in it: %w; nothing was changed", name, err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		os.Remove(old)
		return fmt.Errorf("%s: %w; nothing was changed", name, err)
	}
	var prev []string // the entries of the previous site
	for _, e := range entries {
		if p := filepath.Join(out, e.Name()); p != tmp && p != old && !isLostFound(e) {
			prev = append(prev, e.Name())
		}
	}
	next, err := os.ReadDir(tmp)
	if err != nil {
		os.Remove(old)
		return fmt.Errorf("%s: %w; nothing was changed", name, err)
	}
	// restore moves the first n entries of names from dir back to out.
	restore := func(names []string, n int, dir string) error {
		var errs []error
		for _, e := range names[:n] {
			if err := rename(filepath.Join(dir, e), filepath.Join(out, e)); err != nil {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	}
	for i, e := range prev {
		if err := rename(filepath.Join(out, e), filepath.Join(old, e)); err != nil {
			if rerr := restore(prev, i, old); rerr != nil {
				return fmt.Errorf("%s: move the previous site aside: %w; moving it back failed too (%v): its files are in %s", name, err, rerr, old)
			}
			os.Remove(old)
			return fmt.Errorf("%s: move the previous site aside: %w; the previous site was left as it was", name, err)
		}
	}
	for i, e := range next {
		if err := rename(filepath.Join(tmp, e.Name()), filepath.Join(out, e.Name())); err != nil {
			var errs []error
			for _, done := range next[:i] {
				if rerr := rename(filepath.Join(out, done.Name()), filepath.Join(tmp, done.Name())); rerr != nil {
					errs = append(errs, rerr)
				}
			}
			if rerr := errors.Join(append(errs, restore(prev, len(prev), old))...); rerr != nil {
				return fmt.Errorf("%s: move the new site in: %w; moving the previous one back failed too (%v): its files are in %s", name, err, rerr, old)
			}
			os.Remove(old)
			return fmt.Errorf("%s: move the new site in: %w; the previous site was left as it was", name, err)
		}
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("%s: the new site is in place, but the previous one could not be removed from %s: %w (remove it by hand)", name, old, err)
	}
	return nil
}

// writeFiles writes every output below dir.
func (s *Site) writeFiles(dir string) error {
	dir = filepath.Clean(dir)
	paths := make([]string, 0, len(s.Files))
	for p := range s.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	dirs := map[string]bool{}
	for _, p := range paths {
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if s.Files[p].carry == dst {
			continue // written there as rendered, its folder too
		}
		d := filepath.Dir(dst)
		if !dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("create %s: %w", d, err)
			}
			dirs[d] = true
		}
	}
	errs := make([]error, len(paths))
	stats := make([]fileStat, len(paths))
	parallel(context.Background(), runtime.GOMAXPROCS(0)*2, len(paths), func(i int) {
		p := paths[i]
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if !strings.HasPrefix(dst, dir+string(filepath.Separator)) {
			errs[i] = fmt.Errorf("refusing to write %s outside the output folder", p)
			return
		}
		o := s.Files[p]
		if o.carry == dst {
			stats[i] = o.stat // written there as rendered
			return
		}
		src := o.carry
		if src == "" {
			src = s.cache.carry(p, o.hash) // "" without a cache
		}
		if src != "" {
			errs[i] = linkOrCopy(src, dst)
		} else {
			errs[i] = o.writeTo(dst)
		}
		stats[i], errs[i] = statWritten(dst, errs[i])
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	s.written = make(map[string]fileStat, len(paths)+1)
	for i, p := range paths {
		s.written[p] = stats[i]
	}
	return nil
}

// statWritten is what the build cache keeps of the file at dst, just
// written; err is the error of writing it.
func statWritten(dst string, err error) (fileStat, error) {
	if err != nil {
		return fileStat{}, err
	}
	info, err := os.Lstat(dst)
	if err != nil {
		return fileStat{}, fmt.Errorf("write %s: %w", dst, err)
	}
	return statOf(info), nil
}

func (o *Output) writeTo(dst string) error {
	if o.Data != nil || o.FS == nil {
		if err := os.WriteFile(dst, o.Data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", dst, err)
		}
		return nil
	}
	src, err := o.FS.Open(o.Source)
	if err != nil {
		return fmt.Errorf("copy %s: %w", o.Source, err)
	}
	defer src.Close()
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	if _, err := io.Copy(f, src); err != nil {
		f.Close()
		return fmt.Errorf("copy %s to %s: %w", o.Source, dst, err)
	}
	return f.Close()
}

// swapDir makes tmp take the place of out. On Linux both folders are
// exchanged in one atomic rename; elsewhere out is moved aside first. It
// returns the folder that now holds the previous site, to be removed, or
// "" when there was none. On an error old is "" when out was left as it
// was, and else the folder that holds the previous site.
func swapDir(tmp, out string) (old string, err error) {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		if err := rename(tmp, out); err != nil {
			return "", fmt.Errorf("move the new site into place: %w", err)
		}
		return "", nil
	} else if err != nil {
		return "", err
	}
	err = exchangeDirs(tmp, out)
	if err == nil {
		return tmp, nil // tmp now holds the previous site
	}
	if cannotRename(err) {
		return "", err
	}
	old = tmp + ".old"
	if err := rename(out, old); err != nil {
		return "", fmt.Errorf("replace %s: %w", out, err)
	}
	if err := rename(tmp, out); err != nil {
		if rerr := rename(old, out); rerr != nil {
			return old, fmt.Errorf("replace %s: %w", out, err)
		}
		return "", fmt.Errorf("replace %s: %w", out, err)
	}
	return old, nil
}

// stage is the folder a build with Options.Out writes its outputs into as
// it renders them: the temporary folder beside the output folder that
// Site.Write then swaps in.
type stage struct {
	out, dir string // the output folder (resolved as Write resolves it) and the temporary one
	mu       sync.Mutex
	dirs     map[string]bool // folders made below dir
}

// staged writes a rendered output into the build's stage, made at the
// first call, and returns the file's path.
func (b *Builder) staged(p string, data []byte) (string, fileStat, error) {
	st, err := b.stageFor()
	if err != nil {
		return "", fileStat{}, err
	}
	dst := filepath.Join(st.dir, filepath.FromSlash(p))
	if !strings.HasPrefix(dst, st.dir+string(filepath.Separator)) {
		return "", fileStat{}, fmt.Errorf("refusing to write %s outside the output folder", p)
	}
	d := filepath.Dir(dst)
	st.mu.Lock()
	made := st.dirs[d]
	st.mu.Unlock()
	if !made {
		// Most folders are new in one that is there (posts/x/ in posts/):
		// one mkdir, where MkdirAll would look at both first.
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return "", fileStat{}, fmt.Errorf("create %s: %w", d, err)
			}
		}
		st.mu.Lock()
		st.dirs[d] = true
		st.mu.Unlock()
	}
	err = os.WriteFile(dst, data, 0o644)
	if err != nil {
		err = fmt.Errorf("write %s: %w", dst, err)
	}
	stat, err := statWritten(dst, err)
	if err != nil {
		return "", fileStat{}, err
	}
	return dst, stat, nil
}

func (b *Builder) stageFor() (*stage, error) {
	b.stageMu.Lock()
	defer b.stageMu.Unlock()
	if b.stage != nil {
		return b.stage, nil
	}
	out, err := resolvePath(b.opts.Out)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.opts.Out, err)
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return nil, fmt.Errorf("%s: kopij writes the new site beside it, in %s, and cannot: %w (make %s writable or choose another --out)", b.opts.Out, parent, err, parent)
	}
	b.stage = &stage{out: out, dir: dir, dirs: map[string]bool{}}
	return b.stage, nil
}

// remove deletes the stage's folder if it is still there.
func (st *stage) remove() {
	if st != nil {
		os.RemoveAll(st.dir)
	}
}
