package jekyll

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// fuzzSeeds are the posts and includes of the testdata archives.
func fuzzSeeds(f *testing.F) map[string][]byte {
	archives, _ := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	files := map[string][]byte{}
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if !strings.HasPrefix(file.Name, "want/") && file.Name != "_config.yml" {
				files[file.Name] = file.Data
			}
		}
	}
	return files
}

// FuzzRender runs any body through Liquid, kramdown, goldmark and Restore:
// it must end without a panic, and no placeholder may reach the HTML.
func FuzzRender(f *testing.F) {
	files := fuzzSeeds(f)
	for name, data := range files {
		if !strings.HasPrefix(name, "_includes/") {
			f.Add(data)
		}
	}
	f.Add([]byte("{% for i in (1..99999999999) %}{{ i }}{% endfor %}"))
	f.Add([]byte("{% include self.html %}"))
	s := loadTestSite(&testing.T{}, map[string][]byte{
		"_config.yml":         []byte("title: fuzz\n"),
		"_includes/x.html":    files["_includes/figure.html"],
		"_includes/self.html": []byte("{% include self.html %}{% include self.html %}"),
	})
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := s.render.Render(Page{Path: "_posts/2020-01-01-fuzz.md", Line: 4, Body: body, Vars: map[string]any{"title": "t"}})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T %v is not an *Error with a line", err, err)
			}
			return
		}
		var b bytes.Buffer
		if err := s.md.Convert(res.Markdown, &b); err != nil {
			t.Fatal(err)
		}
		out := res.Fragments.Restore(b.Bytes())
		if bytes.Contains(out, []byte(placeholderPrefix+res.Fragments.key)) {
			t.Fatalf("a placeholder reached the HTML: %q", out)
		}
	})
}

// FuzzKramdown runs any Markdown through the kramdown text step and the
// goldmark extension.
func FuzzKramdown(f *testing.F) {
	for name, data := range fuzzSeeds(f) {
		if strings.HasSuffix(name, ".md") {
			f.Add(data)
		}
	}
	f.Add([]byte("* TOC\n{:toc}\n\n# a\n## b {#x}\n{: .no_toc}\n*e*{: .c}"))
	md := newTestMarkdown(&Config{})
	f.Fuzz(func(t *testing.T, src []byte) {
		frags := newFragments(src, nil)
		var b bytes.Buffer
		if err := md.Convert(frags.Kramdown(src), &b); err != nil {
			t.Fatal(err)
		}
		frags.Restore(b.Bytes())
	})
}

// FuzzConfig reads any _config.yml and places a post with any permalink:
// no panic, an error with a line or a URL that starts with a slash and
// stays inside the output folder.
func FuzzConfig(f *testing.F) {
	archives, _ := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	for _, a := range archives {
		ar, _ := txtar.ParseFile(a)
		for _, file := range ar.Files {
			if file.Name == "_config.yml" {
				f.Add(file.Data, "/:categories/:year/:title/")
			}
		}
	}
	f.Add([]byte("permalink: pretty\n"), "/../../:title:output_ext")
	f.Fuzz(func(t *testing.T, cfgText []byte, permalink string) {
		c, err := ParseConfig("_config.yml", cfgText)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T without a line: %v", err, err)
			}
			return
		}
		out, err := c.Locate(Doc{Path: "a/_posts/2019-02-08-x.md", Collection: "posts", Permalink: permalink, Categories: []string{"../up", "a b"}})
		if err != nil {
			return
		}
		if !strings.HasPrefix(out.URL, "/") || strings.Contains("/"+out.File+"/", "/../") {
			t.Fatalf("permalink %q: URL %q, file %q", permalink, out.URL, out.File)
		}
	})
}
