package builder

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/BurntSushi/toml"
	"github.com/tdewolff/minify/v2"
)

// themeCache is the theme stage: the embedded default theme, read once,
// and the theme parsed from it with the site's files laid over it.
type themeCache struct {
	*theme                        // nil before the first load
	key      uint64               // fingerprint of the files and configuration theme was parsed from; 0 forces a parse
	embedded map[string]themeFile // the default theme's files
}

// load parses the theme again when one of its files or the configuration
// changed.
func (c *themeCache) load(def fs.FS, snap *snapshot, cfg *Config, cfgKey uint64, minified bool, hasher func([]byte) uint64) error {
	if c.embedded == nil {
		emb, err := readEmbeddedTheme(def, hasher)
		if err != nil {
			return err
		}
		c.embedded = emb
	}
	files := overlayTheme(c.embedded, snap, cfg.Theme)
	var key strings.Builder
	names := slices.Sorted(maps.Keys(files))
	for _, p := range names {
		fmt.Fprintf(&key, "%s:%d:%s;", p, files[p].hash, files[p].path)
	}
	k := hasher([]byte(key.String())) ^ cfgKey
	if c.theme != nil && k == c.key {
		return nil
	}
	th, err := parseTheme(files, cfg, minified, hasher)
	if err != nil {
		return err
	}
	c.theme, c.key = th, k
	return nil
}

// theme is a parsed theme: one template set per layout, UI strings, and the
// static files it contributes.
type theme struct {
	layouts map[string]*layout           // by file name without folder, e.g. "post.html"
	strings map[string]map[string]string // lang -> key -> text
	static  map[string]themeFile         // output path -> file
	files   map[string]themeFile         // every file by its path in the theme, e.g. "layouts/post.html", for messages
	hash    uint64                       // fingerprint of everything above

	base     *template.Template // the partials alone, which partialCached runs
	partials partialCache       // outputs of partialCached in the current render
}

// layout is a template set able to render one kind of page.
type layout struct {
	tmpl *template.Template
	hash uint64 // fingerprint of every file the set was parsed from
	// otherBodies: the set may read the body of a page other than the one
	// it renders (a post's neighbours, the posts of a list), so its
	// outputs depend on those bodies too; see readsOtherBodies.
	otherBodies bool
	// otherSummaries: the set may read the summary or reading time of a
	// page other than the one it renders; see readsOtherSummaries.
	otherSummaries bool
	// minified: the set's text was minified when parsed (see tmplmin.go),
	// so its pages need no minifying after rendering.
	minified bool
}

// themeFile is a theme file: from the embedded default theme (embedded) or
// from the site's themes/NAME/ folder (site path).
type themeFile struct {
	embedded fs.FS  // non-nil for the embedded theme
	path     string // path in embedded, or site-relative path
	data     []byte // content for layouts and i18n; nil for static files
	hash     uint64
}

// layoutNames are the page layouts a theme can provide; baseof.html wraps
// all but alias.html.
var layoutNames = []string{"home.html", "post.html", "page.html", "term.html", "terms.html", "archive.html", "search.html", "404.html", "subscribed.html", "alias.html"}

// readEmbeddedTheme reads the default theme's files: the bytes of layouts
// and i18n files, the size of the rest (copied when written).
func readEmbeddedTheme(def fs.FS, hasher func([]byte) uint64) (map[string]themeFile, error) {
	files := map[string]themeFile{}
	err := fs.WalkDir(def, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || IsIgnored(d.Name()) || strings.HasSuffix(p, ".go") {
			return err
		}
		f := themeFile{embedded: def, path: p}
		if strings.HasPrefix(p, "layouts/") || strings.HasPrefix(p, "i18n/") {
			data, err := fs.ReadFile(def, p)
			if err != nil {
				return err
			}
			f.data = data
			f.hash = hasher(data)
		} else {
			info, err := d.Info()
			if err != nil {
				return err
			}
			f.hash = hasher([]byte(fmt.Sprintf("embedded/%s/%d", p, info.Size())))
		}
		files[p] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read embedded theme: %w", err)
	}
	return files, nil
}

// overlayTheme lays the site's themes/NAME/ files over the embedded
// default theme, file by file.
func overlayTheme(embedded map[string]themeFile, snap *snapshot, name string) map[string]themeFile {
	files := maps.Clone(embedded)
	prefix := themesDir + "/" + name + "/"
	for p, sf := range snap.files {
		if rel, ok := strings.CutPrefix(p, prefix); ok {
			files[rel] = themeFile{path: p, data: sf.data, hash: sf.hash}
		}
	}
	return files
}

// parseTheme builds the template sets of files, with the template
// functions of cfg; with minified, their text is minified.
func parseTheme(files map[string]themeFile, cfg *Config, minified bool, hasher func([]byte) uint64) (*theme, error) {
	th := &theme{layouts: map[string]*layout{}, strings: map[string]map[string]string{}, static: map[string]themeFile{}, files: files}
	var names []string
	for p := range files {
		names = append(names, p)
	}
	sort.Strings(names)
	var partials []string
	var all, i18n bytes.Buffer
	for _, p := range names {
		f := files[p]
		fmt.Fprintf(&all, "%s:%d;", p, f.hash)
		switch {
		case strings.HasPrefix(p, "layouts/partials/") && strings.HasSuffix(p, ".html"):
			partials = append(partials, p)
		case strings.HasPrefix(p, "i18n/") && strings.HasSuffix(p, ".toml"):
			m := map[string]string{}
			if _, err := toml.Decode(string(f.data), &m); err != nil {
				le := &LineError{File: f.display(), Msg: err.Error() + ` (every line must be key = "text")`, Err: err}
				if perr, ok := errors.AsType[toml.ParseError](err); ok {
					le.Line, le.Msg = perr.Position.Line, perr.Message+` (every line must be key = "text")`
				}
				return nil, le
			}
			th.strings[strings.TrimSuffix(path.Base(p), ".toml")] = m
			fmt.Fprintf(&i18n, "%s:%d;", p, f.hash)
		case strings.HasPrefix(p, "static/"):
			th.static[strings.TrimPrefix(p, "static/")] = f
		}
	}
	th.hash = hasher(all.Bytes())

	base := template.New("").Funcs(templateFuncs(cfg, th))
	var common bytes.Buffer
	for _, p := range partials {
		f := files[p]
		name := strings.TrimPrefix(p, "layouts/")
		if _, err := base.New(name).Parse(string(f.data)); err != nil {
			return nil, templateError(f, err)
		}
		fmt.Fprintf(&common, "%s:%d;", p, f.hash)
		common.Write(f.data)
	}
	th.base = base
	var tm *minify.M
	done := map[*parse.Tree]bool{}
	minifiedBase, minifiedWithBase := minified, minified
	if minified {
		tm = tmplMinifier()
		minifiedBase = minifyTemplates(tm, base, done)
		minifiedWithBase = minifiedBase
	}
	baseof, hasBase := files["layouts/baseof.html"]
	withBase := base
	if hasBase {
		withBase = template.Must(base.Clone())
		if _, err := withBase.New("baseof.html").Parse(string(baseof.data)); err != nil {
			return nil, templateError(baseof, err)
		}
		if minified {
			minifiedWithBase = minifyTemplates(tm, withBase, done) && minifiedBase
		}
	}
	for _, name := range layoutNames {
		f, ok := files["layouts/"+name]
		if !ok {
			continue
		}
		parent, parentMinified := withBase, minifiedWithBase
		var src bytes.Buffer
		src.Write(common.Bytes())
		if name == "alias.html" || !hasBase {
			parent, parentMinified = base, minifiedBase
		} else {
			src.Write(baseof.data)
		}
		src.Write(f.data)
		set, err := parent.Clone()
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		if _, err := set.New(name).Parse(string(f.data)); err != nil {
			return nil, templateError(f, err)
		}
		setMinified := minified && minifyTemplates(tm, set, done) && parentMinified
		entry := name
		if parent == withBase && hasBase {
			entry = "baseof.html"
		}
		th.layouts[name] = &layout{
			tmpl:     set.Lookup(entry),
			hash:     hasher(append(src.Bytes(), i18n.Bytes()...)),
			minified: setMinified,
		}
		l := th.layouts[name]
		l.otherBodies, l.otherSummaries = readsOtherBodies(l.tmpl), readsOtherSummaries(l.tmpl)
	}
	if err := th.checkPartialCached(); err != nil {
		return nil, err
	}
	for _, required := range []string{"post.html", "home.html"} {
		if th.layouts[required] == nil {
			return nil, fmt.Errorf("theme: layouts/%s is missing (restore it from the default theme)", required)
		}
	}
	return th, nil
}

// checkPartialCached checks the partialCached calls of every layout and
// partial (see checkPartialCached), each problem once.
func (th *theme) checkPartialCached() error {
	at := func(name string) string {
		if f, ok := th.files["layouts/"+name]; ok {
			return f.display()
		}
		return name
	}
	seen := map[string]bool{}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(th.layouts)) {
		for _, err := range Errors(checkPartialCached(th.layouts[name].tmpl, at)) {
			if !seen[err.Error()] {
				seen[err.Error()] = true
				errs = append(errs, err)
			}
		}
	}
	return joinSorted(errs)
}

func (f themeFile) display() string {
	if f.embedded != nil {
		return "themes/default/" + f.path + " (embedded)"
	}
	return f.path
}

// templatePos matches where the template packages say a problem is:
// "template: NAME:LINE: text" for parse errors, "template: NAME:LINE:COL:
// text" for execution errors. They report no position in a field.
var templatePos = regexp.MustCompile(`(?s)^(?:html/)?template: ?([^:]+):(\d+)(?::\d+)?: (.*)$`)

// templateError turns an error of parsing the template file f into a
// LineError at the line it names.
func templateError(f themeFile, err error) error {
	le := &LineError{File: f.display(), Msg: strings.TrimPrefix(err.Error(), "template: "), Err: err}
	if m := templatePos.FindStringSubmatch(err.Error()); m != nil {
		le.Line, _ = strconv.Atoi(m[2])
		le.Msg = m[3]
	}
	return le
}

// renderErrors turns the errors of rendering outputs, errs[i] of the
// output owners[i] made, into LineErrors at the theme file and line a
// failed template names. A template that fails alike for many outputs
// (a partial every page uses) is one problem, naming the first output.
func (th *theme) renderErrors(owners []string, errs []error) []error {
	var out []error
	same := map[LineError]int{} // without Msg's suffix and Err -> index in out
	others := map[int]int{}     // index in out -> outputs failing alike
	for i, err := range errs {
		m := templatePos.FindStringSubmatch(innermost(err).Error())
		f, ok := themeFile{}, false
		if m != nil {
			f, ok = th.files["layouts/"+m[1]]
		}
		if !ok {
			out = append(out, fmt.Errorf("render %s: %w", owners[i], err))
			continue
		}
		line, _ := strconv.Atoi(m[2])
		key := LineError{File: f.display(), Line: line, Msg: m[3]}
		if k, seen := same[key]; seen {
			others[k]++
			continue
		}
		same[key] = len(out)
		le := key
		le.Msg += " (rendering " + owners[i] + ")"
		le.Err = err
		out = append(out, &le)
	}
	for k, n := range others {
		le := out[k].(*LineError)
		le.Msg = strings.TrimSuffix(le.Msg, ")") + fmt.Sprintf(" and %d more)", n)
	}
	return out
}

// text looks up a UI string in lang, then in English.
func (th *theme) text(lang, key string) (string, bool) {
	if s, ok := th.strings[baseLang(lang)][key]; ok {
		return s, true
	}
	s, ok := th.strings["en"][key]
	return s, ok
}
