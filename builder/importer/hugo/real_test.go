package hugo

import (
	"encoding/csv"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/builder/importer/importertest"
)

// TestRealBlogs imports every Hugo site in $KOPIJ_REAL_BLOGS/hugo/ (real
// blogs, checked out by hand: their posts are not ours to keep in the
// repository), asks Hugo (KOPIJ_HUGO, else hugo on PATH) which URLs it
// publishes with "hugo list all", builds the import with kopij's builder
// and requests every published page's old URL: each must answer with its
// post or a redirect to it, and no shortcode may be left as text.
func TestRealBlogs(t *testing.T) {
	dir := os.Getenv("KOPIJ_REAL_BLOGS")
	if dir == "" {
		t.Skip("KOPIJ_REAL_BLOGS is not set: no checked-out Hugo blogs to import")
	}
	bin := os.Getenv("KOPIJ_HUGO")
	if bin == "" {
		bin, _ = exec.LookPath("hugo")
	}
	if bin == "" {
		t.Skip("no hugo binary (set KOPIJ_HUGO or put hugo on PATH) to list the URLs Hugo publishes")
	}
	sites, _ := filepath.Glob(filepath.Join(dir, "hugo", "*"))
	if len(sites) == 0 {
		t.Fatalf("no sites in %s/hugo/", dir)
	}
	for _, src := range sites {
		if info, err := os.Stat(src); err != nil || !info.IsDir() {
			continue
		}
		t.Run(filepath.Base(src), func(t *testing.T) {
			old := hugoURLs(t, bin, src)
			site, err := Read(os.DirFS(src), src)
			if err != nil {
				t.Fatal(err)
			}
			importertest.ImportReal(t, src, site, old, "shortcode calls", "")
		})
	}
}

// hugoURLs runs "hugo list all" on a copy of the site whose layouts hold
// only shortcodes and partials (a theme's page templates may need modules
// or functions this Hugo lacks; URLs do not depend on them) and returns
// every page Hugo publishes today.
func hugoURLs(t *testing.T, bin, src string) []importertest.OldURL {
	tmp := filepath.Join(t.TempDir(), "hugo")
	if err := os.CopyFS(tmp, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	layouts, _ := filepath.Glob(filepath.Join(tmp, "layouts"))
	themes, _ := filepath.Glob(filepath.Join(tmp, "themes", "*", "layouts"))
	for _, l := range append(layouts, themes...) {
		entries, _ := os.ReadDir(l)
		for _, e := range entries {
			switch e.Name() {
			case "shortcodes", "_shortcodes", "partials", "_partials":
				continue
			}
			os.RemoveAll(filepath.Join(l, e.Name()))
		}
	}
	cmd := exec.Command(bin, "list", "all")
	cmd.Dir = tmp
	outb, err := cmd.Output()
	if err != nil { // a partial may call what this Hugo lacks: list without them
		for _, l := range append(layouts, themes...) {
			os.RemoveAll(filepath.Join(l, "partials"))
			os.RemoveAll(filepath.Join(l, "_partials"))
		}
		cmd = exec.Command(bin, "list", "all")
		cmd.Dir = tmp
		if outb, err = cmd.Output(); err != nil {
			t.Fatalf("hugo list all: %v", err)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(string(outb))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("hugo list all: %v (%d rows)", err, len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	now := time.Now()
	var old []importertest.OldURL
	for _, r := range rows[1:] {
		if r[col["kind"]] != "page" || r[col["draft"]] == "true" {
			continue
		}
		if pd, err := time.Parse(time.RFC3339, r[col["publishDate"]]); err == nil && pd.After(now) {
			continue
		}
		if ed, err := time.Parse(time.RFC3339, r[col["expiryDate"]]); err == nil && ed.Year() > 1 && ed.Before(now) {
			continue
		}
		u, err := url.Parse(r[col["permalink"]])
		if err != nil {
			continue
		}
		old = append(old, importertest.OldURL{Source: r[col["path"]], URL: u.Path})
	}
	return old
}
