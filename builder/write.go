package builder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Write puts the site into the folder out so that out always holds either
// the previous complete site or the new one: the new site is written into a
// temporary folder beside out, which then takes out's place in one rename.
// Files that no longer belong to the site disappear with the old folder.
// A site built with Options.Out is written once, to that folder (or
// anywhere else, by copying its files).
func (s *Site) Write(out string) error {
	if s.Unchanged {
		return nil
	}
	out = filepath.Clean(out)
	var tmp string
	if s.stage != nil && s.stage.out == out {
		tmp = s.stage.dir // the outputs written as rendered are there
	} else {
		var err error
		if tmp, err = newStage(out); err != nil {
			return err
		}
	}
	if err := s.writeFiles(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := swapDir(tmp, out); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return nil
}

// newStage makes the temporary folder beside out that a new site is
// written into.
func newStage(out string) (string, error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return "", fmt.Errorf("create a temporary folder beside %s: %w", out, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("create a temporary folder beside %s: %w", out, err)
	}
	return tmp, nil
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
		d := filepath.Dir(filepath.Join(dir, filepath.FromSlash(p)))
		if !dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("create %s: %w", d, err)
			}
			dirs[d] = true
		}
	}
	errs := make([]error, len(paths))
	parallel(context.Background(), runtime.GOMAXPROCS(0)*2, len(paths), func(i int) {
		p := paths[i]
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if !strings.HasPrefix(dst, dir+string(filepath.Separator)) {
			errs[i] = fmt.Errorf("refusing to write %s outside the output folder", p)
			return
		}
		o := s.Files[p]
		if o.carry == dst {
			return // written as rendered
		}
		if src := o.carry; src != "" || s.cache != nil {
			if src == "" {
				src = s.cache.carry(p, o.hash)
			}
			if src != "" {
				errs[i] = linkOrCopy(src, dst)
				return
			}
		}
		errs[i] = o.writeTo(dst)
	})
	return errors.Join(errs...)
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
// exchanged in one atomic rename; elsewhere out is moved aside first.
func swapDir(tmp, out string) error {
	info, err := os.Lstat(out)
	if errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s exists and is not a folder (move it away or choose another --out)", out)
	}
	if err := exchange(tmp, out); err == nil {
		return os.RemoveAll(tmp) // tmp now holds the previous site
	}
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return fmt.Errorf("replace %s: %w", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Rename(old, out)
		return fmt.Errorf("replace %s: %w", out, err)
	}
	return os.RemoveAll(old)
}

// stage is the folder a build with Options.Out writes its outputs into as
// it renders them.
type stage struct {
	out, dir string
	mu       sync.Mutex
	dirs     map[string]bool // folders made below dir
}

// staged writes a rendered output into the build's stage, made at the
// first call, and returns the file's path.
func (b *Builder) staged(p string, data []byte) (string, error) {
	st, err := b.stageFor()
	if err != nil {
		return "", err
	}
	dst := filepath.Join(st.dir, filepath.FromSlash(p))
	if !strings.HasPrefix(dst, st.dir+string(filepath.Separator)) {
		return "", fmt.Errorf("refusing to write %s outside the output folder", p)
	}
	d := filepath.Dir(dst)
	st.mu.Lock()
	made := st.dirs[d]
	st.mu.Unlock()
	if !made {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", fmt.Errorf("create %s: %w", d, err)
		}
		st.mu.Lock()
		st.dirs[d] = true
		st.mu.Unlock()
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return "", fmt.Errorf("write %s: %w", dst, err)
	}
	return dst, nil
}

func (b *Builder) stageFor() (*stage, error) {
	b.stageMu.Lock()
	defer b.stageMu.Unlock()
	if b.stage != nil {
		return b.stage, nil
	}
	out := filepath.Clean(b.opts.Out)
	dir, err := newStage(out)
	if err != nil {
		return nil, err
	}
	b.stage = &stage{out: out, dir: dir, dirs: map[string]bool{}}
	return b.stage, nil
}

// remove deletes a stage that will not be swapped in.
func (st *stage) remove() {
	if st != nil {
		os.RemoveAll(st.dir)
	}
}
