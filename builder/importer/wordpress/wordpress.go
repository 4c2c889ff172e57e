// Package wordpress reads a WordPress export (WXR, the file of Tools >
// Export > All content) into an importer.Site.
//
// Posts and pages come with their dates (in the blog's time zone, from
// post_date and post_date_gmt), authors (display names), categories, tags,
// excerpt (as description), featured image and approved comments. Status
// publish and future are published, draft and pending stay drafts, private
// and password-protected posts become drafts (a static site cannot hide
// them), trash and auto-draft are skipped. Attachments, menu items and
// reusable blocks are not posts; the report counts them.
//
// Bodies are turned into HTML the way WordPress shows them: block comments
// removed (embeds become links, reusable blocks filled in, dynamic blocks
// such as latest posts left out with a note), the shortcodes [caption],
// [gallery], [embed], [audio], [video], [playlist], [code] and
// [sourcecode] expanded, classic editor text made into paragraphs
// (wpautop). Unknown shortcodes are removed with a note, keeping their text.
//
// URLs: a post's permalink (its <link>) is kept as its url when it is a
// path; "?p=ID" and "?page_id=ID" become query aliases, attachment pages
// aliases of their post. A blog with plain permalinks ("/?p=12") gets new
// paths /YEAR/MONTH/SLUG/ with the old addresses as query aliases. The
// permalink pattern the published posts share, when kopij can express it,
// becomes the site's permalink for new posts.
package wordpress

import (
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/importer"
)

// Read reads the WordPress export r; name is the file name for messages.
func Read(name string, r io.Reader) (*importer.Site, error) {
	ex, err := readWXR(name, r)
	if err != nil {
		return nil, err
	}
	c := newConverter(name, ex)
	return c.build(), nil
}

// converter holds what one export needs while its items are turned into posts.
type converter struct {
	name        string
	ex          *export
	site        *importer.Site
	blog        *url.URL
	attachments map[string]*item   // id -> attachment
	children    map[string][]*item // post id -> its attachments
	reusable    map[string]string  // wp_block id -> content
	urls        map[string]string  // site path -> source of the post that has it
}

func newConverter(name string, ex *export) *converter {
	c := &converter{name: name, ex: ex, attachments: map[string]*item{}, children: map[string][]*item{},
		reusable: map[string]string{}, urls: map[string]string{}}
	c.blog, _ = url.Parse(strings.TrimSpace(ex.link))
	if c.blog == nil || c.blog.Host == "" {
		c.blog = &url.URL{Scheme: "https", Host: "example.com", Path: "/"}
	}
	for _, it := range ex.items {
		switch it.PostType {
		case "attachment":
			c.attachments[it.PostID] = it
			c.children[it.PostParent] = append(c.children[it.PostParent], it)
		case "wp_block":
			c.reusable[it.PostID] = it.content()
		}
	}
	for _, list := range c.children {
		sort.SliceStable(list, func(i, j int) bool {
			a, b := atoi(list[i].MenuOrder), atoi(list[j].MenuOrder)
			if a != b {
				return a < b
			}
			return atoi(list[i].PostID) < atoi(list[j].PostID)
		})
	}
	return c
}

func (c *converter) build() *importer.Site {
	ex := c.ex
	base := *c.blog
	base.Path = strings.TrimSuffix(base.Path, "/") + "/"
	base.RawQuery, base.Fragment = "", ""
	c.site = &importer.Site{Source: c.name, Format: "WordPress WXR " + ex.version, Platform: "wordpress", Title: ex.title,
		Description: tagline(ex.description), BaseURL: base.String(), Language: importer.LanguageCode(ex.language),
		CommentsLeftOut: map[string]int{}, Links: map[string]*importer.Post{}}
	counts := map[string]int{}
	var later []*pending
	for _, it := range ex.items {
		switch it.PostType {
		case "post", "page":
		case "attachment", "nav_menu_item", "wp_block", "revision":
			counts[it.PostType]++
			continue
		default:
			c.skip(it, fmt.Sprintf("post type %q is not a post or page", it.PostType))
			continue
		}
		p := c.post(it)
		if p == nil {
			continue
		}
		later = append(later, &pending{post: p, item: it})
	}
	c.site.Permalink = c.permalink(later)
	for _, pd := range later {
		c.place(pd)
	}
	for _, pd := range later {
		c.site.Posts = append(c.site.Posts, pd.post)
	}
	if n := counts["attachment"]; n > 0 {
		c.site.Notes = append(c.site.Notes, fmt.Sprintf("%s (the media library) are not posts: the images posts show were fetched, other files were not", plural(n, "attachment")))
	}
	if n := counts["nav_menu_item"]; n > 0 {
		c.site.Notes = append(c.site.Notes, fmt.Sprintf("%s not imported: write the header menu as [[menu]] entries in kopij.toml", plural(n, "menu item")))
	}
	if n := counts["wp_block"]; n > 0 {
		c.site.Notes = append(c.site.Notes, fmt.Sprintf("%s filled into the posts that use them", plural(n, "reusable block")))
	}
	c.site.Notes = append(c.site.Notes, "category and tag pages were at /category/NAME/ and /tag/NAME/ on WordPress; kopij has them at /categories/NAME/ and /tags/NAME/, without redirects")
	return c.site
}

// pending is a post whose URL is decided once every post is read.
type pending struct {
	post *importer.Post
	item *item
	old  *url.URL // its permalink, nil when it has none on this blog
}

func (c *converter) skip(it *item, reason string) {
	c.site.Skipped = append(c.site.Skipped, importer.Skip{Source: c.at(it), Title: strings.TrimSpace(it.Title), Reason: reason})
}

func (c *converter) at(it *item) string { return fmt.Sprintf("%s:%d", c.name, it.line) }

// post converts one post or page item, or skips it and returns nil.
func (c *converter) post(it *item) *importer.Post {
	// Titles may carry markup ("Title <em>with</em> markup"); front matter holds text.
	p := &importer.Post{Kind: importer.KindPost, Source: c.at(it), ID: it.PostID, Title: strings.TrimSpace(stripTags(it.Title))}
	if it.PostType == "page" {
		p.Kind = importer.KindPage
	}
	switch it.Status {
	case "publish", "future":
	case "draft", "pending":
		p.Draft = true
	case "private":
		p.Draft = true
		p.Note("private on WordPress: imported as a draft, as a static site cannot hide a page from readers")
	case "trash":
		c.skip(it, "in the trash")
		return nil
	case "auto-draft":
		c.skip(it, "an automatic draft WordPress saved, never written")
		return nil
	case "inherit":
		c.skip(it, "a revision of another post")
		return nil
	default:
		c.skip(it, fmt.Sprintf("unknown status %q", it.Status))
		return nil
	}
	if it.PostPassword != "" && !p.Draft {
		p.Draft = true
		p.Note("password-protected on WordPress: imported as a draft, as a static site cannot ask for the password")
	}
	var err error
	if p.Date, err = wpTime(it.PostDate, it.PostDateGMT); err != nil {
		p.Note(err.Error())
	}
	p.Lastmod, _ = wpTime(it.Modified, it.ModifiedGMT)
	if login := strings.TrimSpace(it.Creator); login != "" {
		p.Author = c.ex.authors[login]
		if p.Author == "" {
			p.Author = login
		}
	}
	for _, cat := range it.Categories {
		name := strings.TrimSpace(cat.Name)
		switch {
		case name == "":
		case cat.Domain == "category" && cat.Nicename != "uncategorized":
			p.Categories = append(p.Categories, name)
		case cat.Domain == "post_tag":
			p.Tags = append(p.Tags, name)
		}
	}
	p.Slug = decodeSlug(it.PostName)
	if p.Slug == "" {
		p.Slug = builder.Slugify(p.Title)
	}
	if p.Title == "" {
		p.Title = p.Slug
	}
	p.Description = strings.Join(strings.Fields(stripTags(it.excerpt())), " ")
	if thumb := c.attachments[it.metaValue("_thumbnail_id")]; thumb != nil && thumb.AttachmentURL != "" {
		p.Image = thumb.AttachmentURL
	}
	p.HTML = c.body(it, p)
	c.comments(it, p)
	return p
}

// body turns the item's content into HTML as WordPress shows it.
func (c *converter) body(it *item, p *importer.Post) string {
	s := it.content()
	exp := &expander{c: c, item: it, note: p.Note}
	if hasBlocks(s) {
		br := &blockRenderer{reusable: c.reusable, note: p.Note, dropped: map[string]int{}}
		s = br.render(s)
		br.notes()
		return expandShortcodes(s, exp.expand, p.Note)
	}
	return autop(expandShortcodes(s, exp.expand, p.Note), p.Note)
}

// comments keeps the approved comments and counts the others.
func (c *converter) comments(it *item, p *importer.Post) {
	for _, cm := range it.Comments {
		status := ""
		switch {
		case cm.Type == "pingback" || cm.Type == "trackback":
			status = cm.Type
		case cm.Approved == "1":
		case cm.Approved == "0":
			status = "pending"
		case cm.Approved == "post-trashed":
			status = "trash"
		case cm.Approved == "":
			status = "unknown"
		default:
			status = cm.Approved
		}
		if status != "" {
			c.site.CommentsLeftOut[status]++
			continue
		}
		date, err := wpTime(cm.Date, cm.DateGMT)
		if err != nil {
			p.Note("comment " + cm.ID + ": " + err.Error())
		}
		parent := strings.TrimSpace(cm.Parent)
		if parent == "0" {
			parent = ""
		}
		p.Comments = append(p.Comments, importer.Comment{ID: strings.TrimSpace(cm.ID), Parent: parent,
			Author: strings.TrimSpace(cm.Author), AuthorURL: safeURL(cm.AuthorURL), Date: date,
			HTML: autop(cm.Content, func(string) {})})
	}
	sort.SliceStable(p.Comments, func(i, j int) bool { return p.Comments[i].Date.Before(p.Comments[j].Date) })
}

// wpTime reads post_date (local time) with post_date_gmt, which gives the
// offset. A missing GMT time, as drafts have, leaves the local time in UTC.
func wpTime(local, gmt string) (time.Time, error) {
	const layout = "2006-01-02 15:04:05"
	local, gmt = strings.TrimSpace(local), strings.TrimSpace(gmt)
	if local == "" || strings.HasPrefix(local, "0000") {
		return time.Time{}, nil
	}
	lt, err := time.Parse(layout, local)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q is not a WordPress date (2006-01-02 15:04:05); the post has no date", local)
	}
	gt, err := time.Parse(layout, gmt)
	if err != nil || strings.HasPrefix(gmt, "0000") {
		return lt, nil
	}
	off := lt.Sub(gt).Round(time.Minute)
	if off < -14*time.Hour || off > 14*time.Hour {
		return lt, nil
	}
	return gt.In(time.FixedZone("", int(off.Seconds()))), nil
}

// decodeSlug undoes WordPress's percent-encoding of non-ASCII slugs.
func decodeSlug(s string) string {
	s = strings.TrimSpace(s)
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// tagline drops WordPress's default tagline.
func tagline(s string) string {
	if strings.HasPrefix(s, "Just another WordPress") {
		return ""
	}
	return s
}

func safeURL(s string) string {
	s = strings.TrimSpace(s)
	if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return s
}

// plural is "1 menu item", "2 menu items".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}
