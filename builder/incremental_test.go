package builder

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/builder/hints"
)

var (
	equivSeeds = flag.Int("equiv-seeds", 2, "edit sequences TestIncrementalEqualsFullBuild runs per option set")
	equivFirst = flag.Int("equiv-first", 0, "first seed of TestIncrementalEqualsFullBuild")
)

// equivNow is the clock of the randomized test: some posts are dated after it.
var equivNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

// editSite is a site folder on disk that random edits are applied to.
type editSite struct {
	t     *testing.T
	dir   string
	r     *rand.Rand
	posts []string // site-relative paths of existing posts
	n     int      // posts ever created, for unique names
}

var equivTags = []string{"go", "Writing", "writing-tips", "café", "news", "Go Lang"}

func (s *editSite) postText(title string) string {
	r := s.r
	var fm strings.Builder
	// Now and then no title key: the first heading gives the title.
	headed := r.IntN(6) == 0
	if headed {
		fm.WriteString("---\n")
	} else {
		fmt.Fprintf(&fm, "---\ntitle: %q\n", title)
	}
	day := r.IntN(200) - 150 // some after equivNow
	fmt.Fprintf(&fm, "date: %s\n", equivNow.AddDate(0, 0, day).Add(time.Duration(r.IntN(3))*time.Hour).Format(time.RFC3339))
	if r.IntN(4) == 0 {
		fm.WriteString("draft: true\n")
	}
	var tags []string
	for _, tg := range equivTags {
		if r.IntN(3) == 0 {
			tags = append(tags, fmt.Sprintf("%q", tg))
		}
	}
	fmt.Fprintf(&fm, "tags: [%s]\n", strings.Join(tags, ", "))
	if r.IntN(3) == 0 {
		fmt.Fprintf(&fm, "categories: [%q]\n", []string{"notes", "essays"}[r.IntN(2)])
	}
	if r.IntN(6) == 0 {
		fmt.Fprintf(&fm, "description: %q\n", "About "+title)
	}
	if r.IntN(8) == 0 {
		fmt.Fprintf(&fm, "aliases: [\"/old/%s/\"]\n", Slugify(title))
	}
	fm.WriteString("---\n\n")
	if headed {
		fmt.Fprintf(&fm, "# %s\n\n", title)
	}
	fm.WriteString(s.body())
	return fm.String()
}

func (s *editSite) body() string {
	var b strings.Builder
	for p := range 1 + s.r.IntN(4) {
		if p == 1 && s.r.IntN(2) == 0 {
			b.WriteString("<!--more-->\n\n")
		}
		if p == 2 {
			fmt.Fprintf(&b, "## Part %d\n\n", s.r.IntN(5))
		}
		b.WriteString(s.paragraph())
	}
	return b.String()
}

// paragraph is a few words, sometimes with a link to another post.
func (s *editSite) paragraph() string {
	words := strings.Fields("kopij reader writes a post about feeds and links every week with care")
	var b strings.Builder
	for range 5 + s.r.IntN(20) {
		b.WriteString(words[s.r.IntN(len(words))] + " ")
	}
	if s.r.IntN(3) == 0 && len(s.posts) > 0 {
		other := strings.TrimSuffix(path.Base(s.posts[s.r.IntN(len(s.posts))]), ".md")
		fmt.Fprintf(&b, "[see](/posts/%s/) ", other)
	}
	b.WriteString("\n\n")
	return b.String()
}

func (s *editSite) write(p, data string) { writeFile(s.t, s.dir, p, data) }

func (s *editSite) read(p string) string {
	data, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(p)))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(data)
}

// setFM replaces or adds one front matter line key: value.
func (s *editSite) setFM(p, key, value string) {
	text := s.read(p)
	fm, body, _ := strings.Cut(strings.TrimPrefix(text, "---\n"), "\n---\n")
	var lines []string
	for _, l := range strings.Split(fm, "\n") {
		if !strings.HasPrefix(l, key+":") {
			lines = append(lines, l)
		}
	}
	if value != "" {
		lines = append(lines, key+": "+value)
	}
	s.write(p, "---\n"+strings.Join(lines, "\n")+"\n---\n"+body)
}

// step applies one random edit and returns its name and the changed paths.
func (s *editSite) step() (string, []string) {
	r := s.r
	if len(s.posts) < 3 {
		return s.add()
	}
	i := r.IntN(len(s.posts))
	p := s.posts[i]
	switch r.IntN(17) {
	case 0, 1:
		return s.add()
	case 2:
		s.posts = append(s.posts[:i], s.posts[i+1:]...)
		if err := os.Remove(filepath.Join(s.dir, filepath.FromSlash(p))); err != nil {
			s.t.Fatal(err)
		}
		return "delete " + p, []string{p}
	case 3:
		s.n++
		np := fmt.Sprintf("content/posts/renamed-%d.md", s.n)
		if r.IntN(2) == 0 {
			np = fmt.Sprintf("content/posts/sub%d/renamed-%d.md", r.IntN(2), s.n)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(s.dir, np)), 0o755); err != nil {
			s.t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(s.dir, p), filepath.Join(s.dir, np)); err != nil {
			s.t.Fatal(err)
		}
		s.posts[i] = np
		return "rename " + p + " " + np, []string{p, np}
	case 4:
		var tags []string
		for _, tg := range equivTags {
			if r.IntN(3) == 0 {
				tags = append(tags, fmt.Sprintf("%q", tg))
			}
		}
		s.setFM(p, "tags", "["+strings.Join(tags, ", ")+"]")
		return "retag " + p, []string{p}
	case 5:
		if strings.Contains(s.read(p), "\ndraft: true") {
			s.setFM(p, "draft", "")
		} else {
			s.setFM(p, "draft", "true")
		}
		return "draft toggle " + p, []string{p}
	case 6:
		s.setFM(p, "date", equivNow.AddDate(0, 0, r.IntN(200)-150).Format(time.RFC3339))
		return "date " + p, []string{p}
	case 7:
		s.setFM(p, "title", fmt.Sprintf("%q", fmt.Sprintf("Title %d", r.IntN(1000))))
		return "title " + p, []string{p}
	case 8:
		// Report the folder rather than the file, as for a new folder.
		s.setFM(p, "description", fmt.Sprintf("%q", fmt.Sprintf("Described %d", r.IntN(1000))))
		return "describe " + p + " (folder reported)", []string{path.Dir(p)}
	case 9:
		if r.IntN(2) == 0 {
			s.write("static/files/note.txt", fmt.Sprintf("note %d", r.IntN(1000)))
		} else {
			os.RemoveAll(filepath.Join(s.dir, "static", "files"))
		}
		return "static", []string{"static/files"}
	case 10:
		switch r.IntN(5) {
		case 0:
			s.write("themes/default/layouts/404.html", fmt.Sprintf(`{{ define "main" }}<p>missing %d</p>{{ end }}`, r.IntN(100)))
		case 1:
			// A post layout that shows its neighbours' bodies.
			s.write("themes/default/layouts/post.html", fmt.Sprintf(`{{ define "main" }}{{ .Page.Content }}<aside>{{ with .Prev }}{{ .Content }}{{ end }}{{ range .Related }}{{ .WordCount }}{{ end }}</aside><!-- %d -->{{ end }}`, r.IntN(100)))
		case 2:
			// A home page that shows the word counts of the posts it lists.
			s.write("themes/default/layouts/home.html", fmt.Sprintf(`{{ define "main" }}{{ range .Pages }}<p>{{ .Title }}: {{ .WordCount }}</p>{{ end }}<!-- %d -->{{ end }}`, r.IntN(100)))
		default:
			os.RemoveAll(filepath.Join(s.dir, "themes"))
		}
		return "template", []string{"themes"}
	case 11:
		s.write(ConfigFile, fmt.Sprintf("title = \"Equiv %d\"\nbase_url = \"https://example.com/\"\nposts_per_page = %d\n", r.IntN(3), 2+r.IntN(3)))
		return "config", []string{ConfigFile}
	case 12, 13, 14:
		// A paragraph at the end changes the body and, mostly, nothing that
		// lists show.
		s.write(p, s.read(p)+"\n"+s.paragraph())
		return "append to " + p, []string{p}
	default:
		text := s.read(p)
		fm, _, _ := strings.Cut(strings.TrimPrefix(text, "---\n"), "\n---\n")
		heading := ""
		if !strings.Contains(fm, "title:") {
			heading = fmt.Sprintf("# Heading %d\n\n", r.IntN(3))
		}
		s.write(p, "---\n"+fm+"\n---\n\n"+heading+s.body())
		return "body " + p, []string{p}
	}
}

func (s *editSite) add() (string, []string) {
	s.n++
	p := fmt.Sprintf("content/posts/post-%d.md", s.n)
	s.write(p, s.postText(fmt.Sprintf("Post %d", s.n)))
	s.posts = append(s.posts, p)
	return "add " + p, []string{p}
}

// TestIncrementalEqualsFullBuild applies random edit sequences to a site on
// disk and checks after every step that the incremental build equals a
// fresh full build byte for byte, and that Site.Changed names every output
// that differs from the previous build.
func TestIncrementalEqualsFullBuild(t *testing.T) {
	steps := 30
	if testing.Short() {
		steps = 10
	}
	bodyBuilds := 0
	for seed := uint64(*equivFirst); seed < uint64(*equivFirst+*equivSeeds); seed++ {
		for _, opts := range []Options{
			{Drafts: true, Future: true, Serve: true, Now: func() time.Time { return equivNow }, Workers: 2},
			{Now: func() time.Time { return equivNow }, Workers: 2},
		} {
			t.Run(fmt.Sprintf("seed%d/drafts=%v", seed, opts.Drafts), func(t *testing.T) {
				s := &editSite{t: t, dir: t.TempDir(), r: rand.New(rand.NewPCG(seed, 7))}
				s.write(ConfigFile, "title = \"Equiv\"\nbase_url = \"https://example.com/\"\nposts_per_page = 3\n")
				s.write("content/about.md", "---\ntitle: About\n---\n\nAbout this site.\n")
				for range 6 {
					s.add()
				}
				ctx := context.Background()
				inc := New(os.DirFS(s.dir), opts)
				prev, err := inc.Build(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				var history []string
				bodies := 0
				for i := range steps {
					name, changed := s.step()
					history = append(history, name)
					// Now and then a broken file first, which must leave the
					// builder usable.
					if s.r.IntN(10) == 0 && len(s.posts) > 0 {
						p := s.posts[s.r.IntN(len(s.posts))]
						good := s.read(p)
						s.write(p, "---\ntitle: [broken\n---\n\nx\n")
						if _, err := inc.Build(ctx, []string{p}); err == nil {
							t.Fatalf("step %d: broken front matter in %s built without error", i, p)
						}
						s.write(p, good)
						changed = append(changed, p)
						history = append(history, "break and fix "+p)
					}
					got, err := inc.Build(ctx, changed)
					want, werr := New(os.DirFS(s.dir), opts).Build(ctx, nil)
					if (err == nil) != (werr == nil) {
						t.Fatalf("after %v: incremental error %v, full build error %v", history, err, werr)
					}
					if err != nil {
						continue
					}
					if inc.bodyBuilds > bodies {
						bodies = inc.bodyBuilds
						history[len(history)-1] += " (body edit)"
					}
					compareSites(t, history, got, want)
					checkChanged(t, history, prev, got)
					prev = got
				}
				bodyBuilds += bodies
			})
		}
	}
	t.Logf("%d steps were built as body edits", bodyBuilds)
	if bodyBuilds == 0 {
		t.Error("no step was built as a body edit: the sequences miss the fast path")
	}
}

func equivBytes(t *testing.T, o *Output) []byte {
	if o.Data != nil || o.FS == nil {
		return o.Data
	}
	data, err := fs.ReadFile(o.FS, o.Source)
	if err != nil {
		t.Fatalf("read %s: %v", o.Source, err)
	}
	return data
}

func compareSites(t *testing.T, history []string, got, want *Site) {
	t.Helper()
	var diffs []string
	for p, w := range want.Files {
		g, ok := got.Files[p]
		if !ok {
			diffs = append(diffs, "missing "+p)
			continue
		}
		if gb, wb := equivBytes(t, g), equivBytes(t, w); !bytes.Equal(gb, wb) {
			diffs = append(diffs, fmt.Sprintf("differs %s:\n  incremental %s\n  full        %s", p, excerptDiff(gb, wb), excerptDiff(wb, gb)))
		}
	}
	for p := range got.Files {
		if _, ok := want.Files[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	if !reflect.DeepEqual(got.Warnings, want.Warnings) {
		diffs = append(diffs, fmt.Sprintf("warnings %q, full build %q", got.Warnings, want.Warnings))
	}
	if !got.NextScheduled.Equal(want.NextScheduled) {
		diffs = append(diffs, fmt.Sprintf("next scheduled %v, full build %v", got.NextScheduled, want.NextScheduled))
	}
	if g, w := pageFiles(got.Posts), pageFiles(want.Posts); !slices.Equal(g, w) {
		diffs = append(diffs, fmt.Sprintf("posts %q, full build %q", g, w))
	}
	if g, w := pageFiles(got.Pages), pageFiles(want.Pages); !slices.Equal(g, w) {
		diffs = append(diffs, fmt.Sprintf("pages %q, full build %q", g, w))
	}
	var gh, wh bytes.Buffer
	if err := hints.WriteJSON(&gh, got.Hints, ""); err != nil {
		t.Fatal(err)
	}
	if err := hints.WriteJSON(&wh, want.Hints, ""); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gh.Bytes(), wh.Bytes()) {
		diffs = append(diffs, fmt.Sprintf("hints:\n  incremental %s\n  full        %s", excerptDiff(gh.Bytes(), wh.Bytes()), excerptDiff(wh.Bytes(), gh.Bytes())))
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		if len(diffs) > 8 {
			diffs = diffs[:8]
		}
		t.Fatalf("after %s\nincremental build differs from a full build:\n%s", strings.Join(history, "\n  "), strings.Join(diffs, "\n"))
	}
}

func pageFiles(pages []*Page) []string {
	out := make([]string, len(pages))
	for i, p := range pages {
		out[i] = p.File
	}
	return out
}

// excerptDiff shows a's bytes around the first difference from b.
func excerptDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo, hi := max(0, i-60), min(len(a), i+60)
	return fmt.Sprintf("%q", a[lo:hi])
}

func checkChanged(t *testing.T, history []string, prev, cur *Site) {
	t.Helper()
	changed := map[string]bool{}
	for _, p := range cur.Changed {
		changed[p] = true
	}
	for p, o := range cur.Files {
		old, ok := prev.Files[p]
		if (!ok || !bytes.Equal(equivBytes(t, old), equivBytes(t, o))) && !changed[p] && o.Data != nil {
			t.Fatalf("after %s\n%s changed but Site.Changed does not name it", strings.Join(history, "\n  "), p)
		}
	}
	for p := range prev.Files {
		if _, ok := cur.Files[p]; !ok && !changed[p] {
			t.Fatalf("after %s\n%s was removed but Site.Changed does not name it", strings.Join(history, "\n  "), p)
		}
	}
}

func writeFile(t *testing.T, dir, p, data string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
