package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Edits is a site folder on disk that random edits are applied to, the
// kind a writer makes while kopij serve runs: new, deleted and renamed
// posts, retags, drafts, dates, titles, descriptions, bodies, static
// files, templates and kopij.toml. The tests that hold an incremental
// build to a fresh one replay them; a seed gives the same sequence.
type Edits struct {
	tb    testing.TB
	Dir   string     // the site folder
	Rand  *rand.Rand // the source of every choice, for callers that add their own
	posts []string   // site-relative paths of existing posts
	n     int        // posts ever created, for unique names
}

// EditsNow is the date the generated posts are dated around: some fall
// after it, so a build at EditsNow leaves them out as scheduled.
var EditsNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

var editTags = []string{"go", "Writing", "writing-tips", "café", "news", "Go Lang"}

// NewEdits writes a small site into dir, a configuration, an about page
// and six posts, and returns the Edits of seed over it.
func NewEdits(tb testing.TB, dir string, seed uint64) *Edits {
	s := &Edits{tb: tb, Dir: dir, Rand: rand.New(rand.NewPCG(seed, 7))}
	s.Write("kopij.toml", "title = \"Equiv\"\nbase_url = \"https://example.com/\"\nposts_per_page = 3\n")
	s.Write("content/about.md", "---\ntitle: About\n---\n\nAbout this site.\n")
	for range 6 {
		s.add()
	}
	return s
}

// Posts lists the site-relative paths of the posts there are.
func (s *Edits) Posts() []string { return slices.Clone(s.posts) }

func (s *Edits) postText(title string) string {
	r := s.Rand
	var fm strings.Builder
	// Now and then no title key: the first heading gives the title.
	headed := r.IntN(6) == 0
	if headed {
		fm.WriteString("---\n")
	} else {
		fmt.Fprintf(&fm, "---\ntitle: %q\n", title)
	}
	day := r.IntN(200) - 150 // some after EditsNow
	fmt.Fprintf(&fm, "date: %s\n", EditsNow.AddDate(0, 0, day).Add(time.Duration(r.IntN(3))*time.Hour).Format(time.RFC3339))
	if r.IntN(4) == 0 {
		fm.WriteString("draft: true\n")
	}
	var tags []string
	for _, tg := range editTags {
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
		fmt.Fprintf(&fm, "aliases: [\"/old/%s/\"]\n", strings.ReplaceAll(strings.ToLower(title), " ", "-"))
	}
	fm.WriteString("---\n\n")
	if headed {
		fmt.Fprintf(&fm, "# %s\n\n", title)
	}
	fm.WriteString(s.body())
	return fm.String()
}

func (s *Edits) body() string {
	var b strings.Builder
	for p := range 1 + s.Rand.IntN(4) {
		if p == 1 && s.Rand.IntN(2) == 0 {
			b.WriteString("<!--more-->\n\n")
		}
		if p == 2 {
			fmt.Fprintf(&b, "## Part %d\n\n", s.Rand.IntN(5))
		}
		b.WriteString(s.paragraph())
	}
	return b.String()
}

// paragraph is a few words, sometimes with a link to another post.
func (s *Edits) paragraph() string {
	words := strings.Fields("kopij reader writes a post about feeds and links every week with care")
	var b strings.Builder
	for range 5 + s.Rand.IntN(20) {
		b.WriteString(words[s.Rand.IntN(len(words))] + " ")
	}
	if s.Rand.IntN(3) == 0 && len(s.posts) > 0 {
		other := strings.TrimSuffix(path.Base(s.posts[s.Rand.IntN(len(s.posts))]), ".md")
		fmt.Fprintf(&b, "[see](/posts/%s/) ", other)
	}
	b.WriteString("\n\n")
	return b.String()
}

// Write writes a site file, creating its folder.
func (s *Edits) Write(p, data string) {
	s.tb.Helper()
	full := filepath.Join(s.Dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		s.tb.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		s.tb.Fatal(err)
	}
}

// Read reads a site file.
func (s *Edits) Read(p string) string {
	s.tb.Helper()
	data, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(p)))
	if err != nil {
		s.tb.Fatal(err)
	}
	return string(data)
}

// setFM replaces or adds one front matter line key: value.
func (s *Edits) setFM(p, key, value string) {
	text := s.Read(p)
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
	s.Write(p, "---\n"+strings.Join(lines, "\n")+"\n---\n"+body)
}

// Step applies one random edit and returns its name and the changed
// paths, as a watcher would report them (a file, or its folder).
func (s *Edits) Step() (string, []string) {
	r := s.Rand
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
		if err := os.Remove(filepath.Join(s.Dir, filepath.FromSlash(p))); err != nil {
			s.tb.Fatal(err)
		}
		return "delete " + p, []string{p}
	case 3:
		s.n++
		np := fmt.Sprintf("content/posts/renamed-%d.md", s.n)
		if r.IntN(2) == 0 {
			np = fmt.Sprintf("content/posts/sub%d/renamed-%d.md", r.IntN(2), s.n)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(s.Dir, np)), 0o755); err != nil {
			s.tb.Fatal(err)
		}
		if err := os.Rename(filepath.Join(s.Dir, p), filepath.Join(s.Dir, np)); err != nil {
			s.tb.Fatal(err)
		}
		s.posts[i] = np
		return "rename " + p + " " + np, []string{p, np}
	case 4:
		var tags []string
		for _, tg := range editTags {
			if r.IntN(3) == 0 {
				tags = append(tags, fmt.Sprintf("%q", tg))
			}
		}
		s.setFM(p, "tags", "["+strings.Join(tags, ", ")+"]")
		return "retag " + p, []string{p}
	case 5:
		if strings.Contains(s.Read(p), "\ndraft: true") {
			s.setFM(p, "draft", "")
		} else {
			s.setFM(p, "draft", "true")
		}
		return "draft toggle " + p, []string{p}
	case 6:
		s.setFM(p, "date", EditsNow.AddDate(0, 0, r.IntN(200)-150).Format(time.RFC3339))
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
			s.Write("static/files/note.txt", fmt.Sprintf("note %d", r.IntN(1000)))
		} else {
			os.RemoveAll(filepath.Join(s.Dir, "static", "files"))
		}
		return "static", []string{"static/files"}
	case 10:
		switch r.IntN(6) {
		case 0:
			s.Write("themes/default/layouts/404.html", fmt.Sprintf(`{{ define "main" }}<p>missing %d</p>{{ end }}`, r.IntN(100)))
		case 1:
			// A post layout that shows its neighbours' bodies.
			s.Write("themes/default/layouts/post.html", fmt.Sprintf(`{{ define "main" }}{{ .Page.Content }}<aside>{{ with .Prev }}{{ .Content }}{{ end }}{{ range .Related }}{{ .WordCount }}{{ end }}</aside><!-- %d -->{{ end }}`, r.IntN(100)))
		case 2:
			// A home page that shows the word counts of the posts it lists.
			s.Write("themes/default/layouts/home.html", fmt.Sprintf(`{{ define "main" }}{{ range .Pages }}<p>{{ .Title }}: {{ .WordCount }}</p>{{ end }}<!-- %d -->{{ end }}`, r.IntN(100)))
		case 3:
			// An archive that shows summaries, which the default one does not.
			s.Write("themes/default/layouts/archive.html", fmt.Sprintf(`{{ define "main" }}{{ range .Years }}{{ range .Pages }}<p>{{ .Title }}: {{ .SummaryText }}</p>{{ end }}{{ end }}<!-- %d -->{{ end }}`, r.IntN(100)))
		default:
			os.RemoveAll(filepath.Join(s.Dir, "themes"))
		}
		return "template", []string{"themes"}
	case 11:
		s.Write("kopij.toml", fmt.Sprintf("title = \"Equiv %d\"\nbase_url = \"https://example.com/\"\nposts_per_page = %d\n", r.IntN(3), 2+r.IntN(3)))
		return "config", []string{"kopij.toml"}
	case 12, 13, 14:
		// A paragraph at the end changes the body and, mostly, nothing that
		// lists show.
		s.Write(p, s.Read(p)+"\n"+s.paragraph())
		return "append to " + p, []string{p}
	default:
		text := s.Read(p)
		fm, _, _ := strings.Cut(strings.TrimPrefix(text, "---\n"), "\n---\n")
		heading := ""
		if !strings.Contains(fm, "title:") {
			heading = fmt.Sprintf("# Heading %d\n\n", r.IntN(3))
		}
		s.Write(p, "---\n"+fm+"\n---\n\n"+heading+s.body())
		return "body " + p, []string{p}
	}
}

func (s *Edits) add() (string, []string) {
	s.n++
	p := fmt.Sprintf("content/posts/post-%d.md", s.n)
	s.Write(p, s.postText(fmt.Sprintf("Post %d", s.n)))
	s.posts = append(s.posts, p)
	return "add " + p, []string{p}
}
