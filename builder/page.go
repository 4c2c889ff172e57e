package builder

import (
	"github.com/kopij/kopij/builder/hints"
	"html/template"
	"time"
)

// Kind tells what a source file or output page is.
type Kind string

// Page kinds. KindPost and KindPage come from content files; the others are
// generated lists.
const (
	KindPost       Kind = "post"       // a file under content/posts/
	KindPage       Kind = "page"       // any other content file, e.g. content/about.md
	KindHome       Kind = "home"       // the home page and its pagination
	KindTerm       Kind = "term"       // one tag or category with its posts
	KindTerms      Kind = "terms"      // the index of all tags or all categories
	KindArchive    Kind = "archive"    // posts grouped by year
	KindSearch     Kind = "search"     // the client-side search page
	KindNotFound   Kind = "404"        // 404.html
	KindSubscribed Kind = "subscribed" // thank-you page after a newsletter signup
)

// Page is one content file after parsing: a post or a standalone page.
// Templates read its fields; the builder never changes a Page after it was
// parsed, so pages can be shared between builds.
type Page struct {
	File        string         // source path relative to the site root, with forward slashes, e.g. "content/posts/hello.md"
	Kind        Kind           // KindPost or KindPage
	Section     string         // first folder under content/, e.g. "posts"; "" for top-level pages
	Bundle      string         // folder of a page bundle (holding index.md), relative to the site root; "" otherwise
	Slug        string         // last URL segment
	URL         string         // site-relative URL including the base path of base_url, e.g. "/posts/hello/" or "/blog/posts/hello/"
	Lang        string         // language code: "en", "nl", ...
	Title       string         // plain text title
	Description string         // description from front matter ("" when not set)
	Summary     template.HTML  // description, the part before <!--more-->, or the first paragraph, as HTML
	SummaryText string         // Summary as plain text, for meta tags and the search index
	Content     template.HTML  // the rendered body
	Date        time.Time      // publication date (zero when the post has none)
	Lastmod     time.Time      // last modification; Date when not set
	ExpiryDate  time.Time      // after this the post is left out; zero means never
	Draft       bool           // draft: true in front matter
	Tags        []string       // tags as written
	Categories  []string       // categories as written
	Aliases     []string       // extra URL paths that redirect here, cleaned, without the base path
	Image       string         // cover image URL as written (relative to the page or absolute)
	Author      string         // author name; site author when empty
	Weight      int            // ordering weight for pages (lower first)
	Params      map[string]any // every front matter key, as parsed, for templates: {{ .Page.Params.mykey }}
	WordCount   int            // words of prose (code, raw HTML and footnotes left out), with CJK characters counted one each; kopij hints shows the same
	ReadingTime int            // minutes to read the prose at the reading speeds of the [hints] thresholds, rounded up; 0 without prose
	Headings    []Heading      // h2-h4 headings for a table of contents

	// Readers' comments, from comments.yaml beside a bundle's index.md.
	Comments     []*Comment // threaded: top-level comments oldest first, their answers in Replies
	CommentCount int        // all comments, answers included

	QueryAliases []string // old addresses with a query string that redirect here ("/?p=12"), from query_aliases; without the base path

	hash        uint64        // fingerprint of the file's bytes: what the post page shows
	metaHash    uint64        // fingerprint of all but the body: what list pages show
	structHash  uint64        // fingerprint of what the site's structure follows from: front matter, title, URL, language
	frontMatter string        // front matter text, part of both; empty once they are made
	searchJSON  []byte        // the page's entry in search.json, once made by a Builder that builds again
	urlLine     int           // line of the url (or else slug) key that made URL, 0 when neither
	aliasLine   int           // line of the aliases key
	hints       *hints.Report // hints of the text alone, before site-level link checks
	warnings    []string      // problems that do not stop the build, as "file:line: message"
	skip        bool          // the site's generator would not publish the file at all; warnings say why
	dep         uint8         // what else the body's output depends on: depNone, depMarkup or depContent
}

// Heading is one heading of a post, for tables of contents.
type Heading struct {
	Level int    // 2, 3 or 4
	ID    string // anchor id
	Text  string // plain text
}

// Term is one tag or category.
type Term struct {
	Taxonomy string  // "tags" or "categories"
	Name     string  // as first written in a post
	Slug     string  // URL segment; unique within the taxonomy
	URL      string  // site-relative URL of the term page, e.g. "/tags/writing/"
	Pages    []*Page // posts with this term, newest first
}

// MenuLink is a resolved menu entry.
type MenuLink struct {
	Name   string
	URL    string
	Active bool // the link points at the page being rendered
}

// FeedLink points at one feed, for <link rel="alternate"> and visible links.
type FeedLink struct {
	Type  string // MIME type: application/rss+xml, application/atom+xml, application/feed+json
	Title string
	URL   string // absolute URL
}

// Pager is the pagination of a list page.
type Pager struct {
	Number  int    // this page, from 1
	Total   int    // number of pages
	PrevURL string // site-relative URL of the previous page, "" on the first
	NextURL string // site-relative URL of the next page, "" on the last
}

// YearGroup is one year of the archive.
type YearGroup struct {
	Year  int
	Pages []*Page
}

// SiteData is what templates see as .Site.
type SiteData struct {
	Title       string
	BaseURL     string // absolute, with trailing slash
	Language    string
	Description string
	Author      Author
	Copyright   string
	Menu        []MenuItem
	Params      map[string]any
	Newsletter  NewsletterData
	Feeds       []FeedLink // the site's RSS, Atom and JSON feeds
	Serve       bool       // rendering for kopij serve: show drafts with a marker

	tagSlugs, catSlugs map[string]string                     // lower-cased term name -> slug
	basePath           string                                // path of base_url, e.g. "/" or "/blog/"
	text               func(lang, key string) (string, bool) // the theme's strings (theme.text), for PageData.Meta
}

// NewsletterData is what the signup form needs.
type NewsletterData struct {
	Enabled  bool
	Endpoint string // form action URL
	Consent  string // consent text shown and sent with the form
}

// PageData is the root value passed to every template. Every URL field is
// site-relative and already includes the base path of base_url, so templates
// use it in href as is; Permalink and feed URLs are absolute.
type PageData struct {
	Site        *SiteData
	Kind        Kind
	Lang        string      // language of this page: the post's, or the site's
	Title       string      // for <title> and og:title
	Description string      // plain text for meta description
	URL         string      // site-relative URL of this page
	Permalink   string      // absolute canonical URL
	Page        *Page       // the post or page (KindPost, KindPage), nil otherwise
	Prev, Next  *Page       // neighbours of a post in date order: Prev is older, Next is newer
	Related     []*Page     // related posts (shared tags weighted, then recency)
	Pages       []*Page     // posts listed on this page (home, term pages)
	Pager       *Pager      // pagination of a list, nil when not paginated
	Term        *Term       // the tag or category of a KindTerm page
	Terms       []*Term     // all terms of a taxonomy for KindTerms, by name
	Taxonomy    string      // "tags" or "categories" for KindTerm and KindTerms
	Years       []YearGroup // archive
	Feeds       []FeedLink  // feeds for autodiscovery on this page: the site's, plus the tag's on a tag page
	Image       string      // absolute URL of the share image, "" when none
	JSONLD      template.JS // JSON-LD BlogPosting for posts, WebSite for the home page
	Menu        []MenuLink

	QueryRedirects string // on the home and 404 pages of a site with query_aliases: the URL of redirects.json, for the script that sends "/?p=12" to its post
}
