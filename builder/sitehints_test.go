package builder

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/kopij/kopij/builder/hints"
)

// englishBody and dutchBody are posts of well over 100 words, plainly in
// one language.
const englishBody = `Most writers open a post with background the reader did not ask for. They explain how they came to the subject, what they tried before and why it matters to them. The reader, meanwhile, is still looking for the answer that brought them to the page. Start with that answer instead. Put the one thing the reader should take away in the first two sentences, and let the background follow for those who want it. You will find that readers stay longer, not shorter, when they know from the start that the post is worth their time. Then keep each paragraph to a single thought, so that a reader on a phone can follow the argument without scrolling back. When you reach the end, tell the reader what to do next.
`

const dutchBody = `De meeste schrijvers openen een stuk met achtergrond waar de lezer niet om heeft gevraagd. Ze vertellen hoe ze bij het onderwerp kwamen, wat ze eerder hebben geprobeerd en waarom het voor hen belangrijk is. De lezer zoekt intussen nog steeds het antwoord waarvoor hij op de pagina kwam. Begin daarom met dat antwoord. Zet het ene dat de lezer moet onthouden in de eerste twee zinnen, en laat de achtergrond volgen voor wie die wil lezen. Je zult merken dat lezers langer blijven als ze vanaf het begin weten dat het stuk hun tijd waard is. Houd daarna elke alinea bij een enkele gedachte, zodat iemand op een telefoon het betoog kan volgen zonder terug te scrollen. Zeg aan het eind wat de lezer nu kan doen.
`

func hintIDs(p hints.Post) []string {
	var ids []string
	for _, h := range p.Report.Hints {
		ids = append(ids, h.ID)
	}
	return ids
}

func hintsOf(t *testing.T, s *Site, file string) hints.Post {
	t.Helper()
	for _, p := range s.Hints {
		if p.File == file {
			return p
		}
	}
	t.Fatalf("no hints for %s in %d posts", file, len(s.Hints))
	return hints.Post{}
}

// TestPostLanguage checks that a post without a declared language takes
// the language of its text, for its lang attribute, dates, theme strings
// and hints, and that a post whose text contradicts its declared language
// gets a warning naming the file.
func TestPostLanguage(t *testing.T) {
	site, err := buildMap(t, map[string]string{
		ConfigFile:                    "title = \"Blog\"\nbase_url = \"https://example.com/\"\nlanguage = \"nl\"\n",
		"content/posts/engels.md":     "---\ntitle: Start with the answer\ndate: 2024-03-05\n---\n" + englishBody,
		"content/posts/nederlands.md": "---\ntitle: Begin met het antwoord\ndate: 2024-03-06\n---\n" + dutchBody,
		"content/posts/verkeerd.md":   "---\ntitle: Start with the answer\ndate: 2024-03-07\nlang: nl\n---\n" + englishBody,
		"content/posts/bestand.nl.md": "---\ntitle: Start with the answer\ndate: 2024-03-08\n---\n" + englishBody,
		"content/posts/kort.md":       "---\ntitle: Kort\ndate: 2024-03-09\n---\nJust a few words here.\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	page := func(p string) string { return string(outputBytes(t, site.Files[p])) }
	en := page("posts/engels/index.html")
	for _, want := range []string{`<article class="post wrap" lang="en">`, "March 5, 2024", "min read"} {
		if !strings.Contains(en, want) {
			t.Errorf("English post on a Dutch site: page lacks %q", want)
		}
	}
	if h := hintsOf(t, site, "content/posts/engels.md"); h.Lang != "en" || h.Report.Lang != "en" || strings.Contains(strings.Join(hintIDs(h), " "), "lang-mismatch") {
		t.Errorf("English post: lang %s, hints in %s, hints %v; want en, en, no lang-mismatch", h.Lang, h.Report.Lang, hintIDs(h))
	}
	nl := page("posts/nederlands/index.html")
	if !strings.Contains(nl, `lang="nl"`) || !strings.Contains(nl, "6 maart 2024") {
		t.Errorf("Dutch post on a Dutch site is not shown in Dutch")
	}
	if h := hintsOf(t, site, "content/posts/kort.md"); h.Lang != "nl" {
		t.Errorf("a post too short to judge has lang %s, want the site's nl", h.Lang)
	}
	var warned []string
	for _, w := range site.Warnings {
		if strings.Contains(w, "reads as English") {
			warned = append(warned, w)
		}
	}
	if len(warned) != 2 || !strings.HasPrefix(warned[0], "content/posts/bestand.nl.md:1: ") || !strings.HasPrefix(warned[1], "content/posts/verkeerd.md:4: ") {
		t.Errorf("warnings about the declared language: %q, want bestand.nl.md:1 and verkeerd.md:4", warned)
	}
	if !strings.Contains(page("posts/verkeerd/index.html"), `lang="nl"`) {
		t.Errorf("a declared language is kept on the page")
	}
}

// TestMigratedFrontMatter checks how posts moved from Jekyll and Hugo are
// judged: an excerpt or summary is a description, an empty title is a
// hint even though the page shows the file name.
func TestMigratedFrontMatter(t *testing.T) {
	site, err := buildMap(t, map[string]string{
		ConfigFile: "title = \"Blog\"\nbase_url = \"https://example.com/\"\n",
		"content/posts/2019-01-02-jekyll-post.md": "---\ntitle: A Jekyll post\nexcerpt: How one blog moved house without losing a single reader.\n---\n" + englishBody,
		"content/posts/hugo-post.md":              "---\ntitle: A Hugo post\ndate: 2019-01-03\nsummary: How one blog moved house without losing a single reader.\n---\n" + englishBody,
		"content/posts/bare-post.md":              "---\ntitle: A bare post\ndate: 2019-01-04\n---\n" + englishBody,
		"content/posts/no-title.md":               "---\ntitle: ''\ndate: 2019-01-05\n---\n" + englishBody,
	})
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]bool{
		"content/posts/2019-01-02-jekyll-post.md": false,
		"content/posts/hugo-post.md":              false,
		"content/posts/bare-post.md":              true,
	} {
		got := strings.Contains(" "+strings.Join(hintIDs(hintsOf(t, site, file)), " ")+" ", " description-missing ")
		if got != want {
			t.Errorf("%s: description-missing %v, want %v", file, got, want)
		}
	}
	h := hintsOf(t, site, "content/posts/no-title.md")
	if h.Title != "No title" || len(h.Report.Hints) == 0 || h.Report.Hints[0].ID != "title-missing" ||
		!strings.Contains(h.Report.Hints[0].Message, "empty") || !strings.Contains(h.Report.Hints[0].Message, `"No title"`) {
		t.Errorf("title: '': title %q, hints %+v; want the file name shown and a title-missing hint saying the title is empty", h.Title, h.Report.Hints)
	}
}

// TestLinksThroughAliases checks that internal and inbound links are found
// however a migrated blog wrote them: by alias, with the blog's own domain
// over http or https, as an old .html address, relative, and to the
// post's Markdown file.
func TestLinksThroughAliases(t *testing.T) {
	post := func(title, date, extra, links string) string {
		return "---\ntitle: " + title + "\ndate: " + date + "\n" + extra + "---\n" + englishBody + "\n" + links + "\n"
	}
	site, err := buildMap(t, map[string]string{
		ConfigFile:                "title = \"Blog\"\nbase_url = \"https://myblog.example/\"\npermalink = \"/:year/:month/:slug/\"\n",
		"content/posts/target.md": post("Target", "2019-01-10", "aliases: [/2019/01/old-target.html]\n", ""),
		"content/posts/by-alias.md": post("By alias", "2019-02-01", "",
			"Read [the old one](https://myblog.example/2019/01/old-target.html)."),
		"content/posts/by-domain.md": post("By domain", "2019-02-02", "",
			"Read [it](http://www.myblog.example/2019/01/target/#top)."),
		"content/posts/by-html.md": post("By html", "2019-02-03", "",
			"Read [it](/2019/01/target.html?ref=x)."),
		"content/posts/relative.md": post("Relative", "2019-02-04", "",
			"Read [it](../../01/target/) and [elsewhere](https://other.example/2019/01/target/) and [mail](mailto:a@myblog.example)."),
		"content/posts/by-file.md": post("By file", "2019-02-05", "",
			"Read [it](target.md#part) and [the missing one](gone.md)."),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := hintsOf(t, site, "content/posts/target.md").Report.Metrics.InboundLinks; got != 5 {
		t.Errorf("target has %d inbound links, want 5 (alias, own domain, .html, relative, source file)", got)
	}
	for _, f := range []string{"by-alias", "by-domain", "by-html", "relative", "by-file"} {
		if got := hintsOf(t, site, "content/posts/"+f+".md").Report.Metrics.InternalLinks; got != 1 {
			t.Errorf("%s has %d internal links, want 1", f, got)
		}
	}
}

func TestResolveSource(t *testing.T) {
	byURL := postURLs("/", []*Page{{File: "content/posts/2019/a.md", URL: "/a/"}, {File: "content/posts/b.md", URL: "/b/"}})
	for link, want := range map[string]string{
		"b.md": "", "../b.md": "content/posts/b.md", "../b.md#x": "content/posts/b.md", "a.md": "content/posts/2019/a.md",
		"/posts/b.md": "content/posts/b.md", "/content/posts/2019/a.md": "content/posts/2019/a.md",
		"https://example.com/b.md": "", "../b.txt": "", "../../../../b.md": "",
	} {
		got, ok := resolveSource(link, "content/posts/2019/a.md", byURL)
		if got != want || ok != (want != "") {
			t.Errorf("resolveSource(%q) = %q, %v; want %q", link, got, ok, want)
		}
	}
}

func TestResolveInternal(t *testing.T) {
	byURL := postURLs("/blog/", []*Page{
		{File: "a.md", URL: "/blog/2019/01/a/", Aliases: []string{"/old/a.html"}},
		{File: "b.md", URL: "/blog/b.html"},
	})
	origin := "https://myblog.example"
	tests := []struct {
		link, want string
	}{
		{"/blog/2019/01/a/", "a.md"},
		{"/blog/2019/01/a", "a.md"},
		{"/blog/2019/01/a/index.html", "a.md"},
		{"/blog/2019/01/a.html", "a.md"},
		{"/2019/01/a/", "a.md"}, // written before the blog moved under /blog/
		{"/blog/old/a.html", "a.md"},
		{"/old/a.html", "a.md"},
		{"https://myblog.example/blog/2019/01/a/", "a.md"},
		{"HTTP://WWW.MyBlog.example/old/a.html#x", "a.md"},
		{"//myblog.example/blog/b.html", "b.md"},
		{"../../../b.html", "b.md"},
		{"https://myblog.example.evil/blog/b.html", ""},
		{"https://other.example/blog/b.html", ""},
		{"ftp://myblog.example/blog/b.html", ""},
		{"mailto:me@myblog.example", ""},
		{"#top", ""},
		{"/blog/c/", ""},
	}
	for _, tt := range tests {
		got, ok := resolveInternal(tt.link, "/blog/2019/01/a/", origin, byURL)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("resolveInternal(%q) = %q, %v; want %q", tt.link, got, ok, tt.want)
		}
	}
}

// TestPostLanguageAgreement runs every labelled post of
// langdetect/testdata through the builder without a lang key, on a site
// whose language is another one and on a site in its own, and reports how
// often the post gets its label's language. A site's language must never
// talk a post out of the language it is written in.
func TestPostLanguageAgreement(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("langdetect", "testdata", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no labelled posts: %v", err)
	}
	ok, n := 0, 0
	for _, f := range files {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range a.Files {
			want, _, _ := strings.Cut(x.Name, "/")
			for _, site := range []string{"en", "nl", want} {
				if site == want && site != "en" && site != "nl" {
					continue
				}
				cfg := DefaultConfig()
				cfg.Language = site
				p, err := parsePage(&cfg, newMarkdown(cfg.Markdown), "content/posts/x.md", []byte("---\ntitle: Post\n---\n"+string(x.Data)))
				if err != nil {
					t.Fatal(err)
				}
				n++
				if p.Lang == want {
					ok++
				} else {
					t.Logf("miss: %s on a %s site is %s", x.Name, site, p.Lang)
				}
			}
		}
	}
	pct := 100 * float64(ok) / float64(n)
	t.Logf("post language agreement on labelled posts of 100+ words: %d/%d = %.1f%%", ok, n, pct)
	if pct < 95 {
		t.Errorf("post language agreement %.1f%%, want at least 95%%", pct)
	}
}
