package builder

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestRebuildMatchesFreshBuild edits a site step by step and checks after
// each step that a reused Builder, told only what changed, produces exactly
// the files of a fresh build, and reports the changed outputs.
func TestRebuildMatchesFreshBuild(t *testing.T) {
	fsys, opts, b := builtCorpus(t, 30)
	set := func(p, s string) { fsys[p] = &fstest.MapFile{Data: []byte(s)} }
	steps := []struct {
		name    string
		edit    func()
		changed []string
		bodies  bool // the edit changes no list: only outputs showing the body are rendered
	}{
		{"body edit", func() { set(corpusPath(7), string(corpusPost(7))+"\nOne more line.\n") }, []string{corpusPath(7)}, true},
		{"same bytes saved again", func() { set(corpusPath(7), string(corpusPost(7))+"\nOne more line.\n") }, []string{corpusPath(7)}, true},
		{"first paragraph edit", func() {
			fm, body, _ := strings.Cut(strings.TrimPrefix(string(corpusPost(8)), "---\n"), "\n---\n")
			set(corpusPath(8), "---\n"+fm+"\n---\nA new opening paragraph, which lists show as the summary.\n\n"+body)
		}, []string{corpusPath(8)}, true},
		{"neighbour's first paragraph edit", func() {
			set(corpusPath(9), strings.Replace(string(corpusPost(9)), "\n---\n", "\n---\nIts neighbours link to it with this.\n\n", 1))
		}, []string{corpusPath(9)}, true},
		{"title edit", func() {
			set(corpusPath(3), "---\ntitle: A new title\ndate: 2015-01-01T10:00:00Z\ntags: [tag1]\n---\nShort.\n")
		}, []string{corpusPath(3)}, false},
		{"post titled by its first heading", func() {
			set("content/posts/h1.md", "---\ndate: 2020-01-01\n---\n\n# First heading\n\nBody.\n")
		}, []string{"content/posts/h1.md"}, false},
		{"first heading edit", func() {
			set("content/posts/h1.md", "---\ndate: 2020-01-01\n---\n\n# Second heading\n\nBody.\n")
		}, []string{"content/posts/h1.md"}, false},
		{"new tag", func() {
			set(corpusPath(4), "---\ntitle: Tagged\ndate: 2015-01-02T10:00:00Z\ntags: [brand-new, tag1]\n---\nBody.\n")
		}, []string{corpusPath(4)}, false},
		{"delete a post", func() { delete(fsys, corpusPath(5)) }, []string{corpusPath(5)}, false},
		{"add a bundle", func() {
			set("content/posts/trip/index.md", "---\ntitle: Trip\ndate: 2016-01-01\n---\n![x](x.png)\n")
			set("content/posts/trip/x.png", "png")
		}, []string{"content/posts/trip"}, false},
		{"theme override", func() {
			set("themes/default/layouts/partials/footer.html", "<footer>custom</footer>")
		}, []string{"themes/default/layouts/partials/footer.html"}, false},
		{"theme shows neighbours' bodies", func() {
			set("themes/default/layouts/post.html", `{{define "main"}}{{.Page.Content}}<aside>{{with .Prev}}{{.Content}}{{end}}{{with .Next}}{{.WordCount}}{{end}}</aside>{{end}}`)
		}, []string{"themes/default/layouts/post.html"}, false},
		{"body edit a neighbour shows", func() { set(corpusPath(9), string(corpusPost(9))+"\nNeighbours show this line.\n") }, []string{corpusPath(9)}, true},
		{"post with a shortcode of the site's", func() {
			set("layouts/shortcodes/notice.html", `<aside class="notice">{{ .Inner }}</aside>`)
			set("content/posts/sc.md", "---\ntitle: Shortcode\ndate: 2020-02-02\n---\n{{< notice >}}Careful.{{< /notice >}}\n")
		}, []string{"layouts/shortcodes/notice.html", "content/posts/sc.md"}, false},
		{"shortcode template edit", func() {
			set("layouts/shortcodes/notice.html", `<aside class="notice warning">{{ .Inner }}</aside>`)
		}, []string{"layouts/shortcodes/notice.html"}, false},
		{"config edit", func() {
			set(ConfigFile, "title = \"Renamed\"\nbase_url = \"https://example.com/\"\nposts_per_page = 3\n")
		}, []string{ConfigFile}, false},
		{"static file", func() { set("static/robots-extra.txt", "x") }, []string{"static/robots-extra.txt"}, false},
	}
	// outputs an edit must change
	outputs := map[string]string{
		"first paragraph edit":                "search.json",
		"post with a shortcode of the site's": "posts/sc/index.html",
		"shortcode template edit":             "posts/sc/index.html",
	}
	for _, st := range steps {
		st.edit()
		before := b.bodyBuilds
		got, err := b.Build(context.Background(), st.changed)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if bodies := b.bodyBuilds > before; bodies != st.bodies {
			t.Errorf("%s: built as a body edit: %v, want %v", st.name, bodies, st.bodies)
		}
		if len(got.Changed) == 0 && st.name != "same bytes saved again" {
			t.Errorf("%s: no changed outputs reported", st.name)
		}
		if out := outputs[st.name]; out != "" && !slices.Contains(got.Changed, out) {
			t.Errorf("%s: %s not among the changed outputs %q", st.name, out, got.Changed)
		}
		checkFresh(t, st.name, got, fsys, opts)
	}
}

// builtCorpus is a Builder that has built a generated site of n posts
// once, unminified, with the file system it reads and its options.
func builtCorpus(t *testing.T, n int) (fstest.MapFS, Options, *Builder) {
	t.Helper()
	fsys := corpusFS(n)
	opts := Options{Now: func() time.Time { return benchNow }, NoMinify: true}
	b := New(fsys, opts)
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return fsys, opts, b
}

// checkFresh compares the files of a build with those of a fresh build of
// the same files.
func checkFresh(t *testing.T, name string, got *Site, fsys fs.FS, opts Options) {
	t.Helper()
	want, err := Build(context.Background(), fsys, opts)
	if err != nil {
		t.Fatalf("%s: fresh build: %v", name, err)
	}
	var diff []string
	for p, w := range want.Files {
		g := got.Files[p]
		if g == nil || !bytes.Equal(outputBytes(t, g), outputBytes(t, w)) {
			diff = append(diff, p)
		}
	}
	for p := range got.Files {
		if want.Files[p] == nil {
			diff = append(diff, p+" (extra)")
		}
	}
	sort.Strings(diff)
	if len(diff) > 0 {
		t.Errorf("%s: %d outputs differ from a fresh build, e.g. %q", name, len(diff), diff[:min(5, len(diff))])
	}
}

// TestBuildPreview checks that a build asked for a preview renders the hot
// outputs and the pages of edited files first and hands them over with the
// rest of the previous build, and still ends equal to a fresh build.
func TestBuildPreview(t *testing.T) {
	fsys, opts, b := builtCorpus(t, 30)
	hot, other, added := "posts/post-00004/index.html", "posts/post-00005/index.html", "posts/post-00040/index.html"
	for _, c := range []struct {
		name     string
		edit     func()
		changed  []string
		must     []string // outputs the preview changes
		may      []string // outputs it may change too
		notFirst string   // an output that changes in the build, not in the preview
	}{
		{"template edit", func() {
			fsys["themes/default/layouts/post.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<p>new layout</p>{{.Page.Content}}{{end}}`)}
		}, []string{"themes/default/layouts/post.html"}, []string{hot}, nil, other},
		{"body edit", func() {
			fsys[corpusPath(25)] = &fstest.MapFile{Data: append(corpusPost(25), "\nOne more paragraph.\n"...)}
		}, []string{corpusPath(25)}, []string{"posts/post-00025/index.html"}, nil, "index.xml"},
		{"first paragraph edit", func() {
			fsys[corpusPath(26)] = &fstest.MapFile{Data: []byte(strings.Replace(string(corpusPost(26)), "\n---\n", "\n---\nA new first paragraph.\n\n", 1))}
		}, []string{corpusPath(26)}, []string{"posts/post-00026/index.html"}, nil, "search.json"},
		{"new post", func() { fsys[corpusPath(40)] = &fstest.MapFile{Data: corpusPost(40)} },
			[]string{corpusPath(40)}, []string{added}, []string{hot}, "index.html"},
	} {
		c.edit()
		prev := b.last.files
		relatedBefore, bodiesBefore := b.idx.related, b.bodyBuilds
		var preview *Site
		got, err := b.BuildPreview(context.Background(), c.changed, &Preview{Hot: []string{hot}, Early: func(s *Site) {
			if preview != nil {
				t.Errorf("%s: Early called twice", c.name)
			}
			preview = s
			// The hot pages waited for their own related posts alone,
			// when there were new ones to work out.
			if b.idx.related == relatedBefore {
				return
			}
			if made := len(slices.DeleteFunc(slices.Clone(b.idx.related.lists), func(l []int) bool { return l == nil })); made > 2 {
				t.Errorf("%s: the preview waited for the related posts of %d posts, want those of the 2 hot pages at most", c.name, made)
			}
		}})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if preview == nil {
			t.Fatalf("%s: no preview", c.name)
		}
		if body := b.bodyBuilds > bodiesBefore; body != (c.name == "body edit" || c.name == "first paragraph edit") {
			t.Errorf("%s: built as a body edit: %v", c.name, body)
		}
		for _, p := range c.must {
			if !slices.Contains(preview.Changed, p) {
				t.Errorf("%s: preview changed %q, without %s", c.name, preview.Changed, p)
			}
		}
		for _, p := range preview.Changed {
			if !slices.Contains(c.must, p) && !slices.Contains(c.may, p) {
				t.Errorf("%s: preview changed %s, which is not hot", c.name, p)
			}
			if !bytes.Equal(preview.Files[p].Data, got.Files[p].Data) {
				t.Errorf("%s: preview of %s differs from the finished build", c.name, p)
			}
		}
		if !slices.Contains(got.Changed, c.notFirst) || !bytes.Equal(outputBytes(t, preview.Files[c.notFirst]), outputBytes(t, prev[c.notFirst])) {
			t.Errorf("%s: %s should change in the build but stay as it was in the preview", c.name, c.notFirst)
		}
		checkFresh(t, c.name, got, fsys, opts)
	}
}

// TestBuildCancelled cancels a build halfway, as kopij serve does when
// newer changes arrive: the builder stays usable and its next build, told
// only of the newer change, equals a fresh build.
func TestBuildCancelled(t *testing.T) {
	fsys, opts, b := builtCorpus(t, 30)
	fsys["themes/default/layouts/post.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<p>first layout</p>{{.Page.Content}}{{end}}`)}
	ctx, cancel := context.WithCancel(context.Background())
	_, err := b.BuildPreview(ctx, []string{"themes/default/layouts/post.html"}, &Preview{Hot: []string{"posts/post-00004/index.html"}, Early: func(*Site) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build: %v, want context.Canceled", err)
	}
	fsys[corpusPath(6)] = &fstest.MapFile{Data: append(corpusPost(6), "\nA later edit.\n"...)}
	got, err := b.Build(context.Background(), []string{corpusPath(6)})
	if err != nil {
		t.Fatal(err)
	}
	checkFresh(t, "after a cancelled build", got, fsys, opts)
	if !strings.Contains(string(got.Files["posts/post-00009/index.html"].Data), "first layout") {
		t.Error("the layout of the cancelled build is missing")
	}
}
