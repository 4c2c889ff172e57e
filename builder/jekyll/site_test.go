package jekyll

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/kopij/kopij/builder/dates"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want/ files of testdata/*.txtar")

// newTestMarkdown mirrors builder/markdown.go (GFM, footnotes, typographer,
// chroma with classes, heading ids, raw HTML off) plus NewKramdown, so the
// tests prove that Liquid's HTML survives the renderer the site uses.
func newTestMarkdown(c *Config) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.Typographer,
			highlighting.NewHighlighting(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
				highlighting.WithGuessLanguage(false),
			),
			NewKramdown(KramdownOptions{TOCLevels: c.Kramdown.TOCLevels}),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

// testSite is a Jekyll site read from a txtar archive, built the way the
// builder will: config, front matter, URLs, Liquid, Markdown.
type testSite struct {
	cfg      *Config
	warnings []string // from reading front matter: dates, published
	fs       fstest.MapFS
	docs     map[string]*testDoc // by source path
	outs     map[string]Output
	posts    []string
	render   *Renderer
	md       goldmark.Markdown
}

type testDoc struct {
	path, collection string
	fm               map[string]any
	body             []byte
	bodyLine         int
	date             time.Time
}

func loadTestSite(t *testing.T, files map[string][]byte) *testSite {
	t.Helper()
	s := &testSite{fs: fstest.MapFS{}, docs: map[string]*testDoc{}, outs: map[string]Output{}}
	for name, data := range files {
		s.fs[name] = &fstest.MapFile{Data: data}
	}
	cfg, err := ParseConfig("_config.yml", files["_config.yml"])
	if err != nil {
		t.Fatal(err)
	}
	s.cfg = cfg
	p := dates.Parser{Location: cfg.Location(), YAMLTimesUTC: true}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ext := path.Ext(name)
		if ext != ".md" && ext != ".markdown" && ext != ".html" || strings.HasPrefix(name, "_includes/") || strings.HasPrefix(name, "want/") {
			continue
		}
		d := &testDoc{path: name}
		fmText, body, line := splitTestFrontMatter(files[name])
		d.body, d.bodyLine = body, line
		var node yaml.Node
		if err := yaml.Unmarshal(fmText, &node); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d.fm = map[string]any{}
		if len(node.Content) > 0 {
			_ = node.Content[0].Decode(&d.fm)
		}
		for k, v := range cfg.DefaultsFor(name, typeOf(name)) {
			if _, ok := d.fm[k]; !ok {
				d.fm[k] = v
			}
		}
		if col := collectionOf(cfg, name); col != "" {
			d.collection = col
			f, ok, err := p.FileName(name)
			if col == "posts" && (!ok || err != nil) {
				s.warnings = append(s.warnings, name+": no date in the file name; Jekyll does not read it")
				continue
			}
			d.date = f.Date.Time
			vis := dates.Visibility{}
			if len(node.Content) > 0 {
				m := node.Content[0]
				for i := 0; i+1 < len(m.Content); i += 2 {
					k, v := m.Content[i].Value, m.Content[i+1]
					switch k {
					case "date":
						dt, err := p.Node(v)
						if err != nil {
							s.warnings = append(s.warnings, fmt.Sprintf("%s:%d: %v", name, v.Line+1, err))
							continue
						}
						if n := dt.Note(); n != "" {
							s.warnings = append(s.warnings, fmt.Sprintf("%s:%d: %s", name, v.Line+1, n))
						}
						d.date = dt.Time
					case "published":
						vis.HasPublished, vis.Published = true, d.fm["published"]
						vis.PublishedQuoted = v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
					case "draft":
						vis.HasDraft, vis.Draft = true, d.fm["draft"]
					}
				}
			}
			dec := vis.Jekyll()
			if dec.Warning != "" {
				s.warnings = append(s.warnings, name+": "+dec.Warning)
			}
			if !dec.Keep {
				continue
			}
			if col == "posts" {
				s.posts = append(s.posts, name)
			}
		}
		slug, _ := d.fm["slug"].(string)
		perm, _ := d.fm["permalink"].(string)
		out, err := cfg.Locate(Doc{Path: name, Collection: d.collection, Date: d.date, Slug: slug,
			Categories: Categories(name, d.fm), Permalink: perm})
		if err != nil {
			t.Fatal(err)
		}
		s.docs[name] = d
		s.outs[name] = out
	}
	s.md = newTestMarkdown(cfg)
	var postVars []any
	for i := len(s.posts) - 1; i >= 0; i-- {
		d := s.docs[s.posts[i]]
		postVars = append(postVars, map[string]any{"title": d.fm["title"], "url": s.outs[d.path].URL, "date": d.date})
	}
	cfg.Vars["posts"] = postVars
	s.render = NewRenderer(Site{
		FS: s.fs, IncludesDir: cfg.IncludesDir, Vars: cfg.Vars, BaseURL: cfg.BaseURL, AbsoluteURL: cfg.URL,
		Location: cfg.Location(), Posts: s.posts,
		URL: func(p string) (string, bool) {
			o, ok := s.outs[p]
			return o.URL, ok
		},
		Markdownify: func(m string) string {
			var b bytes.Buffer
			_ = s.md.Convert([]byte(m), &b)
			return b.String()
		},
	})
	return s
}

// collectionOf is the collection a source path is in, "" for a page.
func collectionOf(cfg *Config, p string) string {
	if strings.HasPrefix(p, "_posts/") || strings.Contains(p, "/_posts/") {
		return "posts"
	}
	for label := range cfg.Collections {
		if strings.HasPrefix(p, path.Join(cfg.CollectionsDir, "_"+label)+"/") {
			return label
		}
	}
	return ""
}

func typeOf(p string) string {
	if strings.Contains(p, "_posts/") {
		return "posts"
	}
	return "pages"
}

func splitTestFrontMatter(b []byte) (fm, body []byte, bodyLine int) {
	if !bytes.HasPrefix(b, []byte("---\n")) {
		return nil, b, 1
	}
	rest := b[4:]
	i := bytes.Index(rest, []byte("\n---\n"))
	if i < 0 {
		return nil, b, 1
	}
	fm = rest[:i+1]
	return fm, rest[i+5:], bytes.Count(b[:4+i+5], []byte("\n")) + 1
}

// page renders one document to HTML and its warnings.
func (s *testSite) page(t *testing.T, name string) (string, []Warning) {
	d := s.docs[name]
	res, err := s.render.Render(Page{Path: name, Line: d.bodyLine, Body: d.body, Vars: s.pageVars(name)})
	if err != nil {
		return "error: " + err.Error() + "\n", nil
	}
	var b bytes.Buffer
	if err := s.md.Convert(res.Markdown, &b); err != nil {
		t.Fatal(err)
	}
	return string(res.Fragments.Restore(b.Bytes())), res.Warnings
}

// pageVars are page.* of a document, as the builder will give them.
func (s *testSite) pageVars(name string) map[string]any {
	d := s.docs[name]
	slug, _ := d.fm["slug"].(string)
	vars := Vars(d.fm, Doc{Path: name, Collection: d.collection, Date: SiteDate(d.date, s.cfg), Slug: slug, Categories: Categories(name, d.fm)}, s.outs[name])
	if d.date.IsZero() {
		delete(vars, "date")
	}
	return vars
}

// TestSites builds every testdata/*.txtar site and compares each page's
// URL, file, HTML and warnings with the archive's want/ files.
func TestSites(t *testing.T) {
	archives, _ := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if len(archives) == 0 {
		t.Fatal("no testdata/*.txtar")
	}
	for _, file := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			for _, f := range ar.Files {
				files[f.Name] = f.Data
			}
			s := loadTestSite(t, files)
			got := map[string]string{}
			var urls strings.Builder
			names := make([]string, 0, len(s.docs))
			for name := range s.docs {
				names = append(names, name)
			}
			sort.Strings(names)
			var warns strings.Builder
			for _, name := range names {
				o := s.outs[name]
				urls.WriteString(name + " " + o.URL + " " + o.File + "\n")
				html, w := s.page(t, name)
				got["want/"+o.File] = html
				for _, x := range w {
					warns.WriteString(x.String() + "\n")
				}
				if strings.Contains(html, placeholderPrefix) {
					t.Errorf("%s: a placeholder reached the HTML", name)
				}
				if raw := rawLiquid(html); raw != "" {
					t.Errorf("%s: raw Liquid reached readers: %q", name, raw)
				}
			}
			got["want/urls.txt"] = urls.String()
			for _, w := range s.warnings {
				warns.WriteString(w + "\n")
			}
			got["want/warnings.txt"] = warns.String()
			if os.Getenv("KOPIJ_TEST_JEKYLL") != "" && strings.Contains(string(ar.Comment), "Jekyll builds this site.") {
				compareWithJekyll(t, files, s)
			}
			compareWant(t, file, ar, got)
		})
	}
}

// rawLiquid returns Liquid syntax a reader would see outside code, or "".
func rawLiquid(html string) string {
	for _, part := range strings.Split(html, "<code") {
		if i := strings.Index(part, "</code>"); i >= 0 {
			part = part[i:]
		}
		for _, mark := range []string{"{%", "%}", "{{", "{:"} {
			if i := strings.Index(part, mark); i >= 0 {
				return part[max(0, i-20):min(len(part), i+20)]
			}
		}
	}
	return ""
}

func compareWant(t *testing.T, file string, ar *txtar.Archive, got map[string]string) {
	t.Helper()
	if *update {
		var kept []txtar.File
		for _, f := range ar.Files {
			if !strings.HasPrefix(f.Name, "want/") {
				kept = append(kept, f)
			}
		}
		names := make([]string, 0, len(got))
		for n := range got {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			kept = append(kept, txtar.File{Name: n, Data: []byte(got[n])})
		}
		ar.Files = kept
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := map[string]string{}
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "want/") {
			want[f.Name] = string(f.Data)
		}
	}
	for n, g := range got {
		w, ok := want[n]
		if !ok {
			t.Errorf("%s: no %s in the archive (run go test -update)", file, n)
			continue
		}
		if g != w {
			t.Errorf("%s: %s differs\n--- got\n%s\n--- want\n%s", file, n, g, w)
		}
	}
	for n := range want {
		if _, ok := got[n]; !ok {
			t.Errorf("%s: %s is no longer produced", file, n)
		}
	}
}

// compareWithJekyll builds the archive's site with the real Jekyll (set
// KOPIJ_TEST_JEKYLL=1 with jekyll on PATH) and checks that it published
// the same documents at the same URLs with the same dates.
func compareWithJekyll(t *testing.T, files map[string][]byte, s *testSite) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if strings.HasPrefix(name, "want/") {
			continue
		}
		p := filepath.Join(dir, "src", filepath.FromSlash(name))
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dump, err := os.ReadFile(filepath.Join("testdata", "verify", "dump.rb"))
	if err != nil {
		t.Fatal(err)
	}
	_ = os.MkdirAll(filepath.Join(dir, "src", "_plugins"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "src", "_plugins", "kopij_dump.rb"), dump, 0o644)
	cmd := exec.Command("jekyll", "build", "-s", filepath.Join(dir, "src"), "-d", filepath.Join(dir, "site"))
	cmd.Env = append(os.Environ(), "KOPIJ_DUMP="+filepath.Join(dir, "jekyll.json"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("jekyll build: %v\n%s", err, out)
	}
	var built []struct{ Path, URL, Date, Collection, Liquid string }
	b, err := os.ReadFile(filepath.Join(dir, "jekyll.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &built); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, j := range built {
		if _, ok := s.docs[j.Path]; !ok {
			if isMarkdown(j.Path) || j.Collection != "" {
				t.Errorf("Jekyll published %s at %s; kopij does not", j.Path, j.URL)
			}
			continue
		}
		seen[j.Path] = true
		if got := s.outs[j.Path].URL; got != j.URL {
			t.Errorf("%s: URL %s, Jekyll %s", j.Path, got, j.URL)
		}
		if d := s.docs[j.Path]; hasLiquid(d.body) && j.Liquid != "" {
			res, err := s.render.Render(Page{Path: j.Path, Line: d.bodyLine, Body: d.body, Vars: s.pageVars(j.Path)})
			if err != nil {
				t.Errorf("%s: %v", j.Path, err)
			} else if ours, theirs := normalizeText(string(res.Fragments.Restore(res.Markdown))), normalizeText(j.Liquid); ours != theirs {
				t.Errorf("%s: Liquid output differs from Jekyll's:\n  ours:   %s\n  jekyll: %s", j.Path, firstDiff(ours, theirs), firstDiff(theirs, ours))
			}
		}
		if j.Collection != "" && j.Date != "" && !s.docs[j.Path].date.IsZero() { // undated: the build time
			jd, _ := time.Parse(time.RFC3339Nano, j.Date)
			if d := s.docs[j.Path].date; !d.Equal(jd) {
				t.Errorf("%s: date %s, Jekyll %s", j.Path, d.Format(time.RFC3339), j.Date)
			}
		}
	}
	for p := range s.docs {
		if !seen[p] {
			t.Errorf("kopij publishes %s at %s; Jekyll does not", p, s.outs[p].URL)
		}
	}
}
