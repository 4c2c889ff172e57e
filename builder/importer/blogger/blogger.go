// Package blogger reads a Blogger export (Settings > Manage blog > Back up
// content: an Atom file) into an importer.Site. Both formats Blogger has
// written are read: the 2008 one, whose entries say what they are with a
// category of scheme http://schemas.google.com/g/2005#kind and drafts with
// <app:draft>yes</app:draft>, and the 2018 one (also in Google Takeout)
// with <blogger:type>, <blogger:status> and <blogger:filename>.
//
// Posts and pages come with dates, authors, labels (as tags), the search
// description and approved comments, threaded. Drafts stay drafts;
// scheduled posts keep their future date; trashed entries, settings,
// templates and layouts are not imported.
//
// Every post keeps its URL: url is the old path, /2009/10/title.html, and
// pages /p/about.html. The body's Blogger markup (a <div> per line,
// <br><br> between paragraphs, captioned images in tables, the jump break)
// is left to the importer's HTML cleaner, which was written for it.
package blogger

import (
	"fmt"
	"io"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/importer"
)

// Read reads the Blogger export r; name is the file name for messages.
func Read(name string, r io.Reader) (*importer.Site, error) {
	f, err := readFeed(name, r)
	if err != nil {
		return nil, err
	}
	c := &converter{name: name, f: f, posts: map[string]*importer.Post{}, urls: map[string]string{}}
	return c.build(), nil
}

type converter struct {
	name  string
	f     *feed
	site  *importer.Site
	home  *url.URL
	posts map[string]*importer.Post // entry key -> post, for comments
	urls  map[string]string         // site path -> source of the post that has it
}

func (c *converter) build() *importer.Site {
	c.site = &importer.Site{Source: c.name, Format: "Blogger export", Platform: "blogger", Title: c.f.title,
		CommentsLeftOut: map[string]int{}, Links: map[string]*importer.Post{}}
	if u, err := url.Parse(c.f.home); err == nil && u.Host != "" {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/"
		u.RawQuery, u.Fragment = "", ""
		c.home = u
		c.site.BaseURL = u.String()
	}
	settings := 0
	var comments []*entry
	for _, e := range c.f.entries {
		switch k := e.kind(); k {
		case "POST", "PAGE":
			if p := c.post(e, k); p != nil {
				c.site.Posts = append(c.site.Posts, p)
			}
		case "COMMENT":
			comments = append(comments, e)
		case "SETTINGS":
			settings++
			c.setting(e)
		case "TEMPLATE", "LAYOUT", "THEME":
			settings++
		default:
			c.skip(e, fmt.Sprintf("an entry of kind %q, not a post, page or comment", k))
		}
	}
	for _, e := range comments {
		c.comment(e)
	}
	for _, p := range c.site.Posts {
		sort.SliceStable(p.Comments, func(i, j int) bool { return p.Comments[i].Date.Before(p.Comments[j].Date) })
	}
	if settings > 0 {
		c.site.Notes = append(c.site.Notes, fmt.Sprintf("%d settings and template entries are Blogger's configuration and were not imported", settings))
	}
	if c.site.BaseURL == "" {
		c.site.Notes = append(c.site.Notes, "the export does not name the blog's address: set base_url in kopij.toml (or import with --base-url)")
	}
	c.site.Notes = append(c.site.Notes, "label pages were at /search/label/NAME on Blogger; kopij has them at /tags/NAME/, without redirects")
	return c.site
}

func (c *converter) at(e *entry) string { return fmt.Sprintf("%s:%d", c.name, e.line) }

func (c *converter) skip(e *entry, reason string) {
	c.site.Skipped = append(c.site.Skipped, importer.Skip{Source: c.at(e), Title: strings.TrimSpace(e.Title), Reason: reason})
}

// setting reads the blog's name and description from the 2008 format's
// settings entries, when the feed has none.
func (c *converter) setting(e *entry) {
	_, key, _ := strings.Cut(e.ID, ".settings.")
	v := strings.TrimSpace(e.Content)
	switch key {
	case "BLOG_NAME":
		if c.site.Title == "" {
			c.site.Title = v
		}
	case "BLOG_DESCRIPTION":
		c.site.Description = v
	case "BLOG_LOCALE":
		if l := importer.LanguageCode(v); l != "" {
			c.site.Language = l
		}
	}
}

func (c *converter) post(e *entry, kind string) *importer.Post {
	p := &importer.Post{Kind: importer.KindPost, Source: c.at(e), ID: key(e.ID), Title: strings.TrimSpace(e.Title),
		HTML: e.Content, Tags: e.labels(), Description: strings.TrimSpace(e.MetaDescription)}
	if kind == "PAGE" {
		p.Kind = importer.KindPage
	}
	switch status := strings.ToUpper(strings.TrimSpace(e.Status)); {
	case strings.TrimSpace(e.Trashed) != "" || strings.Contains(status, "TRASH") || status == "DELETED":
		c.skip(e, "in the trash")
		return nil
	case status == "DRAFT" || strings.EqualFold(strings.TrimSpace(e.Draft), "yes"):
		p.Draft = true
	case status == "" || status == "LIVE" || status == "SCHEDULED":
	default:
		c.skip(e, fmt.Sprintf("unknown status %q", e.Status))
		return nil
	}
	var err error
	if p.Date, err = parseTime(e.Published); err != nil {
		p.Note(err.Error())
	}
	p.Lastmod, _ = parseTime(e.Updated)
	p.Author = personName(e.Author.Name)
	old := c.oldPath(e)
	p.Slug = strings.TrimSuffix(path.Base(old), path.Ext(old))
	if old == "" {
		p.Slug = builder.Slugify(p.Title)
	}
	if p.Title == "" {
		p.Title = strings.ReplaceAll(p.Slug, "-", " ")
		if p.Title == "" {
			p.Title = "Untitled"
		}
		p.Note("the post has no title; it was given one from its address")
	}
	if old != "" && !p.Draft {
		p.OldURL = old
		if other := c.urls[old]; other != "" {
			p.Note("its URL " + old + " is also the URL of " + other + "; it follows kopij's permalink now")
		} else {
			p.URL = old
			c.urls[old] = p.Source
		}
		if alt := e.link("alternate"); alt != "" {
			c.site.Links[alt] = p
		}
		if c.home != nil {
			c.site.Links[strings.TrimSuffix(c.home.String(), "/")+old] = p
		}
	}
	c.posts[p.ID] = p
	return p
}

// oldPath is the entry's path on the blog: blogger:filename, or the path
// of its alternate link.
func (c *converter) oldPath(e *entry) string {
	if f := strings.TrimSpace(e.Filename); f != "" {
		return "/" + strings.TrimPrefix(f, "/")
	}
	u, err := url.Parse(e.link("alternate"))
	if err != nil || u.Path == "" || u.Path == "/" {
		return ""
	}
	p := u.Path
	if c.home != nil {
		if base := strings.TrimSuffix(c.home.Path, "/"); base != "" {
			p = strings.TrimPrefix(p, base)
		}
	}
	return p
}

// comment adds an approved comment to its post.
func (c *converter) comment(e *entry) {
	parentRef := e.Parent
	if parentRef == "" {
		parentRef = e.ReplyTo.Ref
	}
	p := c.posts[key(parentRef)]
	status := strings.ToUpper(strings.TrimSpace(e.Status))
	switch {
	case strings.TrimSpace(e.Trashed) != "" || strings.Contains(status, "TRASH") || status == "DELETED":
		c.site.CommentsLeftOut["trash"]++
		return
	case status != "" && status != "LIVE":
		c.site.CommentsLeftOut[strings.ToLower(status)]++
		return
	case p == nil:
		c.site.CommentsLeftOut["on a post not imported"]++
		return
	}
	date, err := parseTime(e.Published)
	if err != nil {
		p.Note("comment " + key(e.ID) + ": " + err.Error())
	}
	cm := importer.Comment{ID: key(e.ID), Author: personName(e.Author.Name), Date: date, HTML: e.Content}
	if u, err := url.Parse(strings.TrimSpace(e.Author.URI)); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		cm.AuthorURL = u.String()
	}
	if r := strings.TrimSpace(e.InReplyTo); r != "" {
		cm.Parent = key(r)
	} else if rel := e.link("related"); rel != "" { // 2008: the feed URL of the comment answered
		cm.Parent = key(rel)
	}
	if cm.Parent == p.ID {
		cm.Parent = ""
	}
	p.Comments = append(p.Comments, cm)
}

// key reduces an entry id ("tag:blogger.com,1999:blog-1.post-42"), a
// comment feed URL (".../comments/default/42") or a bare id to "42".
func key(s string) string {
	s = strings.TrimSpace(s)
	end := len(s)
	for end > 0 && (s[end-1] == '/' || s[end-1] == ' ') {
		end--
	}
	start := end
	for start > 0 && s[start-1] >= '0' && s[start-1] <= '9' {
		start--
	}
	if start == end {
		return s
	}
	return s[start:end]
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q is not an Atom date (2006-01-02T15:04:05Z); the post has no date", s)
	}
	return t, nil
}

// personName drops the names Blogger gives nobody in particular.
func personName(name string) string {
	name = strings.TrimSpace(name)
	if name == "Unknown" || name == "Anonymous" {
		return ""
	}
	return name
}
