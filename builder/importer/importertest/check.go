package importertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/importer"
	html5 "golang.org/x/net/html"
)

// CheckBuild builds the imported site in dest with builder.Build, as kopij
// build would on the day of the golden clock, and checks what a reader of
// the old blog meets: every published post is built at its url, every old
// URL answers with the post or a redirect page to it, every image a post
// shows is where its page links to it. It fails the test for what the
// builder should do today and does not, and returns, sorted, what the
// builder cannot do yet (the gaps), one line each, with the build's
// warnings.
func CheckBuild(t testing.TB, dest string, rep *importer.Report) []string {
	t.Helper()
	site, err := builder.Build(context.Background(), os.DirFS(dest), builder.Options{
		NoMinify: true, Now: func() time.Time { return Now }, Workers: 2,
	})
	if err != nil {
		t.Fatalf("build the imported site: %v", err)
	}
	byFile := map[string]*builder.Page{}
	for _, p := range append(append([]*builder.Page(nil), site.Posts...), site.Pages...) {
		byFile[p.File] = p
	}
	base := basePath(site.Config.BaseURL)
	out := func(u string) string { // a site path to its output file
		u = strings.TrimPrefix(strings.TrimPrefix(u, strings.TrimSuffix(base, "/")), "/")
		if u == "" || strings.HasSuffix(u, "/") {
			return u + "index.html"
		}
		return u
	}
	has := func(p string) bool { _, ok := site.Files[p]; return ok }
	content := func(p string) string {
		if f, ok := site.Files[p]; ok {
			return string(f.Data)
		}
		return ""
	}
	var gaps []string
	for _, u := range rep.URLs {
		p := byFile[u.File]
		if p == nil {
			if !isFuture(dest, u.File) {
				t.Errorf("%s was imported but not built", u.File)
			}
			continue
		}
		switch u.How {
		case importer.HowSame:
			if page := content(out(p.URL)); page == "" || strings.Contains(page, `http-equiv="refresh"`) {
				t.Errorf("old URL %s: %s is not the page of %s", u.Old, out(p.URL), u.File)
			}
		case importer.HowRedirect:
			page := content(out(u.Old))
			if !strings.Contains(page, (&url.URL{Path: p.URL}).EscapedPath()) && !strings.Contains(page, p.URL) {
				t.Errorf("old URL %s: no redirect page to %s at %s", u.Old, p.URL, out(u.Old))
			}
		case importer.HowQuery:
			checkQuery(t, site, u.Old, p.URL, content)
		default:
			gaps = append(gaps, fmt.Sprintf("old URL %s of %s is not kept", u.Old, u.File))
		}
	}
	for file, p := range byFile {
		bundle := path.Dir(file)
		for _, name := range localLinks(filepath.Join(dest, filepath.FromSlash(file))) {
			dir := p.URL
			if !strings.HasSuffix(dir, "/") {
				dir = path.Dir(dir) + "/"
			}
			want := out(dir + name)
			if !has(want) {
				gaps = append(gaps, fmt.Sprintf("%s: %s is linked as %s but the build wrote it to %s", file, name, want, copiedTo(site, bundle+"/"+name)))
			}
		}
		if data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(bundle), builder.CommentsFile)); err == nil {
			checkComments(t, site, bundle, data, content(out(p.URL)))
		}
	}
	gaps = append(gaps, checkLinks(t, site, base, rep)...)
	checkOldTerms(t, site, has)
	for _, w := range site.Warnings {
		gaps = append(gaps, "build warning: "+w)
	}
	sort.Strings(gaps)
	return gaps
}

// checkQuery checks that the old address old ("/?p=12") redirects to the
// page at target: a forced _redirects rule for Netlify, and an entry of
// redirects.json, which the home and 404 pages load, for other hosts.
func checkQuery(t testing.TB, site *builder.Site, old, target string, content func(string) string) {
	t.Helper()
	u, err := url.Parse(old)
	if err != nil {
		t.Errorf("query URL %s: %v", old, err)
		return
	}
	var params []string
	for k, vs := range u.Query() {
		for _, v := range vs {
			params = append(params, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	sort.Strings(params)
	from := u.Path
	if from == "" {
		from = "/"
	}
	rule := strings.Join(append(append([]string{(&url.URL{Path: from}).EscapedPath()}, params...), (&url.URL{Path: target}).EscapedPath(), "301!"), " ")
	if !strings.Contains("\n"+content("_redirects")+"\n", "\n"+rule+"\n") {
		t.Errorf("query URL %s: _redirects lacks the rule %q", old, rule)
	}
	var list []struct{ From, To string }
	if err := json.Unmarshal([]byte(content("redirects.json")), &list); err != nil {
		t.Errorf("query URL %s: redirects.json: %v", old, err)
	}
	found := false
	for _, r := range list {
		if r.To == target {
			if ru, err := url.Parse(r.From); err == nil && ru.Path == from && ru.Query().Encode() == u.Query().Encode() {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("query URL %s: redirects.json does not send it to %s", old, target)
	}
	for _, page := range []string{"index.html", "404.html"} {
		if !strings.Contains(content(page), "redirects.json") {
			t.Errorf("query URL %s: %s has no script for redirects.json", old, page)
		}
	}
}

// checkOldTerms checks that the old blog's addresses of every tag,
// category and the feed answer: a redirect page or the feed itself, and a
// _redirects rule.
func checkOldTerms(t testing.TB, site *builder.Site, has func(string) bool) {
	t.Helper()
	rules := ""
	if f, ok := site.Files["_redirects"]; ok {
		rules = string(f.Data)
	}
	var olds []string
	switch site.Config.Redirects.Platform {
	case "wordpress":
		olds = append(olds, "/feed/")
		for _, p := range site.Posts {
			for _, tag := range p.Tags {
				olds = append(olds, "/tag/"+builder.Slugify(tag)+"/")
			}
			for _, c := range p.Categories {
				olds = append(olds, "/category/"+builder.Slugify(c)+"/")
			}
		}
	case "blogger":
		olds = append(olds, "/feeds/posts/default")
		for _, p := range site.Posts {
			for _, tag := range append(append([]string(nil), p.Tags...), p.Categories...) {
				if !strings.ContainsAny(tag, "/\\?#%") {
					olds = append(olds, "/search/label/"+tag)
				}
			}
		}
	}
	for _, old := range olds {
		p, _ := site.OutputPath(strings.TrimSuffix(site.Config.BasePath(), "/") + old)
		if !has(p) && !has(p+"/index.html") {
			t.Errorf("old address %s: the build wrote nothing at %s", old, p)
		}
		if !strings.Contains(rules, (&url.URL{Path: strings.TrimSuffix(site.Config.BasePath(), "/") + old}).EscapedPath()+" ") {
			t.Errorf("old address %s: no _redirects rule", old)
		}
	}
}

// checkComments checks that the post page of bundle shows every comment
// of its comments.yaml (data) and that the file is not published.
func checkComments(t testing.TB, site *builder.Site, bundle string, data []byte, page string) {
	t.Helper()
	doc, err := builder.ParseComments(bundle+"/"+builder.CommentsFile, data)
	if err != nil {
		t.Errorf("imported comments do not parse: %v", err)
		return
	}
	for _, c := range doc.Comments {
		if !strings.Contains(page, `id="comment-`+builder.Slugify(c.ID)+`"`) || !strings.Contains(page, html.EscapeString(c.Author)) {
			t.Errorf("%s: comment %s by %s is not on the post page", bundle, c.ID, c.Author)
		}
	}
	if f := copiedTo(site, bundle+"/"+builder.CommentsFile); f != "nowhere" {
		t.Errorf("%s/%s is published as %s", bundle, builder.CommentsFile, f)
	}
}

// checkLinks checks that every link, image, script and stylesheet of
// every built HTML page that points into the site names a file the build
// wrote, as a static host would serve it. A relative address that does
// not fails the test; an absolute one on the site's host, left as the old
// blog had it (an image that could not be fetched, a page not imported),
// is a gap. So is a link the import report names as a file the old site
// did not have either.
func checkLinks(t testing.TB, site *builder.Site, base string, rep *importer.Report) (gaps []string) {
	t.Helper()
	reported := map[string]bool{}
	if rep != nil {
		for _, m := range rep.FilesMissing {
			reported[m.URL] = true
		}
	}
	baseURL, err := url.Parse(site.Config.BaseURL)
	if err != nil {
		t.Fatalf("base_url: %v", err)
	}
	names := make([]string, 0, len(site.Files))
	for p := range site.Files {
		if f := site.Files[p]; strings.HasSuffix(p, ".html") && !bytes.HasPrefix(f.Data, []byte("<?xml")) { // an old feed address serves the feed
			names = append(names, p)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		pageURL := baseURL.ResolveReference(&url.URL{Path: strings.TrimSuffix(base, "/") + "/" + strings.TrimSuffix(name, "index.html")})
		for _, ref := range pageRefs(site.Files[name].Data) {
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: unreadable address %q", name, ref)
				continue
			}
			abs := pageURL.ResolveReference(u)
			if abs.Host != baseURL.Host || (abs.Scheme != "http" && abs.Scheme != "https") || (u.Path == "" && u.Host == "") {
				continue // another site, mailto:, or a fragment of this page
			}
			p, ok := site.OutputPath(abs.Path)
			if !ok {
				t.Errorf("%s: %s points outside the site", name, ref)
				continue
			}
			if _, ok := site.Files[p]; !ok {
				if _, ok := site.Files[p+"/index.html"]; !ok {
					if reported[ref] {
						gaps = append(gaps, fmt.Sprintf("%s: %s is missing, as the report says", name, ref))
					} else if u.IsAbs() {
						gaps = append(gaps, fmt.Sprintf("%s: %s is on the site's host but the build did not write %s", name, ref, p))
					} else {
						t.Errorf("%s: %s resolves to %s, which the build did not write", name, ref, p)
					}
				}
			}
		}
	}
	return gaps
}

// pageRefs lists the href and src addresses of an HTML page.
func pageRefs(data []byte) []string {
	var refs []string
	z := html5.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html5.ErrorToken:
			return refs
		case html5.StartTagToken, html5.SelfClosingTagToken:
			tag, more := z.TagName()
			if string(tag) == "base" {
				continue
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if string(k) == "href" || string(k) == "src" {
					refs = append(refs, string(v))
				}
			}
		}
	}
}

// copiedTo is the output path of a copied source file, or "nowhere".
func copiedTo(site *builder.Site, src string) string {
	for p, f := range site.Files {
		if f.Source == src {
			return p
		}
	}
	return "nowhere"
}

var localLink = regexp.MustCompile(`\]\(([^)\s:/"#]+)(?:\s+"[^"]*")?\)`)

// localLinks lists the bundle files a post's Markdown links to.
func localLinks(file string) []string {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, m := range localLink.FindAllStringSubmatch(string(data), -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// isFuture reports a post dated after the golden clock, which the build
// rightly leaves out.
func isFuture(dest, file string) bool {
	data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(file)))
	if err != nil {
		return false
	}
	m := regexp.MustCompile(`(?m)^date: (\S+)`).FindStringSubmatch(string(data))
	if m == nil {
		return false
	}
	d, err := time.Parse(time.RFC3339, m[1])
	return err == nil && d.After(Now)
}

func basePath(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}
