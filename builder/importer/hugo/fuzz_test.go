package hugo

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	hugoengine "github.com/kopij/kopij/builder/hugo"
	"github.com/kopij/kopij/builder/importer"
	"golang.org/x/tools/txtar"
)

// FuzzRead reads a site of one configuration file and one post from any
// bytes, and imports what it reads: no panic, every error names the file
// at fault, and whatever reads imports.
func FuzzRead(f *testing.F) {
	names, _ := filepath.Glob("testdata/*.txtar")
	for _, n := range names {
		ar, err := txtar.ParseFile(n)
		if err != nil {
			continue
		}
		cfg := []byte("baseURL = \"https://example.com/\"\n")
		for _, file := range ar.Files {
			if file.Name == "src/hugo.toml" {
				cfg = file.Data
			}
		}
		for _, file := range ar.Files {
			if strings.HasPrefix(file.Name, "src/content/") && strings.HasSuffix(file.Name, ".md") {
				f.Add(cfg, file.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, cfg, post []byte) {
		fsys := fstest.MapFS{
			"hugo.toml":                 {Data: cfg},
			"content/posts/x.md":        {Data: post},
			"content/posts/y.md":        {Data: []byte("---\ntitle: Y\n---\nY.\n")},
			"layouts/shortcodes/s.html": {Data: []byte("<b>{{ .Get 0 }}</b>")},
		}
		site, err := Read(fsys, "src")
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "src: ") || !strings.Contains(msg, "hugo.toml") && !strings.Contains(msg, "content/posts/x.md") && !errors.Is(err, hugoengine.ErrNoConfig) {
				t.Errorf("error without the file at fault: %v", err)
			}
			return
		}
		dest := filepath.Join(t.TempDir(), "site")
		if _, err := importer.Import(context.Background(), site, dest, importer.Options{}); err != nil && !os.IsExist(err) {
			if !strings.Contains(err.Error(), "configuration") && !strings.Contains(err.Error(), "content/") {
				t.Errorf("import: %v", err)
			}
		}
	})
}
