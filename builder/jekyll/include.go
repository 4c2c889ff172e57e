package jekyll

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/osteele/liquid/render"
)

// includeTag is {% include file.html key="value" key2=variable %} and
// {% include_relative file.md %}. The file runs with the page's variables
// and include.* set to its parameters. HTML output (output that starts
// with a tag, from a .html file) becomes a fragment; other output is
// Markdown and goes on with the page.
func (r *Renderer) includeTag(ctx render.Context, relative bool) (string, error) {
	st := stateOf(ctx)
	tag := "include"
	if relative {
		tag = "include_relative"
	}
	line, file := lineOf(ctx), ctx.SourceFile()
	name, params := splitIncludeArgs(ctx.TagArgs())
	if strings.Contains(name, "{{") {
		s, err := r.engine.ParseAndRenderString(name, ctx.Bindings())
		if err != nil {
			st.warn(file, line, "{%% %s %s %%}: the file name does not render (%v); left out", tag, name, err)
			return "", nil
		}
		name = strings.TrimSpace(s)
	}
	p, ok := r.includeFile(st, name, relative)
	if !ok {
		st.warn(file, line, "{%% %s %s %%}: not a file name Jekyll accepts (letters, digits and / . - _ ( ) + ~ # @, no .. or //); left out", tag, name)
		return "", nil
	}
	st.mu.Lock()
	st.included++
	many := st.included > maxIncludes
	st.mu.Unlock()
	if many {
		st.warn(file, line, "{%% %s %s %%}: more than %d includes in one page; left out", tag, name, maxIncludes)
		return "", nil
	}
	if st.depth >= maxIncludeDepth {
		st.warn(file, line, "{%% %s %s %%}: includes nest deeper than %d (does it include itself?); left out", tag, name, maxIncludeDepth)
		return "", nil
	}
	inc := r.loadInclude(p)
	if inc.err != nil {
		st.warn(file, line, "{%% %s %s %%}: %v; left out", tag, name, inc.err)
		return "", nil
	}
	st.mu.Lock()
	st.warnings = append(st.warnings, inc.warnings...)
	st.mu.Unlock()

	vars := map[string]any{}
	for k, v := range ctx.Bindings() {
		vars[k] = v
	}
	if params != "" {
		inc := map[string]any{}
		for _, m := range includeParamRE.FindAllStringSubmatch(params, -1) {
			switch {
			case m[2] != "" || strings.Contains(m[0], `""`):
				inc[m[1]] = strings.ReplaceAll(m[2], `\"`, `"`)
			case m[3] != "" || strings.Contains(m[0], `''`):
				inc[m[1]] = strings.ReplaceAll(m[3], `\'`, `'`)
			default:
				v, err := ctx.EvaluateString(m[4])
				if err != nil {
					st.warn(file, line, "{%% %s %s %%}: parameter %s=%s does not evaluate (%v)", tag, name, m[1], m[4], err)
				}
				inc[m[1]] = v
			}
		}
		vars["include"] = inc
	}
	st.depth++
	b, err := safeRender(inc.tpl, vars)
	out := string(b)
	st.depth--
	if err != nil {
		st.warn(p, 0, "%v; the include is left out", liquidError(p, err))
		return "", nil
	}
	return r.includeOutput(st, p, out), nil
}

// includeOutput decides how an include's output joins the page: HTML
// from an HTML file as a fragment (a block when it starts with a block
// element), anything else as Markdown.
func (r *Renderer) includeOutput(st *state, p, out string) string {
	ext := strings.ToLower(path.Ext(p))
	trimmed := strings.TrimSpace(out)
	if ext == ".md" || ext == ".markdown" || !strings.HasPrefix(trimmed, "<") {
		return out
	}
	if m := firstTagRE.FindStringSubmatch(trimmed); m != nil && blockTags[strings.ToLower(m[1])] {
		return st.frags.block(trimmed)
	}
	return st.frags.add(trimmed)
}

// loadInclude reads and parses an include file once.
func (r *Renderer) loadInclude(p string) *include {
	r.mu.Lock()
	inc, ok := r.includes[p]
	r.mu.Unlock()
	if ok {
		return inc
	}
	inc = &include{}
	if r.site.FS == nil {
		inc.err = fmt.Errorf("no site folder to read %s from", p)
	} else if b, err := fs.ReadFile(r.site.FS, p); err != nil {
		inc.err = fmt.Errorf("cannot read %s (Jekyll stops the build here)", p)
	} else {
		src, warnings, _ := r.prepare(string(b), p, 1, false)
		inc.warnings = warnings
		tpl, err := r.engine.ParseTemplateLocation([]byte(src), p, 1)
		if err != nil {
			inc.err = liquidError(p, err)
		}
		inc.tpl = tpl
	}
	r.mu.Lock()
	r.includes[p] = inc
	r.mu.Unlock()
	return inc
}
