package importer

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// NginxRedirectsFile is the file Import writes for old URLs with a query
// string, which a static host serves as the page without the query (so
// "/?p=12" would show the home page): an nginx map to include in the http
// block; it is not published. kopij build writes Netlify's _redirects and
// the script of the home and 404 pages from the posts' query_aliases.
const NginxRedirectsFile = "redirects.nginx.conf"

// queryRedirect is one old URL with a query and the path it now lives at.
type queryRedirect struct {
	path  string     // "/" or "/index.php"
	query url.Values // p=12
	raw   string     // the alias as written, "/?p=12"
	to    string     // escaped target path, "/2020/01/slug/"
}

func queryRedirects(plans []*plan) []queryRedirect {
	var out []queryRedirect
	for _, pl := range plans {
		p := pl.post
		if p.URL == "" || p.Draft {
			continue
		}
		// nginx would read a "$" in the target as a variable.
		to := strings.ReplaceAll((&url.URL{Path: p.URL}).EscapedPath(), "$", "%24")
		for _, a := range p.QueryAliases {
			u, err := url.Parse(a)
			if err != nil || u.RawQuery == "" {
				continue
			}
			pth := u.Path
			if pth == "" {
				pth = "/"
			}
			out = append(out, queryRedirect{path: pth, query: u.Query(), raw: a, to: to})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].raw < out[j].raw })
	return out
}

// nginxRedirects writes a map from request URI to target and the line
// that uses it.
func nginxRedirects(rs []queryRedirect) []byte {
	var b bytes.Buffer
	b.WriteString("# Old addresses with a query string, from kopij import.\n")
	b.WriteString("# Include this file in nginx's http block:   include /path/to/redirects.nginx.conf;\n")
	b.WriteString("# and add this line to the server block of the blog:\n")
	b.WriteString("#     if ($kopij_redirect) { return 301 $kopij_redirect; }\n")
	b.WriteString("map $request_uri $kopij_redirect {\n    default \"\";\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "    %s %s;\n", nginxQuote("~"+uriPattern(r)), nginxQuote(r.to))
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// uriPattern matches the request URI of r with its parameters in any
// order among others; "/" also as "/index.php", as WordPress answers both.
func uriPattern(r queryRedirect) string {
	var pat strings.Builder
	pat.WriteString("^")
	if r.path == "/" {
		pat.WriteString(`/(index\.php)?`)
	} else {
		pat.WriteString(regexp.QuoteMeta((&url.URL{Path: r.path}).EscapedPath()))
	}
	pat.WriteString(`\?`)
	for _, k := range sortedKeys(r.query) {
		for _, v := range r.query[k] {
			pat.WriteString(`(?=(.*&)?` + regexp.QuoteMeta(url.QueryEscape(k)+"="+url.QueryEscape(v)) + `(&|$))`)
		}
	}
	return pat.String()
}

// nginxQuote writes s as a double-quoted nginx string. A "$" stays: in a
// map's regex it is the end anchor, and targets have none (see queryRedirects).
func nginxQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
