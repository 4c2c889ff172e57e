package builder

import (
	"io/fs"
	"path"
	"strings"
)

// copyJobs adds the files copied as is: theme static files, the site's
// static/ folder (which wins over the theme), bundle resources and other
// files under content/.
func (b *Builder) copyJobs(idx *index, files map[string]*Output, claim func(p, owner string) bool) {
	for rel, f := range b.theme.static {
		if _, site := b.src.files[staticDir+"/"+rel]; site || minifiable(rel) != "" {
			continue
		}
		if f.embedded != nil {
			files[rel] = &Output{Source: f.path, FS: f.embedded, hash: f.hash}
		} else {
			files[rel] = &Output{Source: f.path, FS: b.fsys, hash: f.hash}
		}
		claim(rel, "theme file "+f.display())
	}
	bundles := map[string]string{} // bundle folder -> output folder
	for _, p := range append(append([]*Page(nil), idx.posts...), idx.pages...) {
		if p.Bundle != "" {
			// Beside the page: in its folder ("x/index.html"), or beside
			// a page served as a file ("2009/10/x.html"), whose bundle
			// files kopij import names "x-img.jpg".
			dir := path.Dir(b.outPath(p.URL)) + "/"
			if dir == "./" {
				dir = ""
			}
			bundles[p.Bundle+"/"] = dir
		}
	}
	for p, f := range b.src.files {
		var out string
		switch {
		case p == staticDir+"/"+redirectsFile && b.redirectRules:
			continue // in the _redirects the build writes
		case strings.HasPrefix(p, staticDir+"/"):
			out = strings.TrimPrefix(p, staticDir+"/")
		case strings.HasPrefix(p, contentDir+"/") && !isMarkdown(p) && !b.isCommentsFile(p):
			out = strings.TrimPrefix(p, contentDir+"/")
			for dir := path.Dir(p); dir != contentDir && dir != "."; dir = path.Dir(dir) {
				if o, ok := bundles[dir+"/"]; ok {
					out = o + strings.TrimPrefix(p, dir+"/")
					break
				}
			}
		default:
			continue
		}
		if !claim(out, p) {
			continue
		}
		files[out] = &Output{Source: p, FS: b.fsys, hash: f.hash}
	}
}

// minifiable returns the media type of theme assets that are minified
// like generated outputs, or "" for files copied as they are.
func minifiable(name string) string {
	switch path.Ext(name) {
	case ".css":
		return "text/css"
	case ".js":
		return "application/javascript"
	case ".svg":
		return "image/svg+xml"
	}
	return ""
}

// themeAssetJobs minifies the theme's CSS, JavaScript and SVG files, unless
// the site's static/ folder replaces them.
func (b *Builder) themeAssetJobs() []*job {
	var jobs []*job
	for rel, f := range b.theme.static {
		mime := minifiable(rel)
		if _, site := b.src.files[staticDir+"/"+rel]; site || mime == "" {
			continue
		}
		fsys := f.embedded
		if fsys == nil {
			fsys = b.fsys
		}
		jobs = append(jobs, &job{path: rel, owner: "theme file " + f.display(), mime: mime,
			inputs: func(fp *fingerprint) { fp.str("asset").u64(f.hash) },
			render: func() ([]byte, error) { return fs.ReadFile(fsys, f.path) }})
	}
	return jobs
}
