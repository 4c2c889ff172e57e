package importertest

import (
	"context"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/importer"
)

// OldURL is one address the original generator published, and the
// source file it published there.
type OldURL struct {
	Source string // below the old site's root: "content/posts/x.md", "_posts/2019-02-08-x.md"
	URL    string // the path, escaped or not, base path included: "/blog/2019/02/08/x.html"
}

// Figures are what a real blog's check found.
type Figures struct {
	Posts     int      // posts the kopij build published
	OldURLs   int      // old URLs requested
	Kept      int      // answered with the post itself
	Redirects int      // answered with a redirect page to a built page
	Missing   []string // answered with nothing: "URL (source)"
	RawLeft   int      // template calls left as text in the imported Markdown
}

var refresh = regexp.MustCompile(`http-equiv="refresh" content="0; url=([^"]+)"`)

// CheckOldURLs builds the imported site in dest as kopij build would
// today (future posts included, as the old site published them) and
// requests every old URL from the output: each must answer with a page of
// the built site that is not a redirect, or with a redirect page to one.
func CheckOldURLs(t testing.TB, dest string, rep *importer.Report, old []OldURL) Figures {
	t.Helper()
	site, err := builder.Build(context.Background(), os.DirFS(dest), builder.Options{
		NoMinify: true, Future: true, Now: time.Now, Workers: 2,
	})
	if err != nil {
		t.Fatalf("build the imported site: %v", err)
	}
	base := strings.TrimSuffix(site.Config.BasePath(), "/")
	out := func(u string) string {
		if p, err := url.PathUnescape(u); err == nil {
			u = p
		}
		if pu, err := url.Parse(u); err == nil && pu.Host != "" {
			u = pu.Path
		}
		u = strings.TrimPrefix(strings.TrimPrefix(u, base), "/")
		if u == "" || strings.HasSuffix(u, "/") {
			return u + "index.html"
		}
		if path.Ext(u) == "" {
			return u + "/index.html" // a static host serves /x from x/index.html
		}
		return u
	}
	data := func(p string) (string, bool) {
		f, ok := site.Files[p]
		if !ok {
			return "", false
		}
		if f.Data == nil && f.FS != nil {
			b, _ := readFS(f)
			return string(b), true
		}
		return string(f.Data), true
	}
	fig := Figures{Posts: len(site.Posts), RawLeft: rep.RawLeft}
	for _, o := range old {
		fig.OldURLs++
		page, ok := data(out(o.URL))
		if !ok && path.Ext(o.URL) == "" && !strings.HasSuffix(o.URL, "/") {
			page, ok = data(strings.TrimSuffix(out(o.URL), "/index.html") + ".html") // /about served from about.html
		}
		if !ok {
			fig.Missing = append(fig.Missing, o.URL+" ("+o.Source+")")
			continue
		}
		m := refresh.FindStringSubmatch(page)
		if m == nil {
			fig.Kept++
			continue
		}
		if target, ok := data(out(htmlUnescape(m[1]))); ok && !refresh.MatchString(target) {
			fig.Redirects++
			continue
		}
		fig.Missing = append(fig.Missing, o.URL+" ("+o.Source+"): redirect to "+m[1]+", which is not built")
	}
	return fig
}

func readFS(f *builder.Output) ([]byte, error) {
	return fs.ReadFile(f.FS, f.Source)
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#x2b;", "+").Replace(s)
}

// ImportReal imports site (read from the real blog src) into a temporary
// folder, builds it and requests every URL in old plus the aliases the
// import answers with redirect pages, failing the test for each one not
// answered and for template calls left as text (raw names them: "shortcode
// calls", "Liquid tags"). It logs the blog's figures, with extra appended.
func ImportReal(t *testing.T, src string, site *importer.Site, old []OldURL, raw, extra string) (Figures, *importer.Report) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "site")
	rep, err := importer.Import(context.Background(), site, dest, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	redirects := 0
	for _, u := range rep.URLs { // the aliases, which the generator's list does not show
		if u.How == importer.HowRedirect {
			old = append(old, OldURL{Source: u.File, URL: u.Old})
			redirects++
		}
	}
	fig := CheckOldURLs(t, dest, rep, old)
	for i, m := range fig.Missing {
		if i < 20 {
			t.Errorf("old URL not answered: %s", m)
		}
	}
	if fig.RawLeft > 0 {
		t.Errorf("%d %s left as text", fig.RawLeft, raw)
	}
	t.Logf("%s: %d posts and %d pages imported, %d skipped; %d posts built; %d old URLs: %d kept, %d answered by a redirect, %d missing; %d aliases as redirect pages; %d %s left as text; %d conversion notes%s",
		filepath.Base(src), rep.Posts, rep.Pages, len(rep.Skipped), fig.Posts, fig.OldURLs, fig.Kept, fig.Redirects, len(fig.Missing), redirects, fig.RawLeft, raw, len(rep.Notes), extra)
	return fig, rep
}
