package newsletter

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"time"
)

// FeedFile is the JSON Feed a kopij build writes at the root of the site;
// the sender learns the posts from it.
const FeedFile = "feed.json"

// ErrNoFeed means the built site has no feed.json: it was not built yet,
// or not with kopij.
var ErrNoFeed = errors.New("the built site has no " + FeedFile)

// Feed is the site as its JSON Feed describes it.
type Feed struct {
	Title       string // site title
	HomeURL     string // absolute URL of the site, ending in /
	Lang        string // default language of the site, e.g. "nl"
	Description string // site description
	Posts       []Post // newest first, as in the feed
	Total       int    // posts the site has, also those beyond the feed's limit
	Full        bool   // Posts[i].HTML is the whole post, not its summary
}

// Post is one post of the built site.
type Post struct {
	ID      string    // identity that survives a new base_url: the URL path below the site, e.g. "/posts/hello/"
	URL     string    // absolute URL
	Title   string    // plain text
	Summary string    // plain text: the description, or the first paragraph
	HTML    string    // content as HTML with absolute links and images
	Image   string    // absolute URL of the cover image; "" when none
	Date    time.Time // date_published
	Lang    string    // language of the post, e.g. "en"
	Authors []string  // display names
	Tags    []string  // as written
}

// jsonFeed is the part of JSON Feed 1.1 the sender reads, with the _kopij
// extension the builder adds.
type jsonFeed struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	Language    string `json:"language"`
	Description string `json:"description"`
	Items       []struct {
		ID            string    `json:"id"`
		URL           string    `json:"url"`
		Title         string    `json:"title"`
		ContentHTML   string    `json:"content_html"`
		Summary       string    `json:"summary"`
		Image         string    `json:"image"`
		DatePublished time.Time `json:"date_published"`
		Language      string    `json:"language"`
		Tags          []string  `json:"tags"`
		Authors       []struct {
			Name string `json:"name"`
		} `json:"authors"`
	} `json:"items"`
	Kopij *struct {
		Posts int  `json:"posts"`
		Full  bool `json:"full"`
	} `json:"_kopij"`
}

// ReadFeed reads feed.json at the root of site, a built site folder.
func ReadFeed(site fs.FS) (*Feed, error) {
	data, err := fs.ReadFile(site, FeedFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoFeed
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", FeedFile, err)
	}
	return ParseFeed(data)
}

// ParseFeed parses a JSON Feed as kopij writes it. Items without a URL or
// title are refused: an email needs both.
func ParseFeed(data []byte) (*Feed, error) {
	var j jsonFeed
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("%s: %w (build the site again with kopij build)", FeedFile, err)
	}
	if !strings.HasPrefix(j.Version, "https://jsonfeed.org/version/") {
		return nil, fmt.Errorf("%s: not a JSON Feed (version %q)", FeedFile, j.Version)
	}
	home, err := url.Parse(j.HomePageURL)
	if err != nil || !home.IsAbs() {
		return nil, fmt.Errorf("%s: home_page_url %q is not an absolute URL (set base_url in kopij.toml and build again)", FeedFile, j.HomePageURL)
	}
	f := &Feed{Title: j.Title, HomeURL: j.HomePageURL, Lang: j.Language, Description: j.Description, Total: len(j.Items), Full: true}
	if !strings.HasSuffix(f.HomeURL, "/") {
		f.HomeURL += "/"
	}
	if j.Kopij != nil {
		f.Total, f.Full = max(j.Kopij.Posts, len(j.Items)), j.Kopij.Full
	}
	for i, it := range j.Items {
		link := cmp.Or(it.URL, it.ID)
		u, err := url.Parse(link)
		if err != nil || !u.IsAbs() || it.Title == "" {
			return nil, fmt.Errorf("%s: item %d (%q) needs an absolute url and a title", FeedFile, i+1, it.ID)
		}
		p := Post{ID: postID(f.HomeURL, u), URL: link, Title: it.Title, Summary: it.Summary, HTML: it.ContentHTML,
			Image: it.Image, Date: it.DatePublished, Lang: cmp.Or(it.Language, f.Lang), Tags: it.Tags}
		for _, a := range it.Authors {
			p.Authors = append(p.Authors, a.Name)
		}
		f.Posts = append(f.Posts, p)
	}
	return f, nil
}

// postID is the path of u below home, so that moving the site to another
// address (a new base_url) does not make every post look new.
func postID(home string, u *url.URL) string {
	if h, err := url.Parse(home); err == nil && strings.HasPrefix(u.Path, h.Path) {
		return "/" + strings.TrimPrefix(u.Path, h.Path)
	}
	return u.Path
}

// Oldest returns the feed's posts sorted oldest first.
func (f *Feed) Oldest() []Post {
	posts := slices.Clone(f.Posts)
	slices.SortStableFunc(posts, func(a, b Post) int { return a.Date.Compare(b.Date) })
	return posts
}
