package importer

import (
	"net/url"
	"path"
	"regexp"
	"strings"
)

// fileRef finds the targets of Markdown links and images and of src and
// href attributes.
var fileRef = regexp.MustCompile(`\]\(\s*<?([^)\s>]+)|(?:src|href)\s*=\s*["']([^"']+)["']`)

// MissingFiles lists the files a Markdown body links to that a site does
// not have: root-relative paths ("/images/x.png", base path included or
// not) that have is false for, and relative ones ("x.png") that bundle is
// false for. Links to pages (no extension, .html and the like) are not
// files and are left alone.
func MissingFiles(body, basePath string, has, bundle func(string) bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range fileRef.FindAllStringSubmatch(body, -1) {
		ref := m[1]
		if ref == "" {
			ref = m[2]
		}
		if i := strings.IndexAny(ref, "?#"); i >= 0 {
			ref = ref[:i]
		}
		if ref == "" || strings.Contains(ref, ":") || strings.HasPrefix(ref, "//") || seen[ref] {
			continue
		}
		switch strings.ToLower(path.Ext(ref)) {
		case "", ".html", ".htm", ".xml", ".php", ".asp", ".aspx":
			continue
		}
		seen[ref] = true
		p, err := url.PathUnescape(ref)
		if err != nil {
			p = ref
		}
		if strings.HasPrefix(p, "/") {
			rel := strings.TrimPrefix(path.Clean(p), "/")
			if bp := strings.Trim(basePath, "/"); bp != "" {
				if r, ok := strings.CutPrefix(rel, bp+"/"); ok && has(r) {
					continue
				}
			}
			if !has(rel) {
				out = append(out, ref)
			}
			continue
		}
		if bundle != nil && !bundle(path.Clean(p)) {
			out = append(out, ref)
		}
	}
	return out
}
