package importertest

import (
	"context"
	"fmt"
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
			gaps = append(gaps, fmt.Sprintf("query URL %s -> %s: only the redirect files serve it; the build writes nothing for it", u.Old, p.URL))
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
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(bundle), importer.CommentsFile)); err == nil {
			gaps = append(gaps, fmt.Sprintf("%s/%s: the build does not show the comments under the post", bundle, importer.CommentsFile))
		}
	}
	for _, w := range site.Warnings {
		gaps = append(gaps, "build warning: "+w)
	}
	sort.Strings(gaps)
	return gaps
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
