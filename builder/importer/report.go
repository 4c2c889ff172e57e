package importer

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Report says what an import did: Import returns it and writes it to
// import-report.md in DEST; kopij import prints its summary and problems.
type Report struct {
	Source string    // the export as the user named it
	Format string    // what it was read as
	Dest   string    // the site folder written
	Date   time.Time // when the import ran

	Posts  int // posts written, drafts included
	Pages  int // pages written, drafts included
	Drafts int // posts and pages written with draft: true

	Skipped []Skip      // entries not imported and why
	URLs    []URLChange // every old URL and where a reader now lands
	Notes   []PostNote  // markup or shortcodes that could not be converted, per post

	Generator    string         // the generator a site folder came from ("hugo", "jekyll"), "" for an export
	RawLeft      int            // template calls (shortcodes, Liquid) left as text a reader sees: 0 unless a front end could not run them
	FilesCopied  int            // site files copied (static/), bundle files not counted
	FilesMissing []MissingImage // files a post links to that the old site did not have

	ImagesFetched int            // images written into bundles
	ImagesRemote  int            // images left at their remote address because fetching was off
	ImagesMissing []MissingImage // images whose fetch failed: the post keeps the remote address

	Comments        int            // approved comments kept
	CommentsLeftOut map[string]int // comments not kept, by status

	RedirectFiles []string // files written for redirects static hosts cannot do by themselves
	SiteNotes     []string // site-wide remarks
	Kept          []string // files that were already in DEST and were left as they were (--merge)
}

// URLChange is one old URL.
type URLChange struct {
	File string // the post's index.md
	Old  string // path on the old blog, "/2009/10/title.html" or "/?p=12"
	New  string // path of the post now
	How  string // one of the How values below
}

// How an old URL is kept.
const (
	HowSame     = "same URL"       // the post is served at its old path
	HowRedirect = "redirect page"  // an alias: the build writes a redirect page at the old path
	HowQuery    = "query redirect" // the redirect files; static hosts without them show the home page
	HowNone     = "not kept"       // the old path cannot be served or redirected
)

// PostNote is one remark about one post.
type PostNote struct {
	File string
	Note string
}

// MissingImage is an image that stayed remote because its fetch failed.
type MissingImage struct {
	File   string // the post's index.md
	URL    string
	Reason string
}

func newReport(site *Site, dest string, now time.Time) *Report {
	r := &Report{Source: site.Source, Format: site.Format, Dest: dest, Date: now,
		Skipped: site.Skipped, CommentsLeftOut: map[string]int{}, SiteNotes: site.Notes, Generator: site.Generator}
	for k, v := range site.CommentsLeftOut {
		r.CommentsLeftOut[k] = v
	}
	return r
}

func (r *Report) addPost(pl *plan) {
	p := pl.post
	if p.Kind == KindPage {
		r.Pages++
	} else {
		r.Posts++
	}
	if p.Draft {
		r.Drafts++
	}
	file := pl.file()
	for _, n := range p.Notes {
		r.Notes = append(r.Notes, PostNote{File: file, Note: n})
	}
	r.RawLeft += p.RawLeft
	for _, m := range p.Missing {
		r.FilesMissing = append(r.FilesMissing, MissingImage{File: file, URL: m, Reason: "is not a file of the old site"})
	}
	if p.Draft {
		return // a draft was never public: no old URL to keep
	}
	has := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	if p.OldURL != "" {
		how := HowNone
		switch {
		case p.URL != "" && strings.TrimSuffix(p.OldURL, "/") == strings.TrimSuffix(p.URL, "/"):
			how = HowSame
		case has(p.Aliases, p.OldURL):
			how = HowRedirect
		case has(p.QueryAliases, p.OldURL):
			how = HowQuery
		}
		r.URLs = append(r.URLs, URLChange{File: file, Old: p.OldURL, New: p.URL, How: how})
	}
	for _, a := range p.Aliases {
		if a != p.OldURL {
			r.URLs = append(r.URLs, URLChange{File: file, Old: a, New: p.URL, How: HowRedirect})
		}
	}
	for _, a := range p.QueryAliases {
		if a != p.OldURL {
			r.URLs = append(r.URLs, URLChange{File: file, Old: a, New: p.URL, How: HowQuery})
		}
	}
}

// LeftOut is the number of comments not kept.
func (r *Report) LeftOut() int {
	n := 0
	for _, v := range r.CommentsLeftOut {
		n += v
	}
	return n
}

// Summary is the report in one paragraph.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "imported %s and %s", count(r.Posts, "post"), count(r.Pages, "page"))
	if r.Drafts > 0 {
		fmt.Fprintf(&b, " (%s)", count(r.Drafts, "draft"))
	}
	fmt.Fprintf(&b, " from %s into %s", r.Source, r.Dest)
	if r.Generator != "" {
		fmt.Fprintf(&b, "\nfiles: %d copied, %d linked but missing; template calls left unexpanded: %d", r.FilesCopied, len(r.FilesMissing), r.RawLeft)
	}
	fmt.Fprintf(&b, "\nimages: %d fetched, %d missing", r.ImagesFetched, len(r.ImagesMissing))
	if r.ImagesRemote > 0 {
		fmt.Fprintf(&b, ", %d left remote", r.ImagesRemote)
	}
	fmt.Fprintf(&b, "; comments: %d kept, %d left out", r.Comments, r.LeftOut())
	byHow := map[string]int{}
	for _, u := range r.URLs {
		byHow[u.How]++
	}
	fmt.Fprintf(&b, "\nold URLs: %d kept, %d redirect pages, %d query redirects, %d not kept",
		byHow[HowSame], byHow[HowRedirect], byHow[HowQuery], byHow[HowNone])
	if len(r.Skipped) > 0 || len(r.Notes) > 0 {
		fmt.Fprintf(&b, "\n%s skipped, %s", count(len(r.Skipped), "entry"), count(len(r.Notes), "conversion note"))
	}
	return b.String()
}

// Problems lists what a writer should look at, one line each: skipped
// entries, missing images, markup that was not converted, URLs not kept.
func (r *Report) Problems() []string {
	var out []string
	for _, s := range r.Skipped {
		out = append(out, fmt.Sprintf("%s: skipped %s: %s", s.Source, quoteTitle(s.Title), s.Reason))
	}
	for _, m := range r.ImagesMissing {
		out = append(out, fmt.Sprintf("%s: image %s not fetched (%s); the post links to it where it was", m.File, m.URL, m.Reason))
	}
	for _, m := range r.FilesMissing {
		out = append(out, fmt.Sprintf("%s: links to %s, which %s", m.File, m.URL, m.Reason))
	}
	for _, u := range r.URLs {
		if u.How == HowNone {
			out = append(out, fmt.Sprintf("%s: old URL %s is not kept", u.File, u.Old))
		}
	}
	for _, n := range r.Notes {
		out = append(out, n.File+": "+n.Note)
	}
	for _, k := range r.Kept {
		out = append(out, k+": already in the destination, left as it was")
	}
	return out
}

func quoteTitle(t string) string {
	if t == "" {
		return "an entry without a title"
	}
	return fmt.Sprintf("%q", t)
}

// Markdown is the whole report, as written to import-report.md.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Import report\n\nFrom %s (%s) on %s.\n\n", r.Source, r.Format, r.Date.Format("2006-01-02 15:04"))
	for _, l := range strings.Split(r.Summary(), "\n") {
		fmt.Fprintf(&b, "- %s\n", l)
	}
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n## %s\n\n", title)
		for _, l := range lines {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	var skipped, missing, notes, urls, left, files []string
	for _, m := range r.FilesMissing {
		files = append(files, fmt.Sprintf("`%s` in %s: %s", m.URL, m.File, m.Reason))
	}
	for _, s := range r.Skipped {
		skipped = append(skipped, fmt.Sprintf("%s %s: %s", s.Source, quoteTitle(s.Title), s.Reason))
	}
	for _, m := range r.ImagesMissing {
		missing = append(missing, fmt.Sprintf("`%s` in %s: %s", m.URL, m.File, m.Reason))
	}
	for _, n := range r.Notes {
		notes = append(notes, n.File+": "+n.Note)
	}
	for _, u := range r.URLs {
		to := "`" + u.New + "`"
		if u.New == "" {
			to = "nowhere"
		}
		urls = append(urls, fmt.Sprintf("`%s` → %s (%s)", u.Old, to, u.How))
	}
	keys := make([]string, 0, len(r.CommentsLeftOut))
	for k := range r.CommentsLeftOut {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		left = append(left, fmt.Sprintf("%s: %d", k, r.CommentsLeftOut[k]))
	}
	section("Skipped", skipped)
	section("Images not fetched", missing)
	section("Files missing", files)
	section("Conversion notes", notes)
	section("Comments left out", left)
	section("Old URLs", urls)
	if len(r.RedirectFiles) > 0 {
		section("Redirect files", []string{
			"`/_redirects`: kopij build writes it from `query_aliases` for Netlify, with the old tag, category and feed addresses of `[redirects]`",
			"`" + NginxRedirectsFile + "`: old addresses with a query string for nginx; include it in the `http` block and add `if ($kopij_redirect) { return 301 $kopij_redirect; }` to the `server` block",
			"on other static hosts a small script on the home and 404 pages sends `/?p=12` to its post",
		})
	}
	section("Notes", r.SiteNotes)
	return b.String()
}

// count is "1 post", "2 posts".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
