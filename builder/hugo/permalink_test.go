package hugo

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/txtar"
)

var (
	update  = flag.Bool("update", false, "rewrite the want sections of testdata/*/*.txtar")
	hugoBin = flag.String("hugo", "", "with -update: the hugo binary whose output becomes the want/urls.txt of testdata/urls/*.txtar")
)

// TestURLs computes the URL of every page and term of each
// testdata/urls/*.txtar site and compares them with want/urls.txt, which
// Hugo itself wrote (go test -run TestURLs -update -hugo=PATH).
func TestURLs(t *testing.T) {
	files, _ := filepath.Glob("testdata/urls/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/urls/*.txtar")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			var want string
			for _, f := range ar.Files {
				if f.Name == "want/urls.txt" {
					want = string(f.Data)
					continue
				}
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			if *update && *hugoBin != "" {
				want = hugoURLs(t, fsys)
				setSection(ar, "want/urls.txt", want)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got := ourURLs(t, fsys)
			if got != want {
				t.Errorf("URLs differ from Hugo's\n%s", lineDiff(want, got))
			}
		})
	}
}

// ourURLs lists "kind path url" for every content file and "term taxonomy
// term url" for every term, sorted.
func ourURLs(t *testing.T, fsys fs.FS) string {
	t.Helper()
	cfg, err := ReadConfig(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var contents []Content
	terms := map[string]map[string]bool{}
	err = fs.WalkDir(fsys, cfg.ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, _ := fs.ReadFile(fsys, p)
		fm := frontMatter(t, p, src)
		c := Content{Path: strings.TrimPrefix(p, cfg.ContentDir+"/"), Title: str(fm["title"]), Slug: str(fm["slug"]), URL: str(fm["url"]), Date: testDate(fm["date"])}
		contents = append(contents, c)
		for _, plural := range cfg.Taxonomies {
			for _, term := range strs(fm[plural]) {
				if terms[plural] == nil {
					terms[plural] = map[string]bool{}
				}
				terms[plural][term] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRouter(cfg.URLConfig(), contents)
	if err != nil {
		t.Fatal(err)
	}
	base := "/"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Path != "" {
		base = u.Path
	}
	at := func(p string) string { return strings.TrimSuffix(base, "/") + p }
	var lines []string
	files := map[string]bool{}
	for _, c := range contents {
		files[c.Path] = true
		lines = append(lines, fmt.Sprintf("%s %s %s", c.Kind(), c.Path, at(r.URL(c))))
	}
	// Hugo makes the home page and the top-level sections without a file.
	if !files["_index.md"] {
		lines = append(lines, "home - "+at(r.URL(Content{Path: "_index.md"})))
	}
	for _, c := range contents {
		top, _, nested := strings.Cut(c.Path, "/")
		if nested && !files[top+"/_index.md"] {
			files[top+"/_index.md"] = true
			lines = append(lines, "section - "+at(r.URL(Content{Path: top + "/_index.md"})))
		}
	}
	for _, plural := range cfg.Taxonomies {
		lines = append(lines, fmt.Sprintf("taxonomy %s %s", plural, at(r.TaxonomyURL(plural))))
	}
	for tax, ts := range terms {
		for term := range ts {
			lines = append(lines, fmt.Sprintf("term %s %s", tax, at(r.TermURL(tax, term))))
		}
	}
	sort.Strings(lines)
	lines = slices.Compact(lines) // terms that differ in case are one
	return strings.Join(lines, "\n") + "\n"
}

func frontMatter(t *testing.T, name string, src []byte) map[string]any {
	t.Helper()
	m := map[string]any{}
	s := string(src)
	switch {
	case strings.HasPrefix(s, "---\n"):
		end := strings.Index(s[4:], "\n---")
		if err := yaml.Unmarshal([]byte(s[4:4+end]), &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	case strings.HasPrefix(s, "+++\n"):
		end := strings.Index(s[4:], "\n+++")
		if _, err := toml.Decode(s[4:4+end], &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return lowerKeys(m).(map[string]any)
}

func testDate(v any) time.Time {
	switch d := v.(type) {
	case time.Time:
		return d
	case string:
		for _, l := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(l, d); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}

// hugoListing is the home template that makes Hugo print every URL.
const hugoListing = `{{ range site.AllPages }}{{ if .File }}{{ .Kind }} {{ .File.Path }} {{ .RelPermalink }}
{{ else if eq .Kind "term" }}term {{ .Data.Plural }} {{ .RelPermalink }}
{{ else if eq .Kind "taxonomy" }}taxonomy {{ .Data.Plural }} {{ .RelPermalink }}
{{ else }}{{ .Kind }} - {{ .RelPermalink }}
{{ end }}{{ end }}`

// hugoURLs builds the site with Hugo and returns its listing in the form
// ourURLs writes.
func hugoURLs(t *testing.T, fsys fstest.MapFS) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range fsys {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "layouts", "home.html"), []byte(hugoListing), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(*hugoBin, "--quiet", "--destination", filepath.Join(dir, "public"), "--source", dir, "--disableKinds", "rss,sitemap,robotstxt,404")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, out)
	}
	home := "index.html"
	out, err := os.ReadFile(filepath.Join(dir, "public", home))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, unescapePath(html.UnescapeString(l)))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

var pctRe = regexp.MustCompile(`(%[0-9A-Fa-f]{2})+`)

// unescapePath decodes the percent escapes of Hugo's URLs, which Router
// returns unescaped.
func unescapePath(s string) string {
	return pctRe.ReplaceAllStringFunc(s, func(m string) string {
		var b []byte
		for i := 0; i+2 < len(m)+1; i += 3 {
			var c byte
			fmt.Sscanf(m[i+1:i+3], "%02x", &c)
			b = append(b, c)
		}
		return string(b)
	})
}

func setSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}

// lineDiff shows the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b bytes.Buffer
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}

var _ = path.Join
