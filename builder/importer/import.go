package importer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/kopij/kopij/builder"
	"golang.org/x/net/html"
)

// ErrDestNotEmpty is returned when DEST holds files and Options.Merge is off.
var ErrDestNotEmpty = errors.New("destination folder is not empty")

// Options are the choices of one import.
type Options struct {
	Client        *http.Client     // fetches images; nil leaves every image at its remote address
	Fetchers      int              // images fetched at once; 0 means 4
	MaxImageBytes int64            // images larger than this many bytes stay remote; 0 means 20 MiB
	Merge         bool             // write into a DEST that holds files, keeping every file already there
	Now           func() time.Time // the clock, for the report; time.Now when nil
}

// Import writes site as a kopij site folder in dest and returns what it
// did. It never overwrites a file: into a DEST that holds files it writes
// only with Options.Merge, and then skips (and reports) every file that is
// already there. Everything is first written into a hidden folder inside
// dest and moved into place at the end, so a failed or cancelled import
// leaves dest as it was. It writes nothing outside dest.
func Import(ctx context.Context, site *Site, dest string, opts Options) (*Report, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Fetchers <= 0 {
		opts.Fetchers = 4
	}
	if opts.MaxImageBytes <= 0 {
		opts.MaxImageBytes = 20 << 20
	}
	if err := checkDest(dest, opts.Merge); err != nil {
		return nil, err
	}
	rep := newReport(site, dest, opts.Now())
	stage, err := newStage(dest)
	if err != nil {
		return nil, err
	}
	defer stage.discard()

	avoidReserved(site)
	plans := planPosts(site)
	conv := newMarkdownConverter()
	links := newLinkMap(site)
	var jobs []*fetchJob
	for _, pl := range plans {
		pl.prepare(links)
		jobs = append(jobs, pl.jobs...)
	}
	if opts.Client != nil && len(jobs) > 0 {
		if err := fetchAll(ctx, opts, stage, jobs); err != nil {
			return nil, err
		}
	}
	for _, pl := range plans {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := pl.write(stage, conv, links, rep); err != nil {
			return nil, err
		}
	}
	if err := writeSiteFiles(stage, site, plans, rep); err != nil {
		return nil, err
	}
	if err := stage.writeFile(ReportFile, []byte(rep.Markdown())); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	kept, err := stage.publish()
	if err != nil {
		return rep, err
	}
	rep.Kept = kept // the report on disk was written before; Problems lists them
	return rep, nil
}

// ReportFile is the name of the report Import writes at the root of DEST.
const ReportFile = "import-report.md"

// checkDest refuses a destination that holds files, unless merging.
func checkDest(dest string, merge bool) error {
	info, err := os.Stat(dest)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("destination %s: %w", dest, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("destination %s is a file, not a folder (name a new folder to import into)", dest)
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return fmt.Errorf("destination %s: %w", dest, err)
	}
	n := 0
	for _, e := range entries {
		if !hiddenStage(e.Name()) { // left by an import that was killed
			n++
		}
	}
	if n > 0 && !merge {
		return fmt.Errorf("%w: %s holds %d entries (name a new folder, or pass --merge to add the import beside them; no file is ever overwritten)", ErrDestNotEmpty, dest, n)
	}
	return nil
}

// plan is one post on its way to disk.
type plan struct {
	post   *Post
	dir    string     // bundle folder relative to the site root, e.g. "content/posts/2009-10-12-title"
	prefix string     // prefix of resource names: "title-" for a post served as title.html, so posts of one folder cannot collide
	root   *html.Node // cleaned body, nil for Markdown posts
	jobs   []*fetchJob
	byURL  map[string]*fetchJob
	names  map[string]bool // lower-cased names taken in the bundle
	author string          // the site's author, whom front matter need not name
	jekyll bool            // the site follows Jekyll's rules: a draft is published: false, draft: means nothing
}

// reservedPageDirs are folder names under content/ that kopij reads as
// posts or that would collide with generated pages.
var reservedPageDirs = map[string]bool{
	"posts": true, "post": true, "blog": true, "_posts": true, "tags": true, "categories": true,
	"archive": true, "search": true, "page": true, "subscribed": true, "css": true, "js": true,
}

// planPosts gives every post a bundle folder of its own.
func planPosts(site *Site) []*plan {
	taken := map[string]bool{}
	author := siteAuthor(site)
	plans := make([]*plan, 0, len(site.Posts))
	for _, p := range site.Posts {
		slug := builder.Slugify(p.Slug)
		if slug == "" {
			slug = builder.Slugify(p.Title)
		}
		if slug == "" {
			slug = "untitled"
		}
		var base string
		if p.Kind == KindPage {
			base = "content/" + slug
			if reservedPageDirs[slug] {
				base += "-page"
			}
		} else {
			base = "content/posts/" + slug
			if !p.Date.IsZero() {
				base = "content/posts/" + p.Date.Format("2006-01-02") + "-" + slug
			}
		}
		dir := base
		for i := 2; taken[strings.ToLower(dir)]; i++ {
			dir = fmt.Sprintf("%s-%d", base, i)
		}
		taken[strings.ToLower(dir)] = true
		pl := &plan{post: p, dir: dir, byURL: map[string]*fetchJob{}, names: map[string]bool{"index.md": true, builder.CommentsFile: true}, author: author, jekyll: site.Generator == "jekyll"}
		if strings.HasSuffix(p.URL, ".html") || strings.HasSuffix(p.URL, ".htm") {
			pl.prefix = strings.TrimSuffix(path.Base(p.URL), path.Ext(p.URL)) + "-"
		}
		for _, r := range p.Files {
			pl.names[strings.ToLower(r.Name)] = true
		}
		plans = append(plans, pl)
	}
	return plans
}

// prepare cleans the body and lists the images to fetch.
func (pl *plan) prepare(links *linkMap) {
	p := pl.post
	if p.HTML != "" {
		pl.root = parseFragment(p.HTML)
		(&cleaner{note: p.Note}).clean(pl.root)
		links.rewrite(pl.root)
		for _, u := range imageURLs(pl.root) {
			pl.job(u)
		}
	}
	if isRemote(p.Image) {
		pl.job(absolute(p.Image))
	}
}

func (pl *plan) job(u string) {
	if _, ok := pl.byURL[u]; ok {
		return
	}
	j := &fetchJob{url: u, plan: pl}
	pl.byURL[u] = j
	pl.jobs = append(pl.jobs, j)
}

// sortedKeys returns the keys of m in order, for stable output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
