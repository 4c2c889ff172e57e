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

var (
	codeBlock = regexp.MustCompile("(?ms)^[ \t]*(```|~~~).*?^[ \t]*(```|~~~)[ \t]*$")
	codeSpan  = regexp.MustCompile("`[^`\n]+`")
)

// fileExts are the extensions of the files a post links to: images,
// media, documents, archives, data, styles and scripts.
var fileExts = map[string]bool{}

func init() {
	for _, e := range strings.Fields(".jpg .jpeg .png .gif .webp .avif .svg .bmp .ico .tif .tiff " +
		".mp4 .webm .mov .m4v .ogv .mp3 .m4a .ogg .oga .wav .flac .pdf .epub .zip .gz .tgz .bz2 .xz .7z " +
		".txt .csv .tsv .json .yaml .yml .js .css .woff .woff2 .ttf .otf .doc .docx .xls .xlsx .ppt .pptx .odt .key") {
		fileExts[e] = true
	}
}

// MissingFiles lists the files a Markdown body links to that a site does
// not have: root-relative paths ("/images/x.png", base path included or
// not) that have is false for, and relative ones ("x.png") that bundle is
// false for. Links to pages (no extension, .html and the like) are not
// files and are left alone.
func MissingFiles(body, basePath string, has, bundle func(string) bool) []string {
	var out []string
	seen := map[string]bool{}
	body = codeBlock.ReplaceAllString(body, "")
	body = codeSpan.ReplaceAllString(body, "")
	for _, m := range fileRef.FindAllStringSubmatch(body, -1) {
		ref := m[1]
		if ref == "" {
			ref = m[2]
		}
		if i := strings.IndexAny(ref, "?#"); i >= 0 {
			ref = ref[:i]
		}
		if ref == "" || strings.ContainsAny(ref, ":{}\\$") || strings.HasPrefix(ref, "//") || seen[ref] {
			continue
		}
		if !fileExts[strings.ToLower(path.Ext(ref))] {
			continue // a page, or a host written without its scheme
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
