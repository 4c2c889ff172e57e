package builder

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
)

// Old addresses an imported blog keeps (see Redirects and query_aliases):
//
//	_redirects            Netlify rules: the site's static/_redirects, then a rule for
//	                      every query alias, old term and old feed address
//	redirects.json        the query aliases, for the script of the home and 404 pages
//	                      that sends "/?p=12" to its post on hosts without rules
//	tag/x/, category/x/,  redirect pages to the term pages (Redirects.Platform)
//	search/label/X/
//	feed/, feeds/posts/default  the site's feed itself, for feed readers that
//	                      do not follow redirect pages
const (
	redirectsFile     = "_redirects"
	queryRedirectsURL = "/redirects.json"
)

// queryRedirect is one old address with a query string and where it went.
type queryRedirect struct {
	From string `json:"from"` // site path with the base path, and the query: "/?p=12"
	To   string `json:"to"`   // site-relative URL of the post: "/2020/01/slug/"
}

// queryAliases reads the query_aliases front matter key: old addresses
// with a query string, such as WordPress's "/?p=12". It returns the valid
// ones and a warning for each other.
func queryAliases(p *Page) (out []string, warnings []string) {
	var raw []string
	switch v := p.Params["query_aliases"].(type) {
	case nil:
		return nil, nil
	case string:
		raw = []string{v}
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				warnings = append(warnings, fmt.Sprintf("%s: query_aliases: %v is not an address (write it as \"/?p=12\")", p.File, x))
				continue
			}
			raw = append(raw, s)
		}
	default:
		return nil, []string{fmt.Sprintf("%s: query_aliases is not a list of addresses (write it as [\"/?p=12\"])", p.File)}
	}
	for _, a := range raw {
		u, err := url.Parse(strings.TrimSpace(a))
		if err != nil || u.RawQuery == "" || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(u.Path, "/") || strings.ContainsAny(a, " \t\n") {
			warnings = append(warnings, fmt.Sprintf("%s: query_aliases: %q is not a site path with a query (write it as \"/?p=12\")", p.File, a))
			continue
		}
		out = append(out, u.Path+"?"+u.RawQuery)
	}
	return out, warnings
}

// queryRedirects lists every query alias of the published posts and pages.
func (b *Builder) queryRedirects(idx *index) []queryRedirect {
	var out []queryRedirect
	for _, list := range [][]*Page{idx.posts, idx.pages} {
		for _, p := range list {
			for _, a := range p.QueryAliases {
				out = append(out, queryRedirect{From: b.url(a), To: p.URL})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].From < out[j].From })
	return out
}

// oldRedirect is an old path without a query and where it went.
type oldRedirect struct {
	from, to string // site paths with the base path
	title    string // of the page it went to
	feed     string // for old feed addresses: the output path of the feed served there too
	ruleOnly bool   // a Netlify pattern with placeholders, for which no page is written
}

// oldRedirects lists the term and feed addresses of Redirects.Platform.
func (b *Builder) oldRedirects(idx *index) []oldRedirect {
	var out []oldRedirect
	switch b.config.Redirects.Platform {
	case "wordpress":
		for _, t := range idx.tags {
			out = append(out, oldRedirect{from: b.url("/tag/" + t.Slug + "/"), to: t.URL, title: t.Name})
		}
		for _, t := range idx.categories {
			out = append(out, oldRedirect{from: b.url("/category/" + t.Slug + "/"), to: t.URL, title: t.Name})
		}
		if len(idx.categories) > 0 {
			// WordPress puts the parents of a category in its address
			// (/category/parent/child/); kopij's categories are flat.
			for _, from := range []string{"/category/:a/:slug/", "/category/:a/:b/:slug/"} {
				out = append(out, oldRedirect{from: b.url(from), to: b.url("/categories/:slug/"), ruleOnly: true})
			}
		}
		out = append(out, oldRedirect{from: b.url("/feed/"), to: b.url("/" + rssFile), feed: rssFile})
	case "blogger":
		// Blogger's labels are kopij's tags (and categories, when a
		// label became one); /search/label/ names them as written.
		seen := map[string]bool{}
		for _, terms := range [][]*Term{idx.tags, idx.categories} {
			for _, t := range terms {
				if seen[t.Name] || t.Name == "." || t.Name == ".." || strings.ContainsAny(t.Name, "/\\?#%") {
					continue
				}
				seen[t.Name] = true
				out = append(out, oldRedirect{from: b.url("/search/label/" + t.Name), to: t.URL, title: t.Name})
			}
		}
		out = append(out, oldRedirect{from: b.url("/feeds/posts/default"), to: b.url("/" + atomFile), feed: atomFile})
	}
	return out
}

// redirectJobs writes the files of the old addresses; jobs are the site's
// other jobs, whose feeds the old feed addresses serve as well.
func (b *Builder) redirectJobs(idx *index, jobs []*job) []*job {
	queries := b.queryRedirects(idx)
	olds := b.oldRedirects(idx)
	var out []*job
	b.redirectRules = false
	if len(queries) > 0 {
		out = append(out, &job{path: b.outPath(b.url(queryRedirectsURL)), owner: "the query redirects", mime: "application/json",
			inputs: func(f *fingerprint) {
				f.str("query-redirects")
				for _, q := range queries {
					f.str(q.From).str(q.To)
				}
			},
			render: func() ([]byte, error) { return json.Marshal(queries) }})
	}
	for _, o := range olds {
		if o.ruleOnly {
			continue
		}
		if o.feed != "" {
			feed := b.outPath(b.url("/" + o.feed))
			for _, j := range jobs {
				if j.path == feed {
					out = append(out, &job{path: b.outPath(o.from), owner: "the old feed address " + o.from, mime: j.mime, inputs: j.inputs, render: j.render})
				}
			}
			continue
		}
		target := absURL(b.config.BaseURL, o.to)
		out = append(out, &job{path: b.outPath(strings.TrimSuffix(o.from, "/") + "/"), owner: "the old address " + o.from, mime: "text/html",
			inputs: func(f *fingerprint) {
				f.layout(b.theme.layouts, "alias", "alias.html").str(target).str(o.title)
			},
			layout: func() (string, any) {
				return "alias.html", &PageData{Site: &SiteData{BaseURL: b.config.BaseURL}, Kind: "alias", Permalink: target, URL: o.to, Title: o.title, Lang: b.config.Language}
			}})
	}
	if len(queries) == 0 && len(olds) == 0 {
		return out
	}
	b.redirectRules = true
	static := b.src.files[staticDir+"/"+redirectsFile]
	out = append(out, &job{path: redirectsFile, owner: "the redirect rules", inputs: func(f *fingerprint) {
		f.str("redirects")
		if static != nil {
			f.u64(static.hash)
		}
		for _, q := range queries {
			f.str(q.From).str(q.To)
		}
		for _, o := range olds {
			f.str(o.from).str(o.to)
		}
	}, render: func() ([]byte, error) {
		var own []byte
		if static != nil {
			own = static.data
		}
		return netlifyRules(own, queries, olds), nil
	}})
	return out
}

// netlifyRules writes a _redirects file in Netlify's syntax: the site's own
// rules first, then one per old address that is not among them. The rules
// are forced ("301!"): the home page exists at "/", and Netlify would
// serve it for "/?p=12" otherwise.
func netlifyRules(own []byte, queries []queryRedirect, olds []oldRedirect) []byte {
	var buf bytes.Buffer
	have := map[string]bool{}
	if len(bytes.TrimSpace(own)) > 0 {
		buf.Write(own)
		if !bytes.HasSuffix(own, []byte("\n")) {
			buf.WriteByte('\n')
		}
		for _, l := range strings.Split(string(own), "\n") {
			if f := strings.Fields(l); len(f) > 0 && !strings.HasPrefix(f[0], "#") {
				have[strings.Join(f[:len(f)-1], " ")] = true // a rule without its status
			}
		}
	}
	buf.WriteString("# Old addresses of this blog, written by kopij build from query_aliases and [redirects].\n")
	rule := func(from, params, to string) {
		key := strings.Join(strings.Fields(from+" "+params+" "+to), " ")
		if have[key] {
			return
		}
		have[key] = true
		fmt.Fprintf(&buf, "%s 301!\n", key)
	}
	for _, q := range queries {
		pth, query, _ := strings.Cut(q.From, "?")
		values, _ := url.ParseQuery(query)
		var params []string
		for _, k := range slices.Sorted(maps.Keys(values)) {
			for _, v := range values[k] {
				params = append(params, url.QueryEscape(k)+"="+url.QueryEscape(v))
			}
		}
		to := (&url.URL{Path: q.To}).EscapedPath()
		from := (&url.URL{Path: pth}).EscapedPath()
		rule(from, strings.Join(params, " "), to)
		if path.Base(pth) != "index.php" && strings.HasSuffix(pth, "/") {
			rule(from+"index.php", strings.Join(params, " "), to) // WordPress answers both
		}
	}
	for _, o := range olds {
		rule((&url.URL{Path: o.from}).EscapedPath(), "", (&url.URL{Path: o.to}).EscapedPath())
	}
	return buf.Bytes()
}

// queryRedirectsURLFor is the address of redirects.json for the home and
// 404 pages, "" when the site has no query aliases.
func (b *Builder) queryRedirectsURLFor(idx *index) string {
	for _, list := range [][]*Page{idx.posts, idx.pages} {
		for _, p := range list {
			if len(p.QueryAliases) > 0 {
				return b.url(queryRedirectsURL)
			}
		}
	}
	return ""
}
