package builder

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestMigrateErrors checks what stops the build of a migrated site, and
// that each message names the files and keys involved.
func TestMigrateErrors(t *testing.T) {
	post := func(title, date, slug string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ndate: " + date + "\nslug: " + slug + "\n---\nText.\n")}
	}
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string // substrings of the error
	}{
		{"same slug, no date in the pattern", fstest.MapFS{
			"kopij.toml":              {Data: []byte("base_url = \"https://example.com/\"\ngenerator = \"hugo\"\n[permalinks]\nposts = \"/:section/:slug/\"\n")},
			"content/posts/a.md":      post("A", "2019-12-31", "review"),
			"content/posts/b.md":      post("B", "2020-12-31", "review"),
			"content/posts/other.md":  post("C", "2020-12-31", "other"),
			"content/posts/third.md":  post("D", "2021-01-01", "third"),
			"content/posts/fourth.md": post("E", "2021-01-02", "fourth"),
		}, []string{"posts/review/index.html", "content/posts/a.md", "content/posts/b.md"}},
		{"unknown generator", fstest.MapFS{
			"kopij.toml": {Data: []byte("base_url = \"https://example.com/\"\ngenerator = \"gatsby\"\n")},
		}, []string{"kopij.toml", `generator "gatsby"`}},
		{"unknown kopij token", fstest.MapFS{
			"kopij.toml": {Data: []byte("base_url = \"https://example.com/\"\npermalink = \"/:yaer/:slug/\"\n")},
		}, []string{"kopij.toml", ":yaer"}},
		{"unknown Hugo token", fstest.MapFS{
			"kopij.toml": {Data: []byte("base_url = \"https://example.com/\"\ngenerator = \"hugo\"\npermalink = \"/:yaer/:slug/\"\n")},
		}, []string{"kopij.toml", ":yaer"}},
		{"Hugo and Jekyll tokens mixed", fstest.MapFS{
			"kopij.toml": {Data: []byte("base_url = \"https://example.com/\"\npermalink = \"/:categories/:slug/\"\n[permalinks]\nnotes = \"/:monthname/:slug/\"\n")},
		}, []string{"kopij.toml", "mix"}},
		{"unknown timezone", fstest.MapFS{
			"kopij.toml": {Data: []byte("base_url = \"https://example.com/\"\ntimezone = \"Mars/Olympus\"\n")},
		}, []string{"kopij.toml", "Mars/Olympus"}},
	}
	for _, tt := range tests {
		_, err := Build(context.Background(), tt.files, Options{Now: func() time.Time { return goldenNow }})
		if err == nil {
			t.Errorf("%s: built", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not name %q", tt.name, err, w)
			}
		}
	}
}

// TestOutputPathWithoutExtension checks that kopij serve finds a page Jekyll
// writes as a file for a URL without an extension (/contact is contact.html).
func TestOutputPathWithoutExtension(t *testing.T) {
	site := &Site{Config: DefaultConfig(), Files: map[string]*Output{"contact.html": {}, "CNAME": {}}}
	for in, want := range map[string]string{"/contact": "contact.html", "/CNAME": "CNAME", "/missing": "missing", "/x/": "x/index.html"} {
		if got, ok := site.OutputPath(in); !ok || got != want {
			t.Errorf("OutputPath(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// TestBaseURLWarning checks that a site built without a real base_url is
// told so, and that kopij serve (which sets Origin) is not.
func TestBaseURLWarning(t *testing.T) {
	tests := []struct {
		name string
		toml string
		opts Options
		want string // substring of the one warning, "" for none
	}{
		{"not set", "title = \"x\"\n", Options{}, "base_url is not set"},
		{"placeholder", "base_url = \"https://your-blog.example/\"\n", Options{}, "placeholder"},
		{"placeholder replaced by --base-url", "base_url = \"https://your-blog.example/\"\n", Options{BaseURL: "https://blog.nl/"}, ""},
		{"set", "base_url = \"https://blog.nl/\"\n", Options{}, ""},
		{"serve", "title = \"x\"\n", Options{Origin: "http://127.0.0.1:1313"}, ""},
	}
	for _, tt := range tests {
		fsys := fstest.MapFS{"kopij.toml": {Data: []byte(tt.toml)}, "content/posts/p.md": {Data: []byte("---\ntitle: P\n---\nText.\n")}}
		site, err := Build(context.Background(), fsys, tt.opts)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		switch {
		case tt.want == "" && len(site.Warnings) > 0:
			t.Errorf("%s: warnings %q, want none", tt.name, site.Warnings)
		case tt.want != "" && (len(site.Warnings) != 1 || !strings.Contains(site.Warnings[0], tt.want)):
			t.Errorf("%s: warnings %q, want one about %q", tt.name, site.Warnings, tt.want)
		}
	}
}

// TestRebuildJekyllDependencies edits what Liquid reads besides a post's
// own file, an include and the post a {% post_url %} names, and checks that
// the rebuild changes the linking post as a fresh build does.
func TestRebuildJekyllDependencies(t *testing.T) {
	fsys := fstest.MapFS{
		"kopij.toml":                         {Data: []byte("base_url = \"https://example.com/\"\ngenerator = \"jekyll\"\n")},
		"_includes/note.html":                {Data: []byte("<div class=\"note\">{{ include.text }}</div>\n")},
		"content/_posts/2019-01-02-first.md": {Data: []byte("---\ntitle: First\n---\nFirst.\n")},
		"content/_posts/2019-03-04-link.md":  {Data: []byte("---\ntitle: Link\n---\n[first]({% post_url 2019-01-02-first %})\n\n{% include note.html text=\"x\" %}\n")},
		"content/_posts/2019-05-06-plain.md": {Data: []byte("---\ntitle: Plain\n---\nNo Liquid.\n")},
	}
	opts := Options{NoMinify: true, Now: func() time.Time { return goldenNow }, Workers: 2}
	b := New(fsys, opts)
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name, file, data string
		want             []string // outputs that must change
		not              string   // an output that must not
	}{
		{"include edit", "_includes/note.html", "<div class=\"note warning\">{{ include.text }}</div>\n", []string{"2019/03/04/link.html"}, "2019/05/06/plain.html"},
		{"linked post moves", "content/_posts/2019-01-02-first.md", "---\ntitle: First\npermalink: /moved/\n---\nFirst.\n", []string{"2019/03/04/link.html", "moved/index.html"}, "2019/05/06/plain.html"},
	}
	for _, st := range steps {
		fsys[st.file] = &fstest.MapFile{Data: []byte(st.data)}
		got, err := b.Build(context.Background(), []string{st.file})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		for _, w := range st.want {
			if !slices.Contains(got.Changed, w) {
				t.Errorf("%s: %s not among the changed outputs %q", st.name, w, got.Changed)
			}
		}
		if slices.Contains(got.Changed, st.not) {
			t.Errorf("%s: %s changed", st.name, st.not)
		}
		checkFresh(t, st.name, got, fsys, opts)
	}
}

// TestShortcodesWithoutGenerator checks that a post with a Hugo shortcode
// in a site with kopij's own rules gets it run, and that no reader sees a
// call: known, unknown or malformed.
func TestShortcodesWithoutGenerator(t *testing.T) {
	fsys := fstest.MapFS{
		"kopij.toml":          {Data: []byte("base_url = \"https://example.com/\"\n")},
		"content/posts/sc.md": {Data: []byte("---\ntitle: SC\n---\nBefore.\n\n{{< youtube abc123 >}}\n\n{{< nope >}}\n\n{{% gist %}}\n")},
	}
	site, err := Build(context.Background(), fsys, Options{NoMinify: true, Now: func() time.Time { return goldenNow }})
	if err != nil {
		t.Fatal(err)
	}
	body := string(bodyOf(outputBytes(t, site.Files["posts/sc/index.html"])))
	if !strings.Contains(body, `href="https://www.youtube.com/watch?v=abc123"`) || strings.Contains(body, "{{") {
		t.Errorf("body:\n%s", body)
	}
	var lines []string
	for _, w := range site.Warnings {
		if strings.HasPrefix(w, "content/posts/sc.md:") {
			lines = append(lines, w)
		}
	}
	joined := strings.Join(lines, "\n")
	if len(lines) != 2 || !strings.Contains(joined, "sc.md:8: unknown shortcode \"nope\"") || !strings.Contains(joined, "sc.md:10: shortcode \"gist\"") {
		t.Errorf("warnings %q, want one at line 8 and one at line 10", site.Warnings)
	}
}

// TestRebuildHugoRef checks that a post whose shortcode names another
// post (ref) follows that post to its new URL on a rebuild, as a fresh
// build does.
func TestRebuildHugoRef(t *testing.T) {
	fsys := fstest.MapFS{
		"kopij.toml":             {Data: []byte("base_url = \"https://example.com/\"\ngenerator = \"hugo\"\n")},
		"content/posts/a.md":     {Data: []byte("---\ntitle: A\ndate: 2020-01-01\n---\n[b]({{< relref \"b.md\" >}})\n")},
		"content/posts/b.md":     {Data: []byte("---\ntitle: B\ndate: 2020-01-02\n---\nB.\n")},
		"content/posts/plain.md": {Data: []byte("---\ntitle: Plain\ndate: 2019-01-01\n---\nPlain.\n")},
	}
	opts := Options{NoMinify: true, Now: func() time.Time { return goldenNow }, Workers: 2}
	b := New(fsys, opts)
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	fsys["content/posts/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndate: 2020-01-02\nslug: bee\n---\nB.\n")}
	got, err := b.Build(context.Background(), []string{"content/posts/b.md"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(got.Changed, "posts/a/index.html") {
		t.Errorf("posts/a/index.html not among the changed outputs %q", got.Changed)
	}
	if body := string(bodyOf(outputBytes(t, got.Files["posts/a/index.html"]))); !strings.Contains(body, `href="/posts/bee/"`) {
		t.Errorf("a links to %s", body)
	}
	checkFresh(t, "slug of a referenced post", got, fsys, opts)
}
