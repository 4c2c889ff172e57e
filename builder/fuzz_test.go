package builder

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// fuzzSeeds are inputs that exercise the front matter and Markdown paths.
var fuzzSeeds = []string{
	"",
	"---\n",
	"---\n---\n",
	"+++\n+++\nbody",
	"---\ntitle: Hi\ndate: 2024-01-02\ntags: [a, b]\n---\n# Head\n\ntext <!--more--> more",
	"+++\ntitle = \"T\"\ndate = 2024-01-02T10:00:00Z\ntags = [\"x\"]\n+++\nbody",
	"---\ntitle: [a, b]\n---\n",
	"---\ntags: {a: 1}\n---\n",
	"---\ndate: yesterday\n---\n",
	"---\na: b: c\n---\n",
	"+++\ntitle = \n+++\n",
	"\ufeff---\r\ntitle: BOM\r\n---\r\nbody\r\n",
	"---\nslug: ../../etc\naliases: [\"../../x\", \"//evil.example/\", \"%2e%2e/y\", \"a\\\\b\"]\nurl: /a/../../b/\n---\n",
	"---\ntitle: <script>alert(\"x\")</script> & co\ntags: [\"C++\", \"C#\", c]\n---\n",
	"> > > > > > quote\n- - - - - list\n",
	"```go\nfunc main() {}\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n",
	"---\npublished: false\ncategories: a b\n---\n",
	"---\n...\n",
	"---\ndate: 0000-01-01\nlastmod: \"0000-02-03T04:05:06Z\"\n---\n",
	"+++\npublishdate = 0000-01-01\n+++\n",
	"---\nimage: [a.jpg]\nimages: {a: 1}\ncover: [b]\nauthor: {email: x}\nauthors: {name: y}\n---\n",
	"---\nimage: {path: a.jpg}\ncover: {image: [b.jpg]}\nauthor: [{name: Ann}]\n---\n",
	"---\nurl: /sitemap.xml/\n---\n",
	"---\nurl: /robots.txt/\n---\n",
	"---\nslug: " + strings.Repeat("a", 300) + "\n---\n",
}

// FuzzFrontMatter checks that splitting and decoding front matter never
// panics, reports problems as *LineError within the file, and returns a body
// that is the tail of the input.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := normalizeSource(data)
		fm, format, body, line, err := splitFrontMatter("content/posts/x.md", src)
		if err != nil {
			checkLineError(t, err, src)
			return
		}
		if line < 1 || line > bytes.Count(src, []byte("\n"))+2 {
			t.Fatalf("body line %d outside the file", line)
		}
		if !bytes.HasSuffix(src, body) {
			t.Fatalf("body is not the end of the source")
		}
		parsed, err := parseFrontMatter("content/posts/x.md", fm, format)
		if err != nil {
			checkLineError(t, err, src)
			return
		}
		for k := range parsed.raw {
			if k != strings.ToLower(k) {
				t.Fatalf("key %q not lower-cased", k)
			}
		}
	})
}

func checkLineError(t *testing.T, err error, src []byte) {
	t.Helper()
	var le *LineError
	if !errors.As(err, &le) {
		t.Fatalf("error %T is not a *LineError: %v", err, err)
	}
	if le.File != "content/posts/x.md" || le.Line < 0 || le.Line > bytes.Count(src, []byte("\n"))+2 {
		t.Fatalf("error points outside the file: %v", err)
	}
	if le.Msg == "" {
		t.Fatalf("error without a message")
	}
}

// FuzzParsePage builds a one-post site from the input: the build either
// fails with errors that name the file, or writes only paths inside the
// output folder, including the post's own page.
func FuzzParsePage(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	// One Builder per fuzzing process keeps the parsed theme between inputs,
	// which makes each run about ten times faster; inputs run one at a time.
	fsys := fstest.MapFS{}
	b := New(fsys, Options{Now: func() time.Time { return now }, Drafts: true, Future: true, Workers: 1, NoMinify: true})
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys["content/posts/x.md"] = &fstest.MapFile{Data: data}
		site, err := b.Build(context.Background(), []string{"content/posts/x.md"})
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "content/posts/x.md") {
					t.Fatalf("error line does not name the file: %q", line)
				}
			}
			return
		}
		if len(site.Posts) != 1 {
			t.Fatalf("%d posts, want 1", len(site.Posts))
		}
		p := site.Posts[0]
		if site.Files[strings.TrimPrefix(p.URL, "/")+"index.html"] == nil && site.Files[strings.TrimPrefix(p.URL, "/")] == nil {
			t.Fatalf("no page for %s", p.URL)
		}
		for name := range site.Files {
			if !fs.ValidPath(name) || strings.Contains(name, `\`) || name == "." {
				t.Fatalf("output path %q could leave the output folder", name)
			}
		}
	})
}

// FuzzMigratedPage is FuzzParsePage for the rules of Hugo and Jekyll: the
// first byte of the input picks the generator, the rest is the post, with
// shortcodes and Liquid run.
func FuzzMigratedPage(f *testing.F) {
	for i, s := range append(fuzzSeeds,
		"---\ndate: 2019-02-08 7:53:26 +1h\npublished: terug\n---\n{{< figure src=\"/x.png\" >}}\n{{% unknown %}}\n",
		"---\ndate: September 21, 2021\npermalink: /:year/:title/\n---\n{% highlight go %}\nx\n{% endhighlight %}\n{% include nope.html %}\n{: .x}\n",
	) {
		f.Add(append([]byte{byte(i)}, s...))
	}
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var builders [3]*Builder
	var files [3]fstest.MapFS
	for i, gen := range []string{"", "hugo", "jekyll"} {
		files[i] = fstest.MapFS{
			"kopij.toml":                     {Data: []byte("base_url = \"https://example.com/blog/\"\ngenerator = \"" + gen + "\"\n")},
			"layouts/shortcodes/note.html":   {Data: []byte("<aside>{{ .Inner }}</aside>")},
			"_includes/note.html":            {Data: []byte("<aside>{{ include.text }}</aside>")},
			"content/posts/2019-01-01-to.md": {Data: []byte("---\ntitle: To\n---\nTarget.\n")},
		}
		builders[i] = New(files[i], Options{Now: func() time.Time { return now }, Drafts: true, Future: true, Workers: 1, NoMinify: true})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		i := int(data[0]) % 3
		files[i]["content/posts/x.md"] = &fstest.MapFile{Data: data[1:]}
		site, err := builders[i].Build(context.Background(), []string{"content/posts/x.md"})
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "content/posts/x.md") {
					t.Fatalf("error line does not name the file: %q", line)
				}
			}
			return
		}
		for name, o := range site.Files {
			if !fs.ValidPath(name) || strings.Contains(name, `\`) || name == "." {
				t.Fatalf("output path %q could leave the output folder", name)
			}
			if strings.HasSuffix(name, ".html") && (bytes.Contains(o.Data, []byte("{{&lt;")) && !bytes.Contains(data, []byte("{{</*"))) {
				t.Fatalf("%s shows a shortcode call", name)
			}
		}
	})
}
