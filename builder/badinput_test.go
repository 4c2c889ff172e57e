package builder

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func buildOpts() Options {
	return Options{NoMinify: true, Now: func() time.Time { return goldenNow }, Workers: 2}
}

func buildMap(t *testing.T, files map[string]string) (*Site, error) {
	t.Helper()
	return Build(context.Background(), mapFS(files), buildOpts())
}

// mapFS is a site folder in memory holding files.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

// TestBadPosts checks that each broken post gives one message
// "file:line: what (how)" pointing at the right line.
func TestBadPosts(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // "content/posts/x.md:LINE: " prefix plus a fragment of the message
	}{
		{"unclosed front matter", "---\ntitle: x\n\nbody\n", "content/posts/x.md:1: front matter opened with \"---\" is never closed"},
		{"unclosed toml", "+++\ntitle = \"x\"\n", "content/posts/x.md:1: front matter opened with \"+++\" is never closed"},
		{"bad yaml", "---\ntitle: x\ntags: [a, b\ndate: 2024-01-01\n---\n", "content/posts/x.md:3: did not find expected ',' or ']'"},
		{"yaml list in a map", "---\ntitle: x\n- y\n---\n", "content/posts/x.md:3: did not find expected key"},
		{"yaml colon in value", "---\ntitle: x\ndescription: a: b\n---\n", "content/posts/x.md:3: mapping values are not allowed"},
		{"yaml duplicate key", "---\ntitle: x\ntitle: y\n---\n", "content/posts/x.md:3: "},
		{"yaml duplicate key, one line naming the first", "---\ntitle: x\ntitle: y\n---\n", "content/posts/x.md:3: mapping key \"title\" already defined at line 2 (check"},
		{"yaml tab indent", "---\ntitle: x\n\tdate: 2024-01-01\n---\n", "content/posts/x.md:3: "},
		{"yaml unclosed quote", "---\ntitle: \"Hallo\ndate: 2024-01-01\ntags: [a]\n---\n", "content/posts/x.md:2: the value's opening \" is never closed"},
		{"yaml unclosed single quote", "---\ntitle: it's fine # a comment's quote\ndescription: 'we''re off\n---\n", "content/posts/x.md:3: the value's opening ' is never closed"},
		{"yaml unclosed quote in a list", "---\ntitle: x\ntags: [a, \"b]\n---\n", "content/posts/x.md:3: the value's opening \" is never closed"},
		{"yaml quote closed by the next value's", "---\ntitle: \"Hallo\ndescription: \"Over schrijven\"\n---\n", "content/posts/x.md:2: the value's opening \" is not closed on its line, so YAML reads on to line 3"},
		{"yaml quoted value on two lines, then a bad list", "---\ndescription: \"a long\n  description\"\ntags: [a, b\n---\n", "content/posts/x.md:4: did not find expected ',' or ']'"},
		{"bad toml", "+++\ntitle = \"x\"\ndate = \n+++\n", "content/posts/x.md:3: "},
		{"toml unquoted", "+++\ntitle = \"x\"\n\nauthor = Ann\n+++\n", "content/posts/x.md:4: "},
		{"title list", "---\ndate: 2024-01-01\ntitle: [a, b]\n---\n", "content/posts/x.md:3: title must be text, not a list"},
		{"tags map", "---\ntitle: x\ntags: {a: 1}\n---\n", "content/posts/x.md:3: tags must be a list of text, not a table of keys"},
		{"date yesterday", "---\ntitle: x\n\n\ndate: yesterday\n---\n", "content/posts/x.md:5: date \"yesterday\" is not a date"},
		{"toml date text", "+++\ntitle = \"x\"\ndate = \"soon\"\n+++\n", "content/posts/x.md:3: date \"soon\" is not a date"},
		{"draft not bool", "---\ntitle: x\ndraft: maybe\n---\n", "content/posts/x.md:3: draft must be true or false"},
		{"weight text", "---\nweight: heavy\n---\n", "content/posts/x.md:2: weight must be a whole number"},
		{"front matter a list", "---\n- a\n- b\n---\n", "content/posts/x.md:2: front matter must be a list of key: value lines"},
		{"invalid utf-8", "---\ntitle: x\n---\nfine\nbad \xff byte\n", "content/posts/x.md:5: the file is not valid UTF-8"},
		{"crlf line numbers", "---\r\ntitle: x\r\ndate: nope\r\n---\r\n", "content/posts/x.md:3: date \"nope\" is not a date"},
		{"bom line numbers", "\ufeff---\ntitle: x\ndate: nope\n---\n", "content/posts/x.md:3: date \"nope\" is not a date"},
		{"slug without letters", "---\nslug: \"../..\"\n---\n", "content/posts/x.md:2: slug \"../..\" has no letters or digits"},
		{"year zero", "---\ntitle: x\ndate: 0000-01-01\n---\n", "content/posts/x.md:3: date 0000-01-01: years before 1 are not supported"},
		{"year zero quoted", "---\ntitle: x\n\nlastmod: \"0000-06-01T10:00:00Z\"\n---\n", "content/posts/x.md:4: lastmod 0000-06-01: years before 1 are not supported"},
		{"year zero toml", "+++\ntitle = \"x\"\npublishdate = 0000-01-01\n+++\n", "content/posts/x.md:3: publishdate 0000-01-01: years before 1 are not supported"},
		{"image list", "---\ntitle: x\n\nimage: [a.jpg, b.jpg]\n---\n", "content/posts/x.md:4: image must be text, a URL or a file name; got a list"},
		{"image number list", "---\ntitle: x\nimages: [1, 2]\n---\n", "content/posts/x.md:3: images must be a list of URLs or file names; got a number"},
		{"images table", "---\ntitle: x\nimages: {a: b}\n---\n", "content/posts/x.md:3: images must be a list of URLs or file names; got a table of keys"},
		{"image table without path", "---\ntitle: x\nimage: {alt: A cat}\n---\n", "content/posts/x.md:3: image must be text, a URL or a file name, or a table with path: FILE; got nothing"},
		{"cover list", "---\ntitle: x\ncover: [a.jpg]\n---\n", "content/posts/x.md:3: cover must be a URL or a file name, or a table with image: FILE; got a list"},
		{"cover image list", "---\ntitle: x\ncover:\n  image: [a.jpg]\n---\n", "content/posts/x.md:3: cover must be a table whose image is a URL or a file name; got a list"},
		{"author number", "---\ntitle: x\nauthor: 42\n---\n", "content/posts/x.md:3: author must be a name; got a number"},
		{"author table without name", "---\ntitle: x\nauthor: {email: a@example.com}\n---\n", "content/posts/x.md:3: author must be a name, or a table with name: NAME; got nothing"},
		{"author list of tables", "---\ntitle: x\nauthor: [{name: Ann}]\n---\n", "content/posts/x.md:3: author must be a name or a list of names; got a table of keys"},
		{"authors table", "---\ntitle: x\nauthors: {name: Ann}\n---\n", "content/posts/x.md:3: authors must be a list of text, not a table of keys"},
		{"page folder at the sitemap", "---\ntitle: x\nurl: /sitemap.xml/\n---\n", "content/posts/x.md:3: the page at /sitemap.xml/ needs a folder /sitemap.xml where the sitemap writes a file"},
		{"page folder at robots.txt", "---\ntitle: x\n\nurl: /robots.txt/\n---\n", "content/posts/x.md:4: the page at /robots.txt/ needs a folder /robots.txt where robots.txt writes a file"},
		{"page folder at the feed", "---\ntitle: x\npermalink: /index.xml/\n---\n", "content/posts/x.md:3: the page at /index.xml/ needs a folder /index.xml where the feeds of / writes a file"},
		{"page folder at the search index", "---\ntitle: x\nurl: /search.json/\n---\n", "content/posts/x.md:3: the page at /search.json/ needs a folder /search.json where the search index writes a file"},
		{"page at the 404 page", "---\ntitle: x\nurl: /404.html/\n---\n", "content/posts/x.md:3: content/posts/x.md and the 404 page both want to write /404.html"},
		{"slug at the sitemap", "---\ntitle: x\nslug: sitemap.xml\nurl: /sitemap.xml/x/\n---\n", "content/posts/x.md:4: the page at /sitemap.xml/x/ needs a folder /sitemap.xml where the sitemap writes a file"},
		{"alias at the sitemap", "---\ntitle: x\naliases: [/sitemap.xml/]\n---\n", "content/posts/x.md:3: alias /sitemap.xml/: the page at /sitemap.xml/ needs a folder /sitemap.xml where the sitemap writes a file"},
		{"300-byte slug", "---\ntitle: x\nslug: " + strings.Repeat("a", 300) + "\n---\n", "content/posts/x.md:3: the URL of this page has a part of 300 bytes (aaaaaaaaaaaaaaaaaaaaaaaa…); file names hold at most 255"},
		{"300-byte url", "---\ntitle: x\nurl: /" + strings.Repeat("a", 300) + "/\n---\n", "content/posts/x.md:3: url \"/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"… has a part of 300 bytes"},
		{"300-byte tag", "---\ntitle: x\ntags: [ok, " + strings.Repeat("a", 300) + "]\n---\n", "content/posts/x.md:3: the tag \"aaaaaaaaaaaaaaaaaaaaaaaa\"… makes a folder name of 300 bytes"},
		{"tag of 100 plus signs", "---\ntitle: x\ncategories: [\"" + strings.Repeat("+", 100) + "\"]\n---\n", "content/posts/x.md:3: the category \"++++++++++++++++++++++++\"… makes a folder name of 499 bytes"},
		{"url to another site", "---\ntitle: x\nurl: https://evil.example/x/\n---\n", "content/posts/x.md:3: url \"https://evil.example/x/\" must be a path on this site"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := buildMap(t, map[string]string{"content/posts/x.md": tt.src})
			if err == nil {
				t.Fatalf("build succeeded, want error %q", tt.want)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.want) {
				t.Fatalf("error\n%s\nwant prefix\n%s", msg, tt.want)
			}
			if strings.Contains(msg, "goroutine") || strings.Contains(msg, "panic") || !strings.Contains(msg, "(") {
				t.Fatalf("error is not a clear message with a fix: %s", msg)
			}
		})
	}
}

// TestAllBrokenPostsAtOnce checks that one build reports every broken post,
// sorted by file, each on its own line, and several problems of one post.
func TestAllBrokenPostsAtOnce(t *testing.T) {
	_, err := buildMap(t, map[string]string{
		"content/posts/a.md":  "---\ntitle: [x]\ndate: never\n---\n",
		"content/posts/b.md":  "+++\ntitle = \n+++\n",
		"content/posts/ok.md": "---\ntitle: fine\n---\n",
		"content/c.md":        "---\ndraft: perhaps\n---\n",
	})
	if err == nil {
		t.Fatal("build succeeded")
	}
	var lines []string
	for _, l := range strings.Split(err.Error(), "\n") {
		lines = append(lines, regexp.MustCompile(`^(\S+?:\d+):`).FindString(l))
	}
	want := []string{"content/c.md:2:", "content/posts/a.md:2:", "content/posts/a.md:3:", "content/posts/b.md:2:"}
	if strings.Join(lines, " ") != strings.Join(want, " ") {
		t.Fatalf("got locations %q in\n%s\nwant %q", lines, err, want)
	}
}

// TestOddButValidInput checks inputs that must build correctly.
func TestOddButValidInput(t *testing.T) {
	big := "---\ntitle: Big\ndate: 2024-01-01\n---\n" + strings.Repeat("A paragraph of a very long post with *some* emphasis and a [link](https://example.com/).\n\n", 5<<20/90)
	tests := []struct {
		name, src  string
		title      string
		bodySubstr string
	}{
		{"bom and crlf", "\ufeff---\r\ntitle: \"BOM\"\r\ndate: 2024-01-01\r\n---\r\nLine one\r\nline two\r\n\r\n## Head\r\n", "BOM", "<p>Line one\nline two</p>"},
		{"lone cr", "---\rtitle: CR\r---\rText\r", "CR", "<p>Text</p>"},
		{"empty file", "", "X", ""},
		{"only front matter", "---\ntitle: Only\n---\n", "Only", ""},
		{"empty front matter", "---\n---\nBody\n", "X", "<p>Body</p>"},
		{"5 MB post", big, "Big", "<em>some</em>"},
		{"10k nested lists", strings.Repeat("- ", 10000) + "deep\n", "X", "deep"},
		{"10k nested quotes", strings.Repeat(">", 10000) + " deep\n", "X", "deep"},
		{"10k ordered lists", strings.Repeat("1. ", 10000) + "deep\n", "X", "deep"},
		{"1000 indented list levels", func() string {
			var b strings.Builder
			for i := range 1000 {
				b.WriteString(strings.Repeat("  ", i) + "- item\n")
			}
			return b.String()
		}(), "X", "item"},
		{"quote staircase", func() string {
			var b strings.Builder
			for i := 1; i <= 2000; i++ {
				b.WriteString(strings.Repeat(">", i) + " step\n")
			}
			return b.String()
		}(), "X", "step"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, err := buildMap(t, map[string]string{"content/posts/x.md": tt.src})
			if err != nil {
				t.Fatal(err)
			}
			if len(site.Posts) != 1 {
				t.Fatalf("%d posts", len(site.Posts))
			}
			p := site.Posts[0]
			if p.Title != tt.title {
				t.Errorf("title %q, want %q", p.Title, tt.title)
			}
			if !strings.Contains(string(p.Content), tt.bodySubstr) {
				c := string(p.Content)
				if len(c) > 300 {
					c = c[:300]
				}
				t.Errorf("content %q does not contain %q", c, tt.bodySubstr)
			}
			if strings.Contains(string(p.Content), "\r") || strings.Contains(p.Title, "\ufeff") {
				t.Errorf("CR or BOM left in the output")
			}
		})
	}
}

// TestDuplicateURL checks that two posts claiming one URL fail the build
// with a message naming both files.
func TestDuplicateURL(t *testing.T) {
	tests := map[string]map[string]string{
		"same slug": {
			"content/posts/a.md": "---\nslug: same\n---\n",
			"content/posts/b.md": "---\nslug: same\n---\n",
		},
		"url and slug": {
			"content/posts/a.md": "---\nurl: /posts/same/\n---\n",
			"content/posts/b.md": "---\nslug: Same\n---\n",
		},
		"alias over a post": {
			"content/posts/a.md": "---\naliases: [/posts/b/]\n---\n",
			"content/posts/b.md": "B\n",
		},
		"page over a generated page": {
			"content/posts/a.md": "---\nurl: /tags/\n---\n",
			"content/posts/b.md": "---\ntags: [x]\n---\n",
		},
		"static file over a post": {
			"content/posts/a.md":             "A\n",
			"static/posts/a/index.html":      "<p>static</p>",
			"content/posts/unrelated-one.md": "U\n",
		},
	}
	for name, files := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := buildMap(t, files)
			if err == nil {
				t.Fatal("build succeeded")
			}
			msg := err.Error()
			n := 0
			for p := range files {
				if strings.Contains(msg, p) {
					n++
				}
			}
			if n < 2 && !(strings.Contains(msg, "content/posts/") && strings.Contains(msg, "both want to write")) {
				t.Fatalf("error does not name both sources: %s", msg)
			}
			if !strings.Contains(msg, "both want to write") {
				t.Fatalf("unclear error: %s", msg)
			}
		})
	}
}

// TestNoEscape tries to write outside the output folder with slugs, URLs,
// aliases, tags, categories and file names, and checks Site.Files and what
// Site.Write puts on disk.
func TestNoEscape(t *testing.T) {
	evil := []string{"../../etc/passwd", "/../../etc/x", "%2e%2e/%2e%2e/etc", `..\..\etc`, `\\server\share`, "/etc/..", "a/../../../b", "....//....//c", "%2F..%2F..%2Fd", "./.", "~/.ssh", "..", "/", "https://evil.example/../x"}
	files := map[string]string{}
	for i, e := range evil {
		q := func(suffix string) string { b, _ := json.Marshal(e + suffix); return string(b) }
		n := fmt.Sprint(i)
		files["content/posts/s"+n+".md"] = "---\nslug: " + q(n) + "\naliases: [" + q("/a"+n) + "]\ntags: [" + q("") + "]\ncategories: [" + q("") + "]\n---\nx\n"
		if !strings.Contains(e, "://") {
			files["content/posts/u"+n+".md"] = "---\nurl: " + q("x"+n+"/") + "\n---\nx\n"
		}
	}
	files["content/posts/..md"] = "dots\n"
	files["content/posts/...md"] = "three dots\n"
	files["content/posts/.. .md"] = "dot dot space\n"
	files["content/../escape.md"] = "not a valid fs.FS path: never read\n"
	files["static/..x"] = "static"
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	site, err := Build(context.Background(), fsys, buildOpts())
	if err != nil {
		t.Fatalf("every escape attempt has a safe place inside the output: %v", err)
	}
	if len(site.Posts) != 27 { // the dot files are hidden, hence skipped
		t.Fatalf("%d posts built, want 27", len(site.Posts))
	}
	for name := range site.Files {
		if !isInsidePath(name) {
			t.Errorf("output path %q leaves the output folder", name)
		}
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "site", "public")
	if err := site.Write(out, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && p != filepath.Join(dir, "site") && !strings.HasPrefix(p, out) {
			t.Errorf("%s written outside %s", p, out)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func isInsidePath(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, `\`) {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." || seg == "." || seg == "" {
			return false
		}
	}
	return true
}

// TestTermsDoNotOverwrite checks that tags which differ in punctuation get
// their own pages, and tags which differ in case are one tag.
func TestTermsDoNotOverwrite(t *testing.T) {
	site, err := buildMap(t, map[string]string{
		"content/posts/a.md": "---\ntags: [\"C++\", \"C#\", c, Go]\ncategories: [\"a b\", a-b]\n---\n",
		"content/posts/b.md": "---\ntags: [go, \"c\"]\ncategories: [\"A B\"]\n---\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	var tagPages []string
	for name := range site.Files {
		if strings.HasSuffix(name, "/index.html") && (strings.HasPrefix(name, "tags/") || strings.HasPrefix(name, "categories/")) {
			tagPages = append(tagPages, name)
		}
	}
	sort.Strings(tagPages)
	want := []string{"categories/a-b-2/index.html", "categories/a-b/index.html", "categories/index.html", "tags/c/index.html", "tags/c-plus-plus/index.html", "tags/c-sharp/index.html", "tags/go/index.html", "tags/index.html"}
	sort.Strings(want)
	if strings.Join(tagPages, " ") != strings.Join(want, " ") {
		t.Fatalf("term pages\n%q\nwant\n%q", tagPages, want)
	}
	goPage := string(site.Files["tags/go/index.html"].Data)
	if !strings.Contains(goPage, "/posts/a/") || !strings.Contains(goPage, "/posts/b/") {
		t.Errorf("Go and go are not one tag with both posts")
	}
	if cpp := string(site.Files["tags/c-plus-plus/index.html"].Data); strings.Contains(cpp, "/posts/b/") {
		t.Errorf("C++ page lists a post tagged only c")
	}
}

// TestEscaping puts markup and quotes in a title, description and tag and
// checks HTML, feeds, the sitemap, the search index and JSON-LD.
func TestEscaping(t *testing.T) {
	const title = `<script>alert("t")</script> & 'quotes'`
	site, err := buildMap(t, map[string]string{
		ConfigFile: "title = \"Site </title><script>x</script>\"\nbase_url = \"https://example.com/\"\ndescription = \"A & B <i>\"\n",
		"content/posts/x.md": "---\ntitle: '<script>alert(\"t\")</script> & ''quotes'''\n" +
			"description: \"</script><script>alert(2)</script> \\\"d\\\" &amp;\"\ntags: [\"<b>tag</b>\", \"a&b\"]\ndate: 2024-01-01\n---\nBody.\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if site.Posts[0].Title != title {
		t.Fatalf("title parsed as %q", site.Posts[0].Title)
	}
	for name, o := range site.Files {
		data := o.Data
		if data == nil {
			continue
		}
		s := string(data)
		switch {
		case strings.HasSuffix(name, ".html"):
			if strings.Contains(s, "<script>alert") || strings.Contains(s, "<b>tag</b>") || strings.Contains(s, "</title><script>x") {
				t.Errorf("%s: markup from front matter or config reaches HTML unescaped", name)
			}
			for _, m := range regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindAllStringSubmatch(s, -1) {
				var v map[string]any
				if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
					t.Errorf("%s: JSON-LD does not parse: %v\n%s", name, err, m[1])
				}
				if v["@type"] == "BlogPosting" && v["headline"] != title {
					t.Errorf("%s: JSON-LD headline %q", name, v["headline"])
				}
			}
		case strings.HasSuffix(name, ".xml"):
			if strings.Contains(s, "<script>") || strings.Contains(s, "<b>tag") {
				t.Errorf("%s: markup unescaped in XML", name)
			}
			if err := xmlWellFormed(data); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		case strings.HasSuffix(name, ".json"):
			if !json.Valid(data) {
				t.Errorf("%s: invalid JSON", name)
			}
			if !bytes.Contains(data, []byte(`\u003cscript\u003e`)) && bytes.Contains(data, []byte("<script>")) {
				t.Errorf("%s: <script> not escaped in JSON", name)
			}
		}
	}
}

// TestSymlinks builds a real folder with a symbolic link loop, a link to a
// folder and a link to a file.
func TestSymlinks(t *testing.T) {
	dir := t.TempDir()
	posts := filepath.Join(dir, "content", "posts")
	must(t, os.MkdirAll(posts, 0o755))
	must(t, os.MkdirAll(filepath.Join(dir, "elsewhere"), 0o755))
	must(t, os.WriteFile(filepath.Join(posts, "real.md"), []byte("---\ntitle: Real\n---\nreal\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "elsewhere", "linked.md"), []byte("---\ntitle: Linked\n---\nlinked\n"), 0o644))
	must(t, os.Symlink(filepath.Join(dir, "elsewhere", "linked.md"), filepath.Join(posts, "linked.md")))
	must(t, os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(posts, "folder")))
	must(t, os.Symlink(posts, filepath.Join(posts, "self")))

	site, err := Build(context.Background(), openSite(t, dir), buildOpts())
	if err != nil {
		t.Fatalf("links to folders and files must not fail the build: %v", err)
	}
	var titles []string
	for _, p := range site.Posts {
		titles = append(titles, p.Title)
	}
	sort.Strings(titles)
	if strings.Join(titles, ",") != "Linked,Real" {
		t.Errorf("posts %q, want Linked and Real", titles)
	}
	if len(site.Warnings) != 3 || !strings.Contains(site.Warnings[2], "base_url is not set") {
		t.Errorf("warnings %q, want one per folder link and one for base_url", site.Warnings)
	}

	must(t, os.Symlink(filepath.Join(posts, "loop-b.md"), filepath.Join(posts, "loop-a.md")))
	must(t, os.Symlink(filepath.Join(posts, "loop-a.md"), filepath.Join(posts, "loop-b.md")))
	_, err = Build(context.Background(), openSite(t, dir), buildOpts())
	if err == nil || !strings.Contains(err.Error(), "content/posts/loop-a.md: broken or looping symbolic link") {
		t.Fatalf("symlink loop: got %v", err)
	}
}

// TestWriteReplaces checks that a successful Write removes files that no
// longer belong, and that a failed build leaves the previous output as is.
func TestWriteReplaces(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first, err := buildMap(t, map[string]string{"content/posts/old.md": "Old\n", "content/posts/keep.md": "Keep\n"})
	must(t, err)
	must(t, first.Write(out, WriteOptions{}))
	if _, err := os.Stat(filepath.Join(out, "posts", "old", "index.html")); err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(filepath.Join(out, "stray.txt"), []byte("left by hand"), 0o644))

	_, err = buildMap(t, map[string]string{"content/posts/keep.md": "---\ndate: bad\n---\n"})
	if err == nil {
		t.Fatal("broken build succeeded")
	}
	if _, err := os.Stat(filepath.Join(out, "posts", "old", "index.html")); err != nil {
		t.Fatalf("a failed build touched the previous output: %v", err)
	}

	second, err := buildMap(t, map[string]string{"content/posts/keep.md": "Keep\n"})
	must(t, err)
	must(t, second.Write(out, WriteOptions{}))
	for _, gone := range []string{"posts/old/index.html", "stray.txt"} {
		if _, err := os.Stat(filepath.Join(out, gone)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still there after a rebuild: %v", gone, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "posts", "keep", "index.html")); err != nil {
		t.Error(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("temporary folders left beside the output: %q", names)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func xmlWellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TestImageAndAuthorForms checks every form of image, images, cover,
// author and authors that kopij reads, and that each gives the right value.
func TestImageAndAuthorForms(t *testing.T) {
	tests := []struct {
		name, fm      string
		image, author string
	}{
		{"image text", "image: a.jpg", "a.jpg", ""},
		{"image table", "image:\n  path: b.jpg", "b.jpg", ""},
		{"images list", "images: [c.jpg, d.jpg]", "c.jpg", ""},
		{"images text", "images: e.jpg", "e.jpg", ""},
		{"cover table", "cover:\n  image: f.jpg\n  alt: F", "f.jpg", ""},
		{"cover table without image", "cover:\n  alt: F", "", ""},
		{"cover text", "cover: g.jpg", "g.jpg", ""},
		{"empty image falls back", "image: \"\"\nimages: [h.jpg]", "h.jpg", ""},
		{"author text", "author: Ann", "", "Ann"},
		{"author table", "author:\n  name: Bob\n  email: b@example.com", "", "Bob"},
		{"author list", "author: [Cy, Di]", "", "Cy"},
		{"authors list", "authors: [Ed, Flo]", "", "Ed"},
		{"author before authors", "author: Gus\nauthors: [Hal]", "", "Gus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, err := buildMap(t, map[string]string{"content/posts/x.md": "---\ntitle: X\n" + tt.fm + "\n---\nbody\n"})
			if err != nil {
				t.Fatal(err)
			}
			p := site.Posts[0]
			if p.Image != tt.image || p.Author != tt.author {
				t.Errorf("image %q author %q, want %q and %q", p.Image, p.Author, tt.image, tt.author)
			}
		})
	}
}

// TestYearZeroFileName checks that a date before the year 1 in a post's
// file name is refused, naming the file.
func TestYearZeroFileName(t *testing.T) {
	_, err := buildMap(t, map[string]string{"content/posts/0000-01-01-old.md": "---\ntitle: Old\n---\n"})
	want := "content/posts/0000-01-01-old.md: the date 0000-01-01 in the file name: years before 1 are not supported"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("got %v, want %q", err, want)
	}
}

// openSite opens dir as the commands do, closing it when the test ends.
func openSite(t *testing.T, dir string) *SiteFS {
	t.Helper()
	fsys, err := OpenSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fsys.Close() })
	return fsys
}

// TestLinksOutOfTheSite links every kind of file a build reads to a secret
// outside the site folder: each link is skipped with a warning naming it,
// and no output holds the secret. Links that stay inside keep working.
func TestLinksOutOfTheSite(t *testing.T) {
	dir, away := t.TempDir(), t.TempDir()
	const secret = "root:x:0:0:SECRET"
	write := func(base, p, data string) string {
		full := filepath.Join(base, filepath.FromSlash(p))
		must(t, os.MkdirAll(filepath.Dir(full), 0o755))
		must(t, os.WriteFile(full, []byte(data), 0o644))
		return full
	}
	link := func(target, p string) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		must(t, os.MkdirAll(filepath.Dir(full), 0o755))
		must(t, os.Symlink(target, full))
	}
	secretFile := write(away, "passwd", secret+"\n")
	secretPost := write(away, "leak.md", "---\ntitle: Leak\n---\n"+secret+"\n")
	secretLayout := write(away, "post.html", `{{ define "main" }}`+secret+`{{ end }}`)
	write(away, "folder/f.txt", secret)
	write(dir, "content/posts/real.md", "---\ntitle: Real\n---\nreal\n")
	write(dir, "content/posts/trip/index.md", "---\ntitle: Trip\n---\ntrip\n")
	write(dir, "content/shared.txt", "shared inside\n")

	cases := map[string]string{ // link -> target
		"static/passwd.txt":                   secretFile,
		"static/rel.txt":                      "../../" + filepath.Base(away) + "/passwd",
		"static/gone.txt":                     filepath.Join(away, "missing"),
		"content/posts/leak.md":               secretPost,
		"content/posts/trip/photo.jpg":        secretFile,
		"content/posts/trip/comments.yaml":    secretFile,
		"content/notes.txt":                   secretFile,
		"themes/default/layouts/post.html":    secretLayout,
		"themes/default/static/css/extra.css": secretFile,
		"themes/default/i18n/en.toml":         secretFile,
		"static/folder":                       filepath.Join(away, "folder"),
	}
	for p, target := range cases {
		link(target, p)
	}
	link(filepath.Join(dir, "content", "shared.txt"), "static/abs-inside.txt")
	link("../content/shared.txt", "static/rel-inside.txt")

	site, err := Build(context.Background(), openSite(t, dir), buildOpts())
	if err != nil {
		t.Fatal(err)
	}
	warnings := strings.Join(site.Warnings, "\n")
	for p := range cases {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(p) + `: a link to \S+, outside the site; skipped$`).MatchString(warnings) {
			t.Errorf("no warning for %s; warnings:\n%s", p, warnings)
		}
	}
	if !strings.Contains(warnings, "static/passwd.txt: a link to "+secretFile+", outside the site; skipped") {
		t.Errorf("warning does not read as documented:\n%s", warnings)
	}
	out := filepath.Join(t.TempDir(), "public")
	must(t, site.Write(out, WriteOptions{}))
	must(t, filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if bytes.Contains(data, []byte("SECRET")) {
			t.Errorf("%s holds the secret", p)
		}
		return err
	}))
	for _, p := range []string{"passwd.txt", "rel.txt", "posts/leak/index.html", "posts/trip/photo.jpg", "posts/trip/comments.yaml", "notes.txt"} {
		if _, ok := site.Files[p]; ok {
			t.Errorf("%s was published", p)
		}
	}
	for _, p := range []string{"abs-inside.txt", "rel-inside.txt"} {
		data, err := os.ReadFile(filepath.Join(out, p))
		if err != nil || string(data) != "shared inside\n" {
			t.Errorf("link inside the site %s: %q %v", p, data, err)
		}
	}

	// A file turned into a link out after the build is not copied either.
	must(t, os.Remove(filepath.Join(dir, "content", "shared.txt")))
	must(t, os.Symlink(secretFile, filepath.Join(dir, "content", "shared.txt")))
	err = site.Write(filepath.Join(t.TempDir(), "public"), WriteOptions{})
	if err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("writing through a link swapped in after the build: %v", err)
	}
}

// TestSiteFolderLinkedOut checks links at the top of the site: content/
// itself and kopij.toml leading outside are skipped with a warning.
func TestSiteFolderLinkedOut(t *testing.T) {
	dir, away := t.TempDir(), t.TempDir()
	must(t, os.MkdirAll(filepath.Join(away, "content", "posts"), 0o755))
	must(t, os.WriteFile(filepath.Join(away, "content", "posts", "x.md"), []byte("SECRET\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(away, "kopij.toml"), []byte("title = \"SECRET\"\n"), 0o644))
	must(t, os.Symlink(filepath.Join(away, "content"), filepath.Join(dir, "content")))
	must(t, os.Symlink(filepath.Join(away, "kopij.toml"), filepath.Join(dir, "kopij.toml")))
	site, err := Build(context.Background(), openSite(t, dir), buildOpts())
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Posts) != 0 || site.Config.Title == "SECRET" {
		t.Errorf("read through a link out: %d posts, title %q", len(site.Posts), site.Config.Title)
	}
	warnings := strings.Join(site.Warnings, "\n")
	for _, p := range []string{"content", "kopij.toml"} {
		if !strings.Contains(warnings, p+": a link to "+filepath.Join(away, p)+", outside the site; skipped") {
			t.Errorf("no warning for %s:\n%s", p, warnings)
		}
	}
}

// editorNoise are the names editors and systems leave beside files:
// never published, never a reason to rebuild.
var editorNoise = []string{"a.txt~", ".#a.txt", "#a.txt#", ".a.txt.swp", ".a.txt.swx", ".DS_Store", "4913", "a.txt.kate-swp", ".~lock.a.odt#"}

// TestHiddenStaticFiles checks that hidden files below static/ are
// published (.well-known/, .nojekyll, .htaccess), editors' temporary files
// and version control folders are not, and hidden files elsewhere stay
// out.
func TestHiddenStaticFiles(t *testing.T) {
	files := map[string]string{
		"content/posts/a.md":                      "---\ntitle: A\n---\n",
		"content/posts/.b.md":                     "---\ntitle: Hidden\n---\n",
		"content/.notes/c.md":                     "---\ntitle: Hidden folder\n---\n",
		"static/.well-known/security.txt":         "Contact: mailto:a@example.com\n",
		"static/.nojekyll":                        "",
		"static/.htaccess":                        "Options -Indexes\n",
		"static/img/.keep":                        "",
		"static/.git/config":                      "[core]\n",
		"themes/default/static/.well-known/x.txt": "theme\n",
	}
	for _, n := range editorNoise {
		files["static/"+n] = "noise"
		files["static/.well-known/"+n] = "noise"
	}
	site, err := buildMap(t, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".well-known/security.txt", ".nojekyll", ".htaccess", "img/.keep", ".well-known/x.txt"} {
		if site.Files[p] == nil {
			t.Errorf("%s not published", p)
		}
	}
	for p := range site.Files {
		base := path.Base(p)
		if strings.HasPrefix(p, ".git/") || slices.Contains(editorNoise, base) {
			t.Errorf("%s published", p)
		}
	}
	if len(site.Posts) != 1 || len(site.Pages) != 0 {
		t.Errorf("%d posts and %d pages, want only a.md", len(site.Posts), len(site.Pages))
	}
}

func TestSkipped(t *testing.T) {
	for p, want := range map[string]bool{
		"static/.well-known/security.txt":   false,
		"static/.nojekyll":                  false,
		"static/.htaccess":                  false,
		"themes/x/static/.well-known/a.txt": false,
		"content/posts/a.md":                false,
		"kopij.toml":                        false,
		"content/posts/.a.md":               true,
		"content/.hidden":                   true,
		"themes/x/.git/HEAD":                true,
		"themes/x/layouts/.a.html":          true,
		"static/.git/config":                true,
		"static/.DS_Store":                  true,
		"static/.well-known/.#a.txt":        true,
		"static/a.txt~":                     true,
		"static/#a.txt#":                    true,
		"static/.a.txt.swp":                 true,
		"static/.a.txt.swx":                 true,
		"static/4913":                       true,
		".kopij/subscribers.db":             true,
	} {
		if got := Skipped(p); got != want {
			t.Errorf("Skipped(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestOutputFolderConflicts checks outputs of which one needs a folder
// where another writes a file, whoever they come from: the build fails
// before anything is written, naming the content file and line.
func TestOutputFolderConflicts(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"page over a static file", map[string]string{"content/about.md": "---\ntitle: About\n---\n", "static/about": "a file"},
			"content/about.md: the page at /about/ needs a folder /about where static/about writes a file (choose another url or slug)"},
		{"static file where a page is", map[string]string{"content/posts/x.md": "---\ntitle: X\nurl: /x.html\n---\n", "static/x.html/y.txt": "y"},
			"content/posts/x.md:3: the file /x.html stands where static/x.html/y.txt needs a folder for /x.html/y.txt"},
		{"static folder at the sitemap", map[string]string{"static/sitemap.xml/a.txt": "a"},
			"static/sitemap.xml/a.txt needs a folder /sitemap.xml where the sitemap writes a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := buildMap(t, tt.files)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant %q", err, tt.want)
			}
		})
	}
}

// TestTwoPagesFileAndFolder checks a page inside another page's file: a
// problem of two files, named both, at neither line.
func TestTwoPagesFileAndFolder(t *testing.T) {
	_, err := buildMap(t, map[string]string{
		"content/a.md": "---\nurl: /x.html\n---\n",
		"content/b.md": "---\nurl: /x.html/y/\n---\n",
	})
	got := Errors(err)
	if len(got) != 1 || got[0].File != "" || got[0].Msg != "content/b.md needs a folder /x.html where content/a.md writes a file (give one of them another url or name)" {
		t.Fatalf("Errors = %+v", got)
	}
}
