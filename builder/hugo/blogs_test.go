package hugo

import (
	"encoding/csv"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

var (
	blogs       = flag.String("blogs", "", "with -hugo: comma-separated Hugo site folders to compare URLs and shortcode output with Hugo's")
	blogsUnsafe = flag.Bool("blogs-unsafe", false, "with -blogs: render raw HTML on both sides, to compare what {{% %}} templates write")
)

// TestHugoBlogs compares, for real Hugo sites, every URL with Hugo's
// "hugo list all" and the output of every shortcode with what Hugo
// renders, and logs the agreement. It needs the hugo binary and the sites:
//
//	go test -run TestHugoBlogs -v -hugo=$(which hugo) -blogs=DIR1,DIR2
//
// The site folders are copied; the copies keep only the shortcode
// templates of their layouts (and of their themes), so that Hugo renders
// just .Content, in which every top-level shortcode call is wrapped in
// markers to find its output on both sides.
func TestHugoBlogs(t *testing.T) {
	if *hugoBin == "" || *blogs == "" {
		t.Skip("set -hugo=PATH and -blogs=DIR,... to compare with Hugo on real sites")
	}
	for _, dir := range strings.Split(*blogs, ",") {
		t.Run(filepath.Base(dir), func(t *testing.T) { compareBlog(t, dir) })
	}
}

type blogPage struct {
	file    string // below the site root
	content Content
	page    *Page
	body    string // body with markers
	calls   []string
	nodes   []*Shortcode
}

func compareBlog(t *testing.T, src string) {
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	cfg, err := ReadConfig(os.DirFS(tmp))
	if err != nil {
		t.Fatal(err)
	}
	layouts := pruneLayouts(t, tmp, cfg)
	if *blogsUnsafe {
		cfg.Unsafe = true
	}

	// Read the content and wrap each top-level call in markers.
	var pages []*blogPage
	contentRoot := filepath.Join(tmp, cfg.ContentDir)
	err = filepath.WalkDir(contentRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		raw, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(contentRoot, p)
		rel = filepath.ToSlash(rel)
		fm, body, bodyLine := splitPage(t, rel, string(raw))
		bp := &blogPage{file: path.Join(cfg.ContentDir, rel)}
		bp.content = Content{Path: rel, Title: str(fm["title"]), Slug: str(fm["slug"]), URL: str(fm["url"]), Date: testDate(firstOf(fm, "date", "publishdate", "pubdate", "published", "lastmod", "modified"))}
		bp.page = &Page{File: bp.file, Path: rel, BodyLine: bodyLine, Title: bp.content.Title, Params: fm, Date: bp.content.Date, Section: strings.SplitN(rel, "/", 2)[0], Slug: bp.content.Slug}
		bp.body, bp.calls, bp.nodes = addMarkers(body)
		if path.Base(rel) == "index.md" {
			bp.page.Resources = bundleFiles(filepath.Dir(p))
		}
		if len(bp.calls) > 0 {
			if err := os.WriteFile(p, []byte(string(raw[:len(raw)-len(body)])+bp.body), 0o644); err != nil {
				return err
			}
		}
		pages = append(pages, bp)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Hugo's URLs and pages.
	list := runHugo(t, tmp, "list", "all")
	skipped := buildWithHugo(t, tmp)
	rows, err := csv.NewReader(strings.NewReader(list)).ReadAll()
	if err != nil || len(rows) < 1 {
		t.Fatalf("hugo list all: %v", err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	hugoURL := map[string]string{}
	for _, r := range rows[1:] {
		hugoURL[filepath.ToSlash(r[col["path"]])] = r[col["permalink"]]
	}

	var contents []Content
	for _, bp := range pages {
		contents = append(contents, bp.content)
	}
	router, err := NewRouter(cfg.URLConfig(), contents)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(cfg.BaseURL)
	basePath := strings.TrimSuffix(base.Path, "/")
	urlsSame, urlsAll := 0, 0
	var sitePages []*Page
	for _, bp := range pages {
		ours := basePath + router.URL(bp.content)
		bp.page.RelPermalink = ours
		for i := range bp.page.Resources {
			bp.page.Resources[i].RelPermalink = ours + bp.page.Resources[i].Name
		}
		bp.page.Permalink = strings.TrimSuffix(cfg.BaseURL, "/") + strings.TrimPrefix(ours, basePath)
		sitePages = append(sitePages, bp.page)
		theirs, ok := hugoURL[bp.file]
		if !ok {
			continue
		}
		urlsAll++
		u, _ := url.Parse(theirs)
		if u != nil && u.Path == ours {
			urlsSame++
		} else {
			t.Logf("URL %s: hugo %s, kopij %s", bp.file, theirs, ours)
		}
	}

	// Shortcode output.
	eng, err := NewEngine(&Site{Title: cfg.Title, BaseURL: cfg.BaseURL, Params: cfg.Params, Pages: sitePages},
		Options{Layouts: layouts, Markdown: testMarkdown(cfg.Unsafe)})
	if err != nil {
		t.Fatal(err)
	}
	for name, err := range eng.TemplateErrors() {
		t.Logf("template %s: %v", name, err)
	}
	md := testMarkdown(cfg.Unsafe)
	type tally struct{ same, differ, byDesign, omitted, dedented, ourError, notBuilt int }
	byName := map[string]*tally{}
	rawLeft := 0
	for _, bp := range pages {
		if len(bp.calls) == 0 {
			continue
		}
		theirs, err := os.ReadFile(hugoOutput(tmp, bp, hugoURL, basePath))
		ours, x, expErr := renderPage(t, eng, md, bp.page, bp.body)
		if expErr != nil {
			t.Logf("%v", expErr)
		}
		for _, w := range x.Warnings {
			t.Logf("warning %s", w)
		}
		rawLeft += strings.Count(ours, "{{&lt;") + strings.Count(ours, "{{%") - strings.Count(bp.body, "{{</*") - strings.Count(bp.body, "{{%/*")
		for i, name := range bp.calls {
			tl := byName[name]
			if tl == nil {
				tl = &tally{}
				byName[name] = tl
			}
			if err != nil {
				tl.notBuilt++
				continue
			}
			h, okH := between(string(theirs), i)
			o, okO := between(ours, i)
			switch {
			case !okO:
				tl.ourError++
				t.Logf("%s: shortcode %s #%d: no output markers in kopij's page", bp.file, name, i)
			case !okH:
				tl.notBuilt++
			case normalize(h) == normalize(o):
				tl.same++
			case isEmbed(name, eng) && strings.Contains(o, embedID(bp.nodes[i])):
				tl.byDesign++
			case name == "highlight" && plainText(h) == plainText(o):
				tl.byDesign++
			case strings.Contains(h, "raw HTML omitted") && !strings.Contains(o, "raw HTML omitted"):
				tl.omitted++
			case normalize(codeRe.ReplaceAllString(h, "")) == normalize(o):
				tl.dedented++
			default:
				tl.differ++
				t.Logf("%s: shortcode %s #%d differs\n hugo:  %.400s\n kopij: %.400s", bp.file, name, i, normalize(h), normalize(o))
			}
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	var total, same, design, omitted int
	var b strings.Builder
	for _, n := range names {
		tl := byName[n]
		fmt.Fprintf(&b, "  %-14s same %d, differ %d, click-to-load or highlight classes by design %d, HTML Hugo omits (unsafe off) %d, template indentation Hugo makes code %d, kopij left out %d, not built by hugo %d\n", n, tl.same, tl.differ, tl.byDesign, tl.omitted, tl.dedented, tl.ourError, tl.notBuilt)
		total += tl.same + tl.differ + tl.byDesign + tl.omitted + tl.dedented + tl.ourError
		same += tl.same
		design += tl.byDesign
		omitted += tl.omitted
	}
	t.Logf("%s: URLs %d/%d agree; shortcodes compared %d: same %d, by design %d, HTML Hugo omits %d; raw shortcode text left %d; files Hugo itself cannot render %d\n%s",
		filepath.Base(src), urlsSame, urlsAll, total, same, design, omitted, rawLeft, skipped, b.String())
}

// bundleFiles lists the files of a page bundle other than its Markdown.
func bundleFiles(dir string) []Resource {
	var out []Resource
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, Resource{Name: filepath.ToSlash(rel)})
		return nil
	})
	return out
}

func firstOf(m map[string]any, keys ...string) any {
	for _, k := range keys {
		if v, ok := m[k]; ok {
			return v
		}
	}
	return nil
}

// isEmbed reports whether name renders as kopij's click-to-load link.
func isEmbed(name string, e *Engine) bool {
	switch name {
	case "youtube", "vimeo", "gist", "x", "tweet", "twitter", "instagram":
		_, site := e.files[name]
		return !site || !e.opt.SiteEmbeds
	}
	return false
}

// pruneLayouts keeps only shortcode templates (and the partials they call)
// in the site's and its themes' layouts, writes layouts that render just
// .Content, and returns the shortcode templates as one fs, site over theme.
func pruneLayouts(t *testing.T, root string, cfg *Config) fs.FS {
	t.Helper()
	merged := fstest.MapFS{}
	var dirs []string
	for _, th := range cfg.Theme {
		dirs = append(dirs, filepath.Join(root, "themes", th, "layouts"))
	}
	dirs = append(dirs, filepath.Join(root, cfg.LayoutDir))
	partialRe := regexp.MustCompile(`partial "([^"]+)"`)
	for _, dir := range dirs {
		keep := map[string][]byte{}
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(dir, p)
			rel = filepath.ToSlash(rel)
			if strings.HasPrefix(rel, "shortcodes/") || strings.HasPrefix(rel, "_shortcodes/") {
				data, _ := os.ReadFile(p)
				keep[rel] = data
				for _, m := range partialRe.FindAllStringSubmatch(string(data), -1) {
					for _, pd := range []string{"partials/", "_partials/"} {
						if pdata, err := os.ReadFile(filepath.Join(dir, pd+m[1])); err == nil {
							keep[pd+m[1]] = pdata
						}
					}
				}
			}
			return nil
		})
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for rel, data := range keep {
			p := filepath.Join(dir, filepath.FromSlash(rel))
			_ = os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			merged[rel] = &fstest.MapFile{Data: data}
		}
	}
	site := filepath.Join(root, cfg.LayoutDir)
	for _, name := range []string{"_default/single.html", "_default/list.html", "index.html"} {
		p := filepath.Join(site, filepath.FromSlash(name))
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("{{ .Content }}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return merged
}

var failedFile = regexp.MustCompile(`render of "([^"]+\.md)" failed`)

// buildWithHugo builds the site into public-kopij. A content file Hugo
// itself fails on (with its current version) is moved aside, and the build
// retried; it returns how many were.
func buildWithHugo(t *testing.T, dir string) int {
	t.Helper()
	for skipped := 0; skipped < 50; skipped++ {
		cmd := exec.Command(*hugoBin, "--logLevel", "error", "--destination", filepath.Join(dir, "public-kopij"), "--disableKinds", "rss,sitemap,robotstxt,404,taxonomy,term")
		cmd.Dir = dir
		if *blogsUnsafe {
			cmd.Env = append(os.Environ(), "HUGO_MARKUP_GOLDMARK_RENDERER_UNSAFE=true")
		}
		out, err := cmd.CombinedOutput()
		if err == nil {
			return skipped
		}
		m := failedFile.FindStringSubmatch(string(out))
		if m == nil {
			t.Fatalf("hugo: %v\n%s", err, out)
		}
		t.Logf("hugo cannot render %s: %.300s", m[1], out)
		if err := os.Rename(m[1], m[1]+".skipped"); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("hugo fails on too many files")
	return 0
}

func runHugo(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(*hugoBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HUGO_ENVIRONMENT=production")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("hugo %v: %v\n%s", args, err, stderr.String())
	}
	return string(out)
}

// hugoOutput is the file Hugo wrote for a page.
func hugoOutput(root string, bp *blogPage, hugoURL map[string]string, basePath string) string {
	u, err := url.Parse(hugoURL[bp.file])
	if err != nil || u.Path == "" {
		return filepath.Join(root, "public-kopij", "missing")
	}
	p := strings.TrimPrefix(u.Path, basePath)
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return filepath.Join(root, "public-kopij", filepath.FromSlash(p))
}

// splitPage splits front matter from the body and returns the line the
// body starts on.
func splitPage(t *testing.T, name, s string) (map[string]any, string, int) {
	for _, d := range []string{"---", "+++"} {
		if !strings.HasPrefix(s, d+"\n") && !strings.HasPrefix(s, d+"\r\n") {
			continue
		}
		end := strings.Index(s[3:], "\n"+d)
		if end < 0 {
			break
		}
		fmEnd := 3 + end + 1 + len(d)
		rest := s[fmEnd:]
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			rest = rest[i+1:]
		} else {
			rest = ""
		}
		fm := frontMatter(t, name, []byte(s[:len(s)-len(rest)]))
		return fm, rest, 1 + strings.Count(s[:len(s)-len(rest)], "\n")
	}
	return map[string]any{}, s, 1
}

// addMarkers wraps every top-level shortcode call in KPJA<n> ... KPJB<n>:
// on lines of their own when the call stands on its own lines.
func addMarkers(body string) (string, []string, []*Shortcode) {
	nodes, _ := Parse([]byte(body))
	var b strings.Builder
	var names []string
	var calls []*Shortcode
	for _, n := range nodes {
		switch n := n.(type) {
		case Text:
			b.WriteString(n.Value)
		case *Shortcode:
			i := len(names)
			names = append(names, n.Name)
			calls = append(calls, n)
			call := body[n.Pos:n.End]
			block := (n.Pos == 0 || body[n.Pos-1] == '\n') && (n.End == len(body) || body[n.End] == '\n' || body[n.End] == '\r') && n.Indent == ""
			if block {
				fmt.Fprintf(&b, "KPJA%dZ\n\n%s\n\nKPJB%dZ", i, call, i)
			} else {
				fmt.Fprintf(&b, "KPJA%dZ%sKPJB%dZ", i, call, i)
			}
		}
	}
	return b.String(), names, calls
}

// embedID is the video or post id of an embed call.
func embedID(sc *Shortcode) string {
	if sc.Named != nil {
		return toString(sc.Named["id"])
	}
	if len(sc.Positional) > 1 && sc.Name == "gist" {
		return toString(sc.Positional[1])
	}
	if len(sc.Positional) > 0 {
		return toString(sc.Positional[0])
	}
	return "\x00"
}

// between returns the HTML between the markers of call i.
func between(s string, i int) (string, bool) {
	a, z := fmt.Sprintf("KPJA%dZ", i), fmt.Sprintf("KPJB%dZ", i)
	x := strings.Index(s, a)
	y := strings.Index(s, z)
	if x < 0 || y < x {
		return "", false
	}
	return s[x+len(a) : y], true
}

var (
	codeRe    = regexp.MustCompile(`</?pre>|</?code>`)
	spaceRe   = regexp.MustCompile(`\s+`)
	tagSpace  = regexp.MustCompile(`>\s+<`)
	emptyP    = regexp.MustCompile(`^(</p>)?\s*|\s*(<p>)?$`)
	selfClose = regexp.MustCompile(`\s*/>`)
)

// normalize makes two renderings comparable: whitespace runs folded,
// space between tags dropped, entities decoded, the paragraph edges the
// markers leave removed, "/>" as ">".
func normalize(s string) string {
	s = html.UnescapeString(s)
	s = selfClose.ReplaceAllString(s, ">")
	s = spaceRe.ReplaceAllString(s, " ")
	s = tagSpace.ReplaceAllString(s, "><")
	s = emptyP.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

func plainText(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(plainify(s))), " ")
}
