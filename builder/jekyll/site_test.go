package jekyll

import (
	"bytes"
	"flag"
	"os"
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
	"golang.org/x/tools/txtar"
	"gopkg.in/yaml.v3"
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
	cfg    *Config
	fs     fstest.MapFS
	docs   map[string]*testDoc // by source path
	outs   map[string]Output
	posts  []string
	render *Renderer
	md     goldmark.Markdown
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
		if strings.Contains(name, "_posts/") {
			d.collection = "posts"
			f, ok, err := p.FileName(name)
			if !ok || err != nil {
				continue // Jekyll reads no post without a date in its name
			}
			d.date = f.Date.Time
			if len(node.Content) > 0 {
				for i := 0; i+1 < len(node.Content[0].Content); i += 2 {
					if node.Content[0].Content[i].Value == "date" {
						dt, err := p.Node(node.Content[0].Content[i+1])
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						d.date = dt.Time
					}
				}
			}
			s.posts = append(s.posts, name)
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

func toAnyList(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
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
	vars := map[string]any{}
	for k, v := range d.fm {
		vars[k] = v
	}
	vars["url"] = s.outs[name].URL
	vars["path"] = name
	vars["categories"] = toAnyList(Categories(name, d.fm))
	if vars["tags"] == nil {
		vars["tags"] = []any{}
	}
	if !d.date.IsZero() {
		vars["date"] = d.date.In(s.cfg.Location())
	}
	res, err := s.render.Render(Page{Path: name, Line: d.bodyLine, Body: d.body, Vars: vars})
	if err != nil {
		return "error: " + err.Error() + "\n", nil
	}
	var b bytes.Buffer
	if err := s.md.Convert(res.Markdown, &b); err != nil {
		t.Fatal(err)
	}
	return string(res.Fragments.Restore(b.Bytes())), res.Warnings
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
			got["want/warnings.txt"] = warns.String()
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
