package jekyll

import (
	"bytes"
	"fmt"
	"html"
	"path"
	"regexp"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/osteele/liquid/render"
)

var (
	// highlightRE is Jekyll's HighlightBlock::SYNTAX.
	highlightRE = regexp.MustCompile(`^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$`)
	// postNameRE is Jekyll's PostComparer::MATCHER.
	postNameRE = regexp.MustCompile(`^(.+/)*(\d+-\d+-\d+)-(.*)$`)
	// includeParamRE is Jekyll's IncludeTag::VALID_SYNTAX.
	includeParamRE = regexp.MustCompile(`([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([\w.-]+))`)
	// includeNameRE and badIncludeRE are Jekyll's VALID_FILENAME_CHARS and INVALID_SEQUENCES.
	includeNameRE = regexp.MustCompile(`^[\w/.\-()+~#@]+$`)
	badIncludeRE  = regexp.MustCompile(`[./]{2,}`)
	firstTagRE    = regexp.MustCompile(`^<([a-zA-Z][a-zA-Z0-9]*)`)
)

// blockTags are the HTML elements an include's output may start with to be
// kept as a block of its own rather than inline text.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "audio": true, "blockquote": true, "canvas": true,
	"center": true, "details": true, "dialog": true, "div": true, "dl": true, "fieldset": true,
	"figure": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "header": true, "hr": true, "iframe": true, "nav": true, "noscript": true,
	"ol": true, "p": true, "picture": true, "pre": true, "script": true, "section": true, "style": true,
	"table": true, "ul": true, "video": true,
}

func (r *Renderer) addTags() {
	e := r.engine
	e.RegisterBlock("highlight", r.highlightTag)
	e.RegisterTag("link", r.linkTag)
	e.RegisterTag("post_url", r.postURLTag)
	e.RegisterTag("include", func(ctx render.Context) (string, error) { return r.includeTag(ctx, false) })
	e.RegisterTag("include_relative", func(ctx render.Context) (string, error) { return r.includeTag(ctx, true) })
	e.RegisterTag(unknownTag, unknownTagRender)
	e.RegisterTag(checkTag, checkVariable)
	e.RegisterTag("increment", func(ctx render.Context) (string, error) { return counter(ctx, 1) })
	e.RegisterTag("decrement", func(ctx render.Context) (string, error) { return counter(ctx, -1) })
}

func stateOf(ctx render.Context) *state {
	st, _ := ctx.Get(stateKey).(*state)
	if st == nil {
		st = &state{frags: newFragments(nil, nil)}
	}
	return st
}

func lineOf(ctx render.Context) int {
	return ctx.Errorf("").LineNumber()
}

// highlightTag renders {% highlight lang [linenos] %} as highlighted HTML,
// as Jekyll does with Rouge: a <figure class="highlight"> with the
// language's class, chroma's classes for the theme's syntax.css, and line
// numbers with linenos. The HTML is a fragment, so code stays code.
func (r *Renderer) highlightTag(ctx render.Context) (string, error) {
	st := stateOf(ctx)
	code, err := ctx.InnerString()
	if err != nil {
		return "", err
	}
	code = strings.Trim(code, "\r\n")
	args := strings.TrimSpace(ctx.TagArgs())
	m := highlightRE.FindStringSubmatch(args)
	lang, linenos := "plaintext", false
	if m == nil {
		st.warn(ctx.SourceFile(), lineOf(ctx), "{%% highlight %s %%} is not valid (write {%% highlight ruby %%} or {%% highlight ruby linenos %%}); shown as plain code", args)
	} else {
		lang = strings.ToLower(m[1])
		for _, opt := range strings.Fields(m[2]) {
			if k, _, _ := strings.Cut(opt, "="); k == "linenos" {
				linenos = true
			}
		}
	}
	return st.frags.block(highlight(lang, code, linenos)), nil
}

// highlight formats code as the builder's fenced code blocks are
// (goldmark-highlighting: chroma's classes, a <code> with the language's
// class and data-lang), inside Jekyll's <figure class="highlight">.
func highlight(lang, code string, linenos bool) string {
	var body bytes.Buffer
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	class := strings.ReplaceAll(lang, "+", "-")
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err == nil {
		f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithLineNumbers(linenos),
			chromahtml.WithPreWrapper(codeWrapper{lang: lang, class: class}))
		err = f.Format(&body, styles.Fallback, it)
	}
	if err != nil {
		body.Reset()
		body.WriteString(codeWrapper{lang: lang, class: class}.Start(true, ` class="chroma"`) + html.EscapeString(code) + "</code></pre>")
	}
	return `<figure class="highlight">` + strings.TrimRight(body.String(), "\n") + `</figure>`
}

// codeWrapper writes chroma's <pre> with a <code> that names the language.
type codeWrapper struct{ lang, class string }

func (w codeWrapper) Start(code bool, styleAttr string) string {
	if !code {
		return fmt.Sprintf(`<pre tabindex="0"%s>`, styleAttr)
	}
	return fmt.Sprintf(`<pre tabindex="0"%s><code class="language-%s" data-lang="%s">`, styleAttr, html.EscapeString(w.class), html.EscapeString(w.lang))
}

func (w codeWrapper) End(code bool) string {
	if code {
		return "</code></pre>"
	}
	return "</pre>"
}

// linkTag is {% link path %}: the URL of the page at a source path, with
// the base path, as Jekyll 4 writes it.
func (r *Renderer) linkTag(ctx render.Context) (string, error) {
	st := stateOf(ctx)
	arg, err := ctx.ExpandTagArg()
	if err != nil {
		return "", err
	}
	p := strings.TrimPrefix(strings.TrimSpace(arg), "/")
	if r.site.URL != nil {
		if u, ok := r.site.URL(p); ok {
			return r.relativeURL(u), nil
		}
	}
	st.warn(ctx.SourceFile(), lineOf(ctx), "{%% link %s %%}: no page at %s (Jekyll stops the build here); the link is left empty", p, p)
	return "", nil
}

// postURLTag is {% post_url 2010-07-21-name %}, with an optional folder
// before the name, matched as Jekyll's PostComparer does.
func (r *Renderer) postURLTag(ctx render.Context) (string, error) {
	st := stateOf(ctx)
	name := strings.TrimPrefix(strings.TrimSpace(ctx.TagArgs()), "/")
	if p, ok := r.findPost(name); ok {
		if u, ok := r.site.URL(p); ok {
			return r.relativeURL(u), nil
		}
	}
	st.warn(ctx.SourceFile(), lineOf(ctx), "{%% post_url %s %%}: no post by that name (write the file name without extension, such as 2010-07-21-name); the link is left empty", name)
	return "", nil
}

// findPost finds the source path of a post named "dir/2010-07-21-slug".
func (r *Renderer) findPost(name string) (string, bool) {
	m := postNameRE.FindStringSubmatch(name)
	if m == nil || r.site.URL == nil {
		return "", false
	}
	dir, date, slug := m[1], m[2], m[3]
	base := regexp.QuoteMeta(date+"-"+slug) + `\.[^.]+$`
	re, err := regexp.Compile(`^_posts/` + regexp.QuoteMeta(dir) + base + `|^` + regexp.QuoteMeta(dir) + `_posts/?` + base)
	if err != nil {
		return "", false
	}
	for _, p := range r.site.Posts {
		if re.MatchString(p) {
			return p, true
		}
	}
	return "", false
}

func unknownTagRender(ctx render.Context) (string, error) {
	link := strings.TrimSpace(ctx.TagArgs())
	if link == "" {
		return "", nil
	}
	e := html.EscapeString(link)
	return stateOf(ctx).frags.add(`<a href="` + e + `">` + e + `</a>`), nil
}

// checkVariable warns when a page.* or site.* variable is not set.
func checkVariable(ctx render.Context) (string, error) {
	name := strings.TrimSpace(ctx.TagArgs())
	st := stateOf(ctx)
	if v, err := ctx.EvaluateString(name); err == nil && v == nil {
		st.mu.Lock()
		seen := st.unset[name]
		if st.unset == nil {
			st.unset = map[string]bool{}
		}
		st.unset[name] = true
		st.mu.Unlock()
		if !seen {
			st.warn(ctx.SourceFile(), lineOf(ctx), "{{ %s }} is not set and shows nothing here and below (a variable of a plugin in _plugins/? kopij runs no Ruby plugins; set it in front matter or defaults)", name)
		}
	}
	return "", nil
}

// counter is Liquid's increment and decrement: a counter per name, apart
// from assigned variables, that starts at 0 (-1 for decrement).
func counter(ctx render.Context, step int) (string, error) {
	st := stateOf(ctx)
	name := strings.TrimSpace(ctx.TagArgs())
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.counters == nil {
		st.counters = map[string]int{}
	}
	n := st.counters[name]
	if step < 0 {
		n--
		st.counters[name] = n
		return fmt.Sprint(n), nil
	}
	st.counters[name] = n + 1
	return fmt.Sprint(n), nil
}

// includeFile is where an include tag's file is: under the includes folder,
// or beside the page for include_relative.
func (r *Renderer) includeFile(st *state, name string, relative bool) (string, bool) {
	if badIncludeRE.MatchString(name) || !includeNameRE.MatchString(name) {
		return "", false
	}
	if relative {
		return cleanPath(path.Dir(st.page.Path), name)
	}
	return cleanPath(r.site.IncludesDir, name)
}

// splitIncludeArgs separates the file name, which may be written with
// {{ }}, from the parameters, as Jekyll's IncludeTag::VARIABLE_SYNTAX does.
func splitIncludeArgs(args string) (file, params string) {
	args = strings.TrimSpace(args)
	if !strings.HasPrefix(args, "{{") && !strings.Contains(strings.Fields(args + " x")[0], "{{") {
		file, params, _ = strings.Cut(args, " ")
		return file, strings.TrimSpace(params)
	}
	i := 0
	for i < len(args) {
		if strings.HasPrefix(args[i:], "}}") {
			i += 2
			for i < len(args) && args[i] != ' ' && args[i] != '\t' && args[i] != '{' {
				i++
			}
			if i >= len(args) || !strings.HasPrefix(args[i:], "{{") {
				break
			}
		}
		i++
	}
	if i > len(args) {
		i = len(args)
	}
	return strings.TrimSpace(args[:i]), strings.TrimSpace(args[i:])
}
