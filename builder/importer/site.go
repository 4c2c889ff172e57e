package importer

import "time"

// Kind tells a post from a standalone page.
type Kind string

// The kinds of imported content.
const (
	KindPost Kind = "post" // written to content/posts/DATE-SLUG/index.md
	KindPage Kind = "page" // written to content/SLUG/index.md
)

// Site is a blog read from another platform by a front end, ready to be
// written as a kopij site folder by Import.
type Site struct {
	Source      string // the export or folder as the user named it, for messages: "export.xml"
	Format      string // what it was read as, for the report: "WordPress WXR 1.2"
	Title       string // site title
	Description string // site description or tagline
	BaseURL     string // the old blog's address, e.g. "https://example.blogspot.com/"; kept as base_url
	Language    string // language code of the blog: "en", "nl"
	Author      string // default author name
	Permalink   string // permalink pattern matching the old URLs, e.g. "/:year/:month/:slug/"; "" for kopij's default
	Platform    string // kopij's redirects.platform, whose old tag, category and feed addresses the build redirects: "wordpress", "blogger" or ""

	// Generator is the static site generator the blog came from ("hugo",
	// "jekyll"), written as kopij.toml's generator: Permalink and
	// Permalinks are then in its tokens. "" for kopij's own tokens.
	Generator    string
	Permalinks   map[string]string // permalink pattern per section (Hugo) or collection (Jekyll), in the generator's tokens
	Taxonomies   map[string]string // the old site's taxonomies, singular to plural: "tag" -> "tags"
	PostsPerPage int               // posts on one list page; 0 for kopij's default
	Unsafe       bool              // the old site rendered raw HTML in Markdown; kept as markdown.unsafe

	Posts []*Post // posts and pages, in export order
	Files []File  // other files to write, relative to the site root, e.g. static/robots.txt

	Skipped         []Skip         // entries of the export that were not imported, with the reason
	CommentsLeftOut map[string]int // comments not kept, counted by their status ("spam", "pending", "trash")
	Notes           []string       // site-wide remarks for the report, e.g. "65 menu items not imported"

	// Links maps every old absolute URL of a post ("https://old.example/?p=12",
	// its permalink, its guid) to the post, so links between posts become
	// links to the new site. Front ends fill it; Import reads it.
	Links map[string]*Post
}

// Post is one post or page.
type Post struct {
	Kind        Kind
	Source      string    // where in the export it was read, "export.xml:120", for messages
	ID          string    // its id in the old blog
	Title       string    // plain text
	Date        time.Time // publication date, in the blog's time zone
	Lastmod     time.Time // last change; zero when unknown or equal to Date
	Author      string    // author name; "" for the site author
	Tags        []string  // tags or labels
	Categories  []string  // categories
	Draft       bool      // kept out of the built site until the writer publishes it
	Slug        string    // last URL segment, also names the bundle folder
	Description string    // excerpt or meta description; "" when none

	URL          string   // path the post is served at, relative to BaseURL: the old path when kopij can serve it; "" for kopij's permalink
	OldURL       string   // the post's URL on the old blog, for the report
	Aliases      []string // other old paths, served as redirect pages
	QueryAliases []string // old URLs with a query string ("/?p=12"): static hosts ignore the query, so they go to the redirect files

	HTML     string     // body as HTML (Blogger, WordPress); converted to Markdown by Import
	Markdown string     // body as Markdown, used as is when HTML is empty (Hugo, Jekyll)
	Image    string     // cover image: a remote URL (fetched into the bundle) or the name of a Resource
	Files    []Resource // files to put beside index.md (Hugo, Jekyll: the bundle's local files)
	Comments []Comment  // approved comments, oldest first
	Params   map[string]any

	Notes []string // markup or shortcodes that could not be converted, for the report

	// RawLeft counts template calls (shortcodes, Liquid) left in Markdown
	// as text a reader would see; front ends that expand them set it.
	RawLeft int
	// Missing are the site files the body links to that the old site did
	// not have ("/images/x.png"), for the report.
	Missing []string
}

// Resource is a file of a page bundle, written beside index.md.
type Resource struct {
	Name string // file name inside the bundle, may contain "/" for subfolders
	Data []byte
}

// File is a file written at a path relative to the site root.
type File struct {
	Path string // slash separated, e.g. "static/favicon.ico"
	Data []byte
}

// Comment is one approved reader comment.
type Comment struct {
	ID        string    // its id in the old blog, unique within the post
	Parent    string    // ID of the comment it answers; "" for a top-level comment
	Author    string    // display name
	AuthorURL string    // the commenter's website, "" when none
	Date      time.Time // when it was written
	HTML      string    // body as HTML; converted to Markdown by Import
	Markdown  string    // body as Markdown, used when HTML is empty
}

// Skip is an entry of the export that Import does not write.
type Skip struct {
	Source string // "export.xml:120"
	Title  string // its title, or "" when it has none
	Reason string // why, in words a writer understands
}

// Note adds a remark to the post's list for the report.
func (p *Post) Note(s string) { p.Notes = append(p.Notes, s) }
