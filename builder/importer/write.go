package importer

import (
	"bytes"
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopij/kopij/builder"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// frontMatter is what index.md says about a post, in this order.
type frontMatter struct {
	Title        string         `yaml:"title"`
	Date         *time.Time     `yaml:"date,omitempty"`
	Lastmod      *time.Time     `yaml:"lastmod,omitempty"`
	Draft        bool           `yaml:"draft,omitempty"`
	Author       string         `yaml:"author,omitempty"`
	Slug         string         `yaml:"slug,omitempty"`
	URL          string         `yaml:"url,omitempty"`
	Aliases      []string       `yaml:"aliases,omitempty"`
	QueryAliases []string       `yaml:"query_aliases,omitempty"`
	Tags         []string       `yaml:"tags,omitempty"`
	Categories   []string       `yaml:"categories,omitempty"`
	Description  string         `yaml:"description,omitempty"`
	Image        string         `yaml:"image,omitempty"`
	Params       map[string]any `yaml:",inline"`
}

// write puts the post's bundle into the stage and records it in rep.
func (pl *plan) write(st *stage, conv *markdownConverter, links *linkMap, rep *Report) error {
	p := pl.post
	local := map[string]string{} // remote URL -> bundle file name
	for _, j := range pl.jobs {
		switch {
		case j.tmp != "":
			j.name = pl.fileName(j)
			if err := st.moveTemp(j.tmp, pl.dir+"/"+j.name); err != nil {
				return err
			}
			local[j.url] = j.name
			rep.ImagesFetched++
		case j.err != nil:
			rep.ImagesMissing = append(rep.ImagesMissing, MissingImage{File: pl.file(), URL: j.url, Reason: j.err.Error()})
		default:
			rep.ImagesRemote++
		}
	}
	body := p.Markdown
	if pl.root != nil {
		relink(pl.root, local)
		md, err := conv.markdown(pl.root)
		if err != nil {
			return fmt.Errorf("%s: %w", p.Source, err)
		}
		body = md
	}
	fm := frontMatter{Title: p.Title, Draft: p.Draft, Author: p.Author, URL: p.URL,
		Aliases: p.Aliases, QueryAliases: p.QueryAliases, Tags: p.Tags, Categories: p.Categories,
		Description: p.Description, Image: p.Image, Params: p.Params}
	fm.Params = keepParams(p, &fm)
	if pl.jekyll && p.Draft {
		fm.Draft = false // Jekyll's rules read published: false, and draft: means nothing
		if fm.Params == nil {
			fm.Params = map[string]any{}
		}
		fm.Params["published"] = false
	}
	if fm.Author == pl.author {
		fm.Author = ""
	}
	// Whole seconds: the front matter reads better, and every parser takes them.
	date, lastmod := p.Date.Truncate(time.Second), p.Lastmod.Truncate(time.Second)
	if !date.IsZero() {
		fm.Date = &date
	}
	if !lastmod.IsZero() && lastmod.After(date) {
		fm.Lastmod = &lastmod
	}
	if p.URL == "" {
		fm.Slug = p.Slug
	}
	if name, ok := local[absolute(p.Image)]; ok {
		fm.Image = name
	}
	var buf bytes.Buffer
	buf.WriteString("---\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return fmt.Errorf("%s: front matter: %w", p.Source, err)
	}
	buf.WriteString("---\n\n")
	buf.WriteString(body)
	if err := st.writeFile(pl.dir+"/index.md", buf.Bytes()); err != nil {
		return err
	}
	for _, r := range p.Files {
		if !filepath.IsLocal(filepath.FromSlash(r.Name)) {
			return fmt.Errorf("%s: file %q would leave the post's folder", p.Source, r.Name)
		}
		if err := st.writeFile(pl.dir+"/"+r.Name, r.Data); err != nil {
			return err
		}
	}
	if len(p.Comments) > 0 {
		data, err := encodeComments(p, conv, links)
		if err != nil {
			return err
		}
		if err := st.writeFile(pl.dir+"/"+builder.CommentsFile, data); err != nil {
			return err
		}
		rep.Comments += len(p.Comments)
	}
	rep.addPost(pl)
	return nil
}

// file is the post's index.md, relative to the site root.
func (pl *plan) file() string { return pl.dir + "/index.md" }

// relink points images and image links at the fetched files.
func relink(root *html.Node, local map[string]string) {
	find(root, func(n *html.Node) bool {
		key := ""
		switch n.DataAtom {
		case atom.Img:
			key = "src"
		case atom.A:
			key = "href"
		default:
			return false
		}
		if name, ok := local[absolute(attr(n, key))]; ok {
			setAttr(n, key, name)
		}
		return false
	})
}

// writeSiteFiles writes kopij.toml, the redirect files and Site.Files.
func writeSiteFiles(st *stage, site *Site, plans []*plan, rep *Report) error {
	cfg, err := configTOML(site)
	if err != nil {
		return err
	}
	if err := st.writeFile("kopij.toml", cfg); err != nil {
		return err
	}
	redirects := queryRedirects(plans)
	if len(redirects) > 0 {
		// kopij build writes _redirects for Netlify from query_aliases.
		if err := st.writeFile(NginxRedirectsFile, nginxRedirects(redirects)); err != nil {
			return err
		}
		rep.RedirectFiles = []string{NginxRedirectsFile}
	}
	for _, f := range site.Files {
		if rel, ok := strings.CutPrefix(path.Clean(f.Path), "static/"); ok && reservedStatic[rel] {
			rep.SiteNotes = append(rep.SiteNotes, fmt.Sprintf("%s: not copied: kopij writes /%s itself", f.Path, rel))
			continue
		}
		if path.Clean(f.Path) == "kopij.toml" {
			return fmt.Errorf("site file %s: kopij.toml is written from Site's fields", f.Path)
		}
		if err := st.writeFile(f.Path, f.Data); err != nil {
			return err
		}
		rep.FilesCopied++
	}
	return nil
}

// fieldKeys are the front matter keys frontMatter writes itself.
var fieldKeys = map[string]bool{"title": true, "date": true, "lastmod": true, "draft": true, "author": true,
	"slug": true, "url": true, "aliases": true, "query_aliases": true, "tags": true, "categories": true,
	"description": true, "image": true}

// keepParams returns the post's Params without the keys frontMatter
// writes itself (in any case): a text value fills the field when the
// post left it empty, anything else is noted and left out.
func keepParams(p *Post, fm *frontMatter) map[string]any {
	if len(p.Params) == 0 {
		return nil
	}
	out := map[string]any{}
	for _, k := range sortedKeys(p.Params) {
		v := p.Params[k]
		lk := strings.ToLower(k)
		if !fieldKeys[lk] {
			out[k] = v
			continue
		}
		s, isText := v.(string)
		switch {
		case lk == "image" && isText && fm.Image == "":
			fm.Image = s
		case lk == "author" && isText && fm.Author == "":
			fm.Author = s
		case lk == "description" && isText && fm.Description == "":
			fm.Description = s
		case lk == "author" && fm.Author == "" && authorName(v) != "":
			fm.Author = authorName(v)
		case lk == "author" && textList(v) != nil:
			if _, ok := p.Params["authors"]; !ok {
				out["authors"] = textList(v) // kopij reads authors: as a list
			}
		default:
			p.Note(fmt.Sprintf("front matter %s: %v is not kept (kopij reads %s as one %s)", k, v, lk, "value"))
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// authorName is the name of an author written as a table (name: X).
func authorName(v any) string {
	if m, ok := v.(map[string]any); ok {
		for k, x := range m {
			if s, ok := x.(string); ok && strings.EqualFold(k, "name") {
				return s
			}
		}
	}
	return ""
}

// textList is v as a list of text, or nil when it is not one.
func textList(v any) []string {
	l, ok := v.([]any)
	if !ok || len(l) == 0 {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, ok := x.(string)
		if !ok {
			return nil
		}
		out = append(out, s)
	}
	return out
}
