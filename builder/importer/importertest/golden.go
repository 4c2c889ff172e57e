package importertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kopij/kopij/builder/importer"
	"golang.org/x/tools/txtar"
)

// Reader is an importer front end: an export in, a Site out.
type Reader func(name string, r io.Reader) (*importer.Site, error)

// Now is the clock of every golden import.
var Now = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

// Golden imports the export of each archive matching pattern and compares
// what was written. An archive holds:
//
//	comment        options, one per line: "export: NAME" (default export.xml)
//	NAME           the export
//	want/PATH      every text file Import writes (Markdown, YAML, TOML, redirects)
//	want/files.txt every file written with its size, images included
//	gaps.txt       what the builder cannot serve yet of the imported site (see CheckBuild)
//
// The destination folder's path reads DEST in the files compared. With
// update set, the want/ sections are rewritten from what was written.
func Golden(t *testing.T, pattern string, read Reader, update bool) {
	names, err := filepath.Glob(pattern)
	if err != nil || len(names) == 0 {
		t.Fatalf("no golden archives match %s: %v", pattern, err)
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			golden(t, name, read, update)
		})
	}
}

func golden(t *testing.T, name string, read Reader, update bool) {
	ar, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	export := "export.xml"
	for _, l := range strings.Split(string(ar.Comment), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "export" {
			export = strings.TrimSpace(v)
		}
	}
	var src []byte
	var inputs []txtar.File
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want/") && f.Name != gapsFile {
			inputs = append(inputs, f)
		}
		if f.Name == export {
			src = f.Data
		}
	}
	if src == nil {
		t.Fatalf("%s has no %s section", name, export)
	}
	dest := filepath.Join(t.TempDir(), "site")
	got, rep := Run(t, export, src, dest, read)
	gaps := []byte(strings.Join(CheckBuild(t, dest, rep), "\n") + "\n")
	compare(t, name, ar, inputs, got, gaps, update)
}

// FolderReader is an importer front end for a site folder: Hugo, Jekyll.
type FolderReader func(fsys fs.FS, name string) (*importer.Site, error)

// GoldenFolder is Golden for front ends that read a site folder: the
// archive's files under src/ are the original site, read as the folder
// "src"; want/ and gaps.txt are as in Golden.
func GoldenFolder(t *testing.T, pattern string, read FolderReader, update bool) {
	names, err := filepath.Glob(pattern)
	if err != nil || len(names) == 0 {
		t.Fatalf("no golden archives match %s: %v", pattern, err)
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			src := fstest.MapFS{}
			var inputs []txtar.File
			for _, f := range ar.Files {
				if p, ok := strings.CutPrefix(f.Name, "src/"); ok {
					src[p] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
				}
				if !strings.HasPrefix(f.Name, "want/") && f.Name != gapsFile {
					inputs = append(inputs, f)
				}
			}
			if len(src) == 0 {
				t.Fatalf("%s has no src/ files", name)
			}
			site, err := read(src, "src")
			if err != nil {
				t.Fatalf("read src: %v", err)
			}
			dest := filepath.Join(t.TempDir(), "site")
			got, rep := RunSite(t, site, dest)
			gaps := []byte(strings.Join(CheckBuild(t, dest, rep), "\n") + "\n")
			compare(t, name, ar, inputs, got, gaps, update)
		})
	}
}

// compare checks what was written against the archive, or rewrites it.
func compare(t *testing.T, name string, ar *txtar.Archive, inputs []txtar.File, got map[string][]byte, gaps []byte, update bool) {
	t.Helper()
	if update {
		ar.Files = inputs
		for _, p := range sortedKeys(got) {
			ar.Files = append(ar.Files, txtar.File{Name: "want/" + p, Data: got[p]})
		}
		ar.Files = append(ar.Files, txtar.File{Name: gapsFile, Data: gaps})
		if err := os.WriteFile(name, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := map[string][]byte{}
	for _, f := range ar.Files {
		if p, ok := strings.CutPrefix(f.Name, "want/"); ok {
			want[p] = f.Data
		}
		if f.Name == gapsFile && !bytes.Equal(f.Data, gaps) {
			t.Errorf("what the builder cannot serve yet changed (go test -update rewrites %s):\n%s", gapsFile, diff(string(f.Data), string(gaps)))
		}
	}
	for _, p := range sortedKeys(want) {
		g, ok := got[p]
		if !ok {
			t.Errorf("%s was not written", p)
			continue
		}
		if !bytes.Equal(g, want[p]) {
			t.Errorf("%s differs (go test -update rewrites the golden files):\n%s", p, diff(string(want[p]), string(g)))
		}
	}
	for _, p := range sortedKeys(got) {
		if _, ok := want[p]; !ok {
			t.Errorf("%s was written but is not in %s (go test -update adds it)", p, name)
		}
	}
}

// gapsFile is the archive section listing what CheckBuild found missing.
const gapsFile = "gaps.txt"

// Run imports src into dest with the image server and the fixed clock, and
// returns the text files written plus files.txt, with dest read as DEST,
// and the report.
func Run(t testing.TB, name string, src []byte, dest string, read Reader) (map[string][]byte, *importer.Report) {
	t.Helper()
	site, err := read(name, bytes.NewReader(src))
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return RunSite(t, site, dest)
}

// RunSite imports site into dest as Run does.
func RunSite(t testing.TB, site *importer.Site, dest string) (map[string][]byte, *importer.Report) {
	t.Helper()
	srv := NewServer(t)
	rep, err := importer.Import(context.Background(), site, dest, importer.Options{
		Client: srv.Client(), Fetchers: 2, Now: func() time.Time { return Now },
	})
	if err != nil {
		t.Fatalf("import %s: %v", site.Source, err)
	}
	got := map[string][]byte{}
	var list strings.Builder
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if isText(rel) {
			data = bytes.ReplaceAll(data, []byte(dest), []byte("DEST"))
			got[rel] = data
		}
		fmt.Fprintf(&list, "%s %d\n", rel, len(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got["files.txt"] = []byte(list.String())
	return got, rep
}

func isText(p string) bool {
	switch filepath.Ext(p) {
	case ".md", ".yaml", ".toml", ".conf", ".txt":
		return true
	}
	return filepath.Base(p) == "_redirects"
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// diff shows the first lines where want and got part.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, wl, gl)
		}
	}
	return "(same lines)"
}
