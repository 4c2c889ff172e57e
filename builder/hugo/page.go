package hugo

import (
	"fmt"
	"html/template"
	"path"
	"strings"
	"time"
)

// pageView is .Page in a shortcode template.
type pageView struct {
	e     *Engine
	p     *Page
	site  *siteView
	store *Scratch
}

func newPageView(e *Engine, p *Page) *pageView {
	return &pageView{e: e, p: p, site: &siteView{e: e}, store: &Scratch{}}
}

func (v *pageView) Title() string          { return v.p.Title }
func (v *pageView) LinkTitle() string      { return v.p.Title }
func (v *pageView) Params() map[string]any { return nonNil(v.p.Params) }
func (v *pageView) Date() time.Time        { return v.p.Date }
func (v *pageView) Lastmod() time.Time     { return v.p.Lastmod }
func (v *pageView) PublishDate() time.Time { return v.p.PublishDate }
func (v *pageView) Permalink() string      { return v.p.Permalink }
func (v *pageView) RelPermalink() string   { return v.p.RelPermalink }
func (v *pageView) Section() string        { return v.p.Section }
func (v *pageView) Type() string           { return v.p.Section }
func (v *pageView) Slug() string           { return v.p.Slug }
func (v *pageView) Draft() bool            { return v.p.Draft }
func (v *pageView) Lang() string           { return v.p.Lang }
func (v *pageView) IsPage() bool           { return v.Kind() == "page" }
func (v *pageView) IsHome() bool           { return v.Kind() == "home" }
func (v *pageView) IsSection() bool        { return v.Kind() == "section" }
func (v *pageView) Site() *siteView        { return v.site }
func (v *pageView) Store() *Scratch        { return v.store }
func (v *pageView) Scratch() *Scratch      { return v.store }
func (v *pageView) Description() string    { s, _ := v.p.Params["description"].(string); return s }

// Kind is "page", "section" or "home".
func (v *pageView) Kind() string {
	if v.p.Kind == "" {
		return "page"
	}
	return v.p.Kind
}

// Language is the page's language, with .Lang and .LanguageCode.
func (v *pageView) Language() map[string]any {
	return map[string]any{"Lang": v.p.Lang, "LanguageCode": v.p.Lang}
}

// File describes the content file as Hugo's .File does.
func (v *pageView) File() map[string]any {
	p := v.p.Path
	base := path.Base(p)
	ext := path.Ext(base)
	name := strings.TrimSuffix(base, ext)
	contentBase := name
	if name == "index" || name == "_index" {
		contentBase = path.Base(path.Dir(p))
	}
	dir := path.Dir(p)
	if dir == "." {
		dir = ""
	} else {
		dir += "/"
	}
	return map[string]any{
		"Path": p, "Filename": v.p.File, "Dir": dir, "BaseFileName": name, "TranslationBaseName": name,
		"LogicalName": base, "Ext": strings.TrimPrefix(ext, "."), "ContentBaseName": contentBase,
		"Section": v.p.Section,
	}
}

// Param returns a page param, else a site param, by a case-insensitive key
// (dotted keys reach into maps).
func (v *pageView) Param(key string) any {
	if x := lookupParam(v.p.Params, key); x != nil {
		return x
	}
	return lookupParam(v.e.site.Params, key)
}

// Resources are the files of the page bundle.
func (v *pageView) Resources() resources { return resources(v.p.Resources) }

// RenderString renders Markdown as part of the page. Options: display
// "inline" (default: one paragraph is unwrapped) or "block".
func (v *pageView) RenderString(args ...any) (template.HTML, error) {
	var src string
	display := "inline"
	switch len(args) {
	case 1:
		src = toString(args[0])
	case 2:
		if m, ok := args[0].(map[string]any); ok {
			if d, ok := m["display"].(string); ok {
				display = d
			}
		}
		src = toString(args[1])
	default:
		return "", fmt.Errorf("RenderString takes one or two arguments")
	}
	return template.HTML(v.e.markdownify(src, display == "block")), nil
}

// GetPage returns the page at a content path, or nil.
func (v *pageView) GetPage(ref string) *pageView { return v.site.GetPage(ref) }

// ref resolves a ref/relref argument: a path string, or a map with path.
func (v *pageView) ref(args any, abs bool) (string, error) {
	var ref string
	switch a := args.(type) {
	case string:
		ref = a
	case map[string]any:
		ref, _ = a["path"].(string)
	case []any:
		if len(a) > 0 {
			ref = toString(a[0])
		}
	}
	if ref == "" {
		return "", fmt.Errorf("ref needs the path of a page")
	}
	target, anchor, _ := strings.Cut(ref, "#")
	if anchor != "" {
		anchor = "#" + anchor
	}
	if target == "" {
		// Hugo gives a bare anchor for a reference within the page.
		return anchor, nil
	}
	p := v.e.findPage(target, v.p)
	if p == nil {
		return "", fmt.Errorf("page %q not found: write its path below the content folder, e.g. \"posts/x.md\"", target)
	}
	if abs {
		return p.Permalink + anchor, nil
	}
	return p.RelPermalink + anchor, nil
}

// findPage looks a page up as Hugo's ref does: from the content root, then
// relative to the page's folder, then by a unique file name.
func (e *Engine) findPage(ref string, from *Page) *Page {
	key := pageKey(ref)
	if strings.HasPrefix(ref, "/") {
		return e.pages[key]
	}
	if from != nil && from.Path != "" {
		if p := e.pages[pageKey(path.Join(path.Dir(from.Path), ref))]; p != nil {
			return p
		}
	}
	if p := e.pages[key]; p != nil {
		return p
	}
	if !strings.Contains(key, "/") {
		if ps := e.base[key]; len(ps) == 1 {
			return ps[0]
		}
	}
	return nil
}

// siteView is .Site in a shortcode template.
type siteView struct{ e *Engine }

func (s *siteView) Title() string          { return s.e.site.Title }
func (s *siteView) BaseURL() string        { return s.e.site.BaseURL }
func (s *siteView) Params() map[string]any { return nonNil(s.e.site.Params) }
func (s *siteView) LanguageCode() string   { return s.e.site.LanguageCode }
func (s *siteView) Copyright() string      { return s.e.site.Copyright }
func (s *siteView) Author() map[string]any { return nonNil(s.e.site.Author) }
func (s *siteView) Language() map[string]any {
	return map[string]any{"Lang": s.e.site.LanguageCode, "LanguageCode": s.e.site.LanguageCode}
}

// Home is the home page, when the site has one.
func (s *siteView) Home() *pageView { return s.GetPage("/") }

// GetPage returns the page at a content path, or nil.
func (s *siteView) GetPage(ref string) *pageView {
	var p *Page
	if strings.Trim(ref, "/") == "" {
		p = s.e.pages["_index"]
	} else {
		p = s.e.findPage(ref, nil)
	}
	if p == nil {
		return nil
	}
	return newPageView(s.e, p)
}

// resources is .Page.Resources.
type resources []Resource

// Get returns the resource with that name, or nil.
func (r resources) Get(name string) *Resource {
	for i := range r {
		if r[i].Name == name {
			return &r[i]
		}
	}
	return nil
}

// GetMatch returns the first resource whose name matches the glob.
func (r resources) GetMatch(pattern string) *Resource {
	for i := range r {
		if ok, _ := path.Match(strings.ToLower(pattern), strings.ToLower(r[i].Name)); ok {
			return &r[i]
		}
	}
	return nil
}

// Match returns the resources whose names match the glob.
func (r resources) Match(pattern string) []Resource {
	var out []Resource
	for i := range r {
		if ok, _ := path.Match(strings.ToLower(pattern), strings.ToLower(r[i].Name)); ok {
			out = append(out, r[i])
		}
	}
	return out
}

// ByType returns the resources of a main media type ("image").
func (r resources) ByType(t string) []Resource {
	var out []Resource
	for i := range r {
		if strings.HasPrefix(r[i].MediaType, t+"/") {
			out = append(out, r[i])
		}
	}
	return out
}

// ResourceType is the main media type: "image", "text", ...
func (r Resource) ResourceType() string {
	t, _, _ := strings.Cut(r.MediaType, "/")
	return t
}

// Title is the resource's name, as Hugo's default.
func (r Resource) Title() string { return r.Name }

func lookupParam(m map[string]any, key string) any {
	var cur any = m
	for _, k := range strings.Split(strings.ToLower(key), ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = nil
		for mk, mv := range mm {
			if strings.ToLower(mk) == k {
				cur = mv
				break
			}
		}
		if cur == nil {
			return nil
		}
	}
	return cur
}

func nonNil(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
