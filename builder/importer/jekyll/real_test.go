package jekyll

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kopij/kopij/builder/importer/importertest"
)

// TestRealBlogs imports every Jekyll site in $KOPIJ_REAL_BLOGS/jekyll/
// (real blogs, checked out by hand: their posts are not ours to keep in
// the repository), asks Jekyll which URL it gives each post and Markdown
// page, builds the import with kopij's builder and requests every one of
// those URLs: each must answer with its post or a redirect to it, and no
// Liquid may be left as text.
//
// Jekyll's answer is jekyll.json beside the site folder when there is one,
// else jekyll (on PATH) builds a copy of the site with
// builder/jekyll/testdata/verify/dump.rb as its only plugin, without its
// layouts and theme, which URLs do not depend on.
func TestRealBlogs(t *testing.T) {
	dir := os.Getenv("KOPIJ_REAL_BLOGS")
	if dir == "" {
		t.Skip("KOPIJ_REAL_BLOGS is not set: no checked-out Jekyll blogs to import")
	}
	sites, _ := filepath.Glob(filepath.Join(dir, "jekyll", "*"))
	if len(sites) == 0 {
		t.Fatalf("no sites in %s/jekyll/", dir)
	}
	for _, src := range sites {
		if info, err := os.Stat(src); err != nil || !info.IsDir() {
			continue
		}
		t.Run(filepath.Base(src), func(t *testing.T) {
			old, skippedByDesign := jekyllURLs(t, src)
			site, err := Read(os.DirFS(src), src)
			if err != nil {
				t.Fatal(err)
			}
			importertest.ImportReal(t, src, site, old, "Liquid tags", fmt.Sprintf("; %d HTML pages of the theme not imported", skippedByDesign))
		})
	}
}

// jekyllURLs returns the URL Jekyll gave every post, collection document
// and Markdown page, and the number of other pages (HTML, feeds).
func jekyllURLs(t *testing.T, src string) ([]importertest.OldURL, int) {
	dump := src + ".jekyll.json"
	if _, err := os.Stat(dump); err != nil {
		bin, err := exec.LookPath("jekyll")
		if err != nil {
			t.Skipf("no %s and no jekyll on PATH to build one", dump)
		}
		tmp := t.TempDir()
		site := filepath.Join(tmp, "src")
		if err := os.CopyFS(site, os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
		os.RemoveAll(filepath.Join(site, "_layouts"))
		os.RemoveAll(filepath.Join(site, "_plugins"))
		plugin, err := os.ReadFile("../../jekyll/testdata/verify/dump.rb")
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(site, "_plugins"), 0o755)
		if err := os.WriteFile(filepath.Join(site, "_plugins", "dump.rb"), plugin, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := os.ReadFile(filepath.Join(site, "_config.yml"))
		if err != nil {
			t.Fatal(err)
		}
		cfg = pluginKeys.ReplaceAll(cfg, nil) // gems this machine may not have
		if err := os.WriteFile(filepath.Join(site, "_config.yml"), cfg, 0o644); err != nil {
			t.Fatal(err)
		}
		dump = filepath.Join(tmp, "jekyll.json")
		cmd := exec.Command(bin, "build", "-s", site, "-d", filepath.Join(tmp, "site"))
		cmd.Env = append(os.Environ(), "KOPIJ_DUMP="+dump)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("jekyll build: %v\n%s", err, out)
		}
	}
	data, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	var built []struct{ Path, URL, Collection string }
	if err := json.Unmarshal(data, &built); err != nil {
		t.Fatalf("%s: %v", dump, err)
	}
	var old []importertest.OldURL
	other := 0
	for _, b := range built {
		if b.Collection == "" && !isMarkdown(b.Path) || b.URL == "/" || strings.HasSuffix(b.URL, "/index.html") && b.Collection == "" {
			other++
			continue
		}
		old = append(old, importertest.OldURL{Source: b.Path, URL: b.URL})
	}
	return old, other
}

var pluginKeys = regexp.MustCompile(`(?m)^(plugins|gems|theme):.*\n((?:[ \t]+-.*\n|[ \t]*\n)*)`)
