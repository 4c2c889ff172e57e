package jekyll

import (
	"path"
	"strings"
	"time"
)

// Vars returns a document's page.* variables as Jekyll's Document#to_liquid
// gives them: the front matter (defaults merged in), then url, date, id,
// path, slug, title (from the file name when the front matter has none),
// categories, tags, collection and ext. The same map is an entry of
// site.posts or site.<collection>; add excerpt and content when known.
func Vars(frontMatter map[string]any, d Doc, out Output) map[string]any {
	v := make(map[string]any, len(frontMatter)+10)
	for k, x := range frontMatter {
		v[k] = x
	}
	name := path.Base(d.Path)
	ext := path.Ext(name)
	slug := d.Slug
	if slug == "" {
		slug = strings.TrimSuffix(name, ext)
		if m := postFileRE.FindStringSubmatch(name); m != nil {
			slug = m[2]
		}
		slug = strings.TrimRight(slug, ".")
	}
	v["url"] = out.URL
	v["path"] = d.Path
	v["slug"] = slug
	v["ext"] = ext
	v["categories"] = toAnyList(d.Categories)
	v["tags"] = toAnyList(Tags(frontMatter))
	if d.Collection != "" {
		v["collection"] = d.Collection
		v["id"] = path.Join(path.Dir(out.URL), slug)
		if !d.Date.IsZero() {
			v["date"] = d.Date
		}
		if _, ok := v["title"]; !ok {
			v["title"] = titleize(slug)
		}
	}
	return v
}

// SiteDate puts a date in the zone Jekyll shows it in.
func SiteDate(t time.Time, c *Config) time.Time { return t.In(c.location()) }

// Tags are a document's tags as Jekyll reads them: tag: (kept whole) or
// else tags: (a string is split at spaces).
func Tags(frontMatter map[string]any) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	v, single := frontMatter["tag"]
	if !single || v == nil {
		v = frontMatter["tags"]
	}
	switch v := v.(type) {
	case string:
		if single {
			add(v)
		} else {
			for _, f := range strings.Fields(v) {
				add(f)
			}
		}
	case []any:
		for _, e := range v {
			if e != nil {
				add(toString(e))
			}
		}
	case nil:
	default:
		add(toString(v))
	}
	return out
}

// titleize is Utils.titleize_slug: "my-first-post" is "My First Post".
func titleize(slug string) string {
	parts := strings.Split(slug, "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
		}
	}
	return strings.Join(parts, " ")
}

func toAnyList(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
