package importer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// stage is the hidden folder inside DEST where an import is written before
// it is moved into place. Every path it is given is checked to stay inside.
type stage struct {
	dest string // the destination folder
	dir  string // the hidden staging folder inside it
	made bool   // dest was created by this import
}

// stagePrefix starts the name of the staging folder; kopij ignores hidden
// files, so a stage left behind by a killed import never reaches a site.
const stagePrefix = ".kopij-import-"

func newStage(dest string) (*stage, error) {
	st := &stage{dest: dest}
	if _, err := os.Stat(dest); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dest, 0o755); err != nil {
			return nil, fmt.Errorf("create %s: %w", dest, err)
		}
		st.made = true
	}
	dir, err := os.MkdirTemp(dest, stagePrefix)
	if err != nil {
		return nil, fmt.Errorf("create a staging folder in %s: %w", dest, err)
	}
	st.dir = dir
	return st, nil
}

// path maps a slash-separated site path to the stage, refusing any path
// that would leave it.
func (st *stage) path(rel string) (string, error) {
	local := filepath.FromSlash(rel)
	if !filepath.IsLocal(local) {
		return "", fmt.Errorf("refusing to write %q: it is not a path inside the site folder", rel)
	}
	return filepath.Join(st.dir, "site", local), nil
}

func (st *stage) writeFile(rel string, data []byte) error {
	p, err := st.path(rel)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("two imported files claim %s", rel)
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeTemp stores a file outside the site tree of the stage.
func (st *stage) writeTemp(name string, data []byte) error {
	p := filepath.Join(st.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// moveTemp moves a file stored by writeTemp to a site path.
func (st *stage) moveTemp(name, rel string) error {
	p, err := st.path(rel)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if _, err := os.Lstat(p); err == nil {
		return fmt.Errorf("two imported files claim %s", rel)
	}
	return os.Rename(filepath.Join(st.dir, filepath.FromSlash(name)), p)
}

// publish moves every staged file into DEST. A file that already exists in
// DEST is left alone and listed in kept; link(2) fails on an existing
// name, so no file is ever replaced, even one that appears meanwhile.
func (st *stage) publish() (kept []string, err error) {
	root := filepath.Join(st.dir, "site")
	var files []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the staging folder: %w", err)
	}
	sort.Strings(files)
	for _, src := range files {
		rel, _ := filepath.Rel(root, src)
		dst := filepath.Join(st.dest, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return kept, fmt.Errorf("create %s: %w", filepath.Dir(dst), err)
		}
		switch err := placeFile(src, dst); {
		case errors.Is(err, fs.ErrExist):
			kept = append(kept, filepath.ToSlash(rel))
		case err != nil:
			return kept, fmt.Errorf("write %s: %w", dst, err)
		}
	}
	return kept, nil
}

// placeFile puts src at dst unless dst exists: a hard link where the file
// system has them, else an exclusive create and a copy.
func placeFile(src, dst string) error {
	err := os.Link(src, dst)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}

// discard removes the staging folder, and DEST too when this import
// created it and left nothing in it.
func (st *stage) discard() {
	os.RemoveAll(st.dir)
	if st.made {
		os.Remove(st.dest) // fails, as it should, unless empty
	}
}

// hiddenStage reports a name that is a staging folder of this package.
func hiddenStage(name string) bool { return strings.HasPrefix(name, stagePrefix) }
