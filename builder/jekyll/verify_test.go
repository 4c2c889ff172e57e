package jekyll

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/builder/dates"
	"go.yaml.in/yaml/v3"
)

// TestAgainstJekyll compares this package with a real Jekyll build. It
// runs when KOPIJ_JEKYLL_VERIFY names a folder with src/ (a Jekyll site)
// and jekyll.json, written by Jekyll with testdata/verify/dump.rb in the
// site's _plugins/:
//
//	KOPIJ_DUMP=$PWD/jekyll.json jekyll build -s src -d site
//	KOPIJ_JEKYLL_VERIFY=$PWD go test -run AgainstJekyll -v ./builder/jekyll/
//
// It reports, for the posts Jekyll built, how many URLs, dates and Liquid
// outputs agree, and fails on a URL or date that does not.
func TestAgainstJekyll(t *testing.T) {
	dir := os.Getenv("KOPIJ_JEKYLL_VERIFY")
	if dir == "" {
		t.Skip("KOPIJ_JEKYLL_VERIFY is not set (see the test's comment)")
	}
	var built []struct {
		Path, URL, Date, Collection, Liquid string
	}
	b, err := os.ReadFile(filepath.Join(dir, "jekyll.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &built); err != nil {
		t.Fatal(err)
	}
	src := os.DirFS(filepath.Join(dir, "src"))
	cfgText, _ := fs.ReadFile(src, "_config.yml")
	cfg, err := ParseConfig("_config.yml", cfgText)
	if err != nil {
		t.Fatal(err)
	}
	dp := dates.Parser{Location: cfg.Location(), YAMLTimesUTC: true}

	type doc struct {
		path, collection string
		fm               map[string]any
		body             []byte
		line             int
		date             time.Time
		out              Output
	}
	docs := map[string]*doc{}
	var posts []string
	urls := map[string]string{}
	var urlOK, urlBad, dateOK, dateBad int
	for _, j := range built {
		if j.Collection == "" && !isMarkdown(j.Path) {
			urls[j.Path] = j.URL // layouts' pages (index.html, feeds) are not compared
			continue
		}
		raw, err := fs.ReadFile(src, j.Path)
		if err != nil {
			continue
		}
		d := &doc{path: j.Path, collection: j.Collection, fm: map[string]any{}}
		fmText, body, line := splitTestFrontMatter(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")))
		d.body, d.line = body, line
		var node yaml.Node
		_ = yaml.Unmarshal(fmText, &node)
		if len(node.Content) > 0 {
			_ = node.Content[0].Decode(&d.fm)
		}
		typ := "pages"
		if j.Collection != "" {
			typ = j.Collection
		}
		for k, v := range cfg.DefaultsFor(j.Path, typ) {
			if _, ok := d.fm[k]; !ok {
				d.fm[k] = v
			}
		}
		if j.Collection != "" {
			if f, ok, err := dp.FileName(j.Path); ok && err == nil {
				d.date = f.Date.Time
			}
		}
		if j.Collection == "posts" {
			if len(node.Content) > 0 {
				for i := 0; i+1 < len(node.Content[0].Content); i += 2 {
					if node.Content[0].Content[i].Value == "date" {
						if dt, err := dp.Node(node.Content[0].Content[i+1]); err == nil {
							d.date = dt.Time
						} else {
							t.Errorf("%s: %v", j.Path, err)
						}
					}
				}
			}
			posts = append(posts, j.Path)
			jd, _ := time.Parse(time.RFC3339Nano, j.Date)
			if jd.Equal(d.date) {
				dateOK++
			} else {
				dateBad++
				t.Errorf("%s: date %s, Jekyll %s", j.Path, d.date.Format(time.RFC3339), j.Date)
			}
		}
		slug, _ := d.fm["slug"].(string)
		perm, _ := d.fm["permalink"].(string)
		out, err := cfg.Locate(Doc{Path: j.Path, Collection: j.Collection, Date: d.date, Slug: slug, Categories: Categories(j.Path, d.fm), Permalink: perm})
		if err != nil {
			t.Errorf("%s: %v", j.Path, err)
		}
		d.out = out
		urls[j.Path] = out.URL
		if out.URL == j.URL {
			urlOK++
		} else {
			urlBad++
			t.Errorf("%s: URL %s, Jekyll %s", j.Path, out.URL, j.URL)
		}
		docs[j.Path] = d
	}

	var postVars []any
	sort.Slice(posts, func(i, k int) bool { return docs[posts[i]].date.After(docs[posts[k]].date) })
	for _, p := range posts {
		d := docs[p]
		postVars = append(postVars, map[string]any{"title": d.fm["title"], "url": d.out.URL, "date": d.date,
			"categories": toAnyList(Categories(p, d.fm)), "tags": d.fm["tags"]})
	}
	cfg.Vars["posts"] = postVars
	tags, cats := map[string]any{}, map[string]any{}
	for _, pv := range postVars {
		m := pv.(map[string]any)
		for _, tag := range toList(m["tags"]) {
			tags[toString(tag)] = append(toList(tags[toString(tag)]), m)
		}
		for _, c := range toList(m["categories"]) {
			cats[toString(c)] = append(toList(cats[toString(c)]), m)
		}
	}
	cfg.Vars["tags"], cfg.Vars["categories"] = tags, cats
	var pages []any
	collections := map[string][]any{}
	for _, j := range built {
		d, ok := docs[j.Path]
		if !ok {
			continue
		}
		v := map[string]any{"title": d.fm["title"], "url": d.out.URL, "path": d.path}
		for k, x := range d.fm {
			if _, ok := v[k]; !ok {
				v[k] = x
			}
		}
		if j.Collection == "" {
			pages = append(pages, v)
		} else if j.Collection != "posts" {
			v["date"] = d.date
			collections[j.Collection] = append(collections[j.Collection], v)
		}
	}
	cfg.Vars["pages"] = pages
	// Excerpts, as Jekyll makes them: the body up to excerpt_separator,
	// through Liquid and Markdown.
	excerptR := NewRenderer(Site{FS: src, Vars: cfg.Vars, BaseURL: cfg.BaseURL, Location: cfg.Location(), Posts: posts,
		URL: func(p string) (string, bool) { u, ok := urls[p]; return u, ok }})
	for i, p := range posts {
		d := docs[p]
		excerpt, _, _ := strings.Cut(string(d.body), cfg.ExcerptSep)
		res, err := excerptR.Render(Page{Path: p, Body: []byte(excerpt), Vars: d.fm})
		if err != nil {
			continue
		}
		var eh bytes.Buffer
		_ = newTestMarkdown(cfg).Convert(res.Markdown, &eh)
		postVars[i].(map[string]any)["excerpt"] = string(res.Fragments.Restore(eh.Bytes()))
	}
	for label, l := range collections {
		cfg.Vars[label] = l
	}
	md := newTestMarkdown(cfg)
	r := NewRenderer(Site{FS: src, IncludesDir: cfg.IncludesDir, Vars: cfg.Vars, BaseURL: cfg.BaseURL, AbsoluteURL: cfg.URL,
		Location: cfg.Location(), Posts: posts,
		URL: func(p string) (string, bool) {
			if u, ok := urls[p]; ok {
				return u, true
			}
			if _, err := fs.Stat(src, p); err == nil {
				return "/" + p, true // a static file is published at its path
			}
			return "", false
		},
		Markdownify: func(m string) string {
			var b bytes.Buffer
			_ = md.Convert([]byte(m), &b)
			return b.String()
		}})

	var withLiquid, same, warnings, raw, postsLiquid, postsSame int
	var diffs []string
	for _, j := range built {
		d, ok := docs[j.Path]
		if !ok || !hasLiquid(d.body) || j.Liquid == "" {
			continue
		}
		withLiquid++
		slug, _ := d.fm["slug"].(string)
		vars := Vars(d.fm, Doc{Path: d.path, Collection: d.collection, Date: SiteDate(d.date, cfg), Slug: slug, Categories: Categories(d.path, d.fm)}, d.out)
		res, err := r.Render(Page{Path: d.path, Line: d.line, Body: d.body, Vars: vars})
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		warnings += len(res.Warnings)
		for _, w := range res.Warnings {
			t.Logf("warning: %s", w)
		}
		var h bytes.Buffer
		_ = md.Convert(res.Markdown, &h)
		if s := rawLiquid(string(res.Fragments.Restore(h.Bytes()))); s != "" {
			raw++
			t.Logf("%s: raw Liquid left: %q", d.path, s)
		}
		ours := normalizeText(string(res.Fragments.Restore(res.Markdown)))
		theirs := normalizeText(j.Liquid)
		if d.collection == "posts" {
			postsLiquid++
		}
		if ours == theirs {
			same++
			if d.collection == "posts" {
				postsSame++
			}
		} else {
			diffs = append(diffs, fmt.Sprintf("%s:\n  ours:   %s\n  jekyll: %s", d.path, firstDiff(ours, theirs), firstDiff(theirs, ours)))
		}
	}
	for _, d := range diffs {
		t.Log(d)
	}
	t.Logf("%s: %d documents; URLs %d same, %d differ; post dates %d same, %d differ; Liquid in %d documents: %d same text, %d differ (posts: %d of %d same); %d warnings; raw Liquid left in %d",
		filepath.Base(dir), urlOK+urlBad, urlOK, urlBad, dateOK, dateBad, withLiquid, same, withLiquid-same, postsSame, postsLiquid, warnings, raw)
}

func isMarkdown(p string) bool {
	switch path.Ext(p) {
	case ".md", ".markdown", ".mkd", ".mkdn", ".mkdown":
		return true
	}
	return false
}

var (
	tagsRE  = regexp.MustCompile(`<[^>]*>`)
	spaceRE = regexp.MustCompile(`\s+`)
	quoteRE = strings.NewReplacer("&#34;", `"`, "&#39;", "'", "&quot;", `"`)
	// gutterRE drops line numbers, which Rouge puts in a table and chroma
	// before each line.
	gutterRE = regexp.MustCompile(`(?s)<td class="gutter gl">.*?</td>|<span class="ln">\d+</span>`)
)

// normalizeText is the text of Liquid output without tags, line numbers
// and white space, so Rouge's and chroma's markup compare equal.
func normalizeText(s string) string {
	s = gutterRE.ReplaceAllString(s, "")
	s = tagsRE.ReplaceAllString(s, "")
	s = html.UnescapeString(quoteRE.Replace(s))
	return spaceRE.ReplaceAllString(s, "")
}

// firstDiff shows a's text around where it first departs from b.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo, hi := max(0, i-40), min(len(a), i+60)
	return fmt.Sprintf("%q", a[lo:hi])
}
