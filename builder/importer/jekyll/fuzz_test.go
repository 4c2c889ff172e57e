package jekyll

import (
	"context"

	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

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
		cfg := []byte("url: https://example.com\n")
		for _, file := range ar.Files {
			if file.Name == "src/_config.yml" {
				cfg = file.Data
			}
		}
		for _, file := range ar.Files {
			if strings.Contains(file.Name, "_posts/") {
				f.Add(cfg, file.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, cfg, post []byte) {
		fsys := fstest.MapFS{
			"_config.yml":            {Data: cfg},
			"_posts/2020-01-02-x.md": {Data: post},
			"_posts/2020-01-03-y.md": {Data: []byte("---\ntitle: Y\n---\nY.\n")},
			"_includes/s.html":       {Data: []byte("<b>{{ include.x }}</b>")},
		}
		site, err := Read(fsys, "src")
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "src: ") || !strings.Contains(msg, "_config.yml") && !strings.Contains(msg, "_posts/2020-01-02-x.md") {
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
