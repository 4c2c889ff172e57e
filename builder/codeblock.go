package builder

import (
	"bytes"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/kopij/kopij/builder/golexer"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeHighlighting highlights fenced code blocks in CSS classes, as
// goldmark-highlighting does with WithClasses and no guessing, and writes
// the same bytes. goldmark-highlighting makes a chroma formatter for every
// block, and each formatter turns the style into CSS again on its first
// use; here the plain blocks, a language and no {attributes}, share one
// formatter. Blocks with attributes (line numbers, highlighted lines, a
// style of their own) and blocks in a language chroma does not know go to
// goldmark-highlighting as before.
type codeHighlighting struct{}

func (codeHighlighting) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&codeBlockRenderer{
			fallback: highlighting.NewHTMLRenderer(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
				highlighting.WithGuessLanguage(false),
			),
		}, 199), // before goldmark-highlighting's 200, so this one is used
	))
}

// codeStyle is goldmark-highlighting's default style. With classes the
// style still decides which tokens get a class, so it must be the same.
var codeStyle = sync.OnceValue(func() *chroma.Style {
	if s := styles.Get("github"); s != nil {
		return s
	}
	return styles.Fallback
})

// codeFormatter is the one formatter of every plain block; chroma's
// formatter is safe for concurrent use.
var codeFormatter = sync.OnceValue(func() *chromahtml.Formatter {
	return chromahtml.New(chromahtml.WithClasses(true))
})

type codeBlockRenderer struct {
	fallback renderer.NodeRenderer
	other    renderer.NodeRendererFunc
}

func (r *codeBlockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	r.fallback.RegisterFuncs(funcCatcher{kind: ast.KindFencedCodeBlock, fn: &r.other})
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

// SetOption passes the renderer's options (unsafe, XHTML) on to the
// fallback, which writes the blocks chroma does not highlight.
func (r *codeBlockRenderer) SetOption(name renderer.OptionName, value any) {
	if so, ok := r.fallback.(renderer.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

func (r *codeBlockRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.FencedCodeBlock)
	if !entering {
		return ast.WalkContinue, nil
	}
	lang := n.Language(source)
	if lang == nil || n.Attributes() != nil || (n.Info != nil && bytes.IndexByte(n.Info.Segment.Value(source), '{') > 0) {
		return r.other(w, source, node, entering)
	}
	lexer := lexers.Get(string(lang))
	if lexer == nil {
		return r.other(w, source, node, entering)
	}
	var code bytes.Buffer
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		code.Write(seg.Value(source))
	}
	it, err := tokenise(lexer, code.String())
	if err != nil {
		return r.other(w, source, node, entering)
	}
	_ = codeFormatter().Format(w, codeStyle(), it)
	return ast.WalkContinue, nil
}

// tokenise lexes code as chroma.Coalesce(lexer) does. Go goes to golexer,
// which gives chroma's tokens at a fraction of chroma's cost, unless it
// leaves the code to chroma.
func tokenise(lexer chroma.Lexer, code string) (chroma.Iterator, error) {
	if lexer.Config().Name == "Go" {
		if tokens, ok := golexer.Tokens(code); ok {
			return chroma.Literator(tokens...), nil
		}
	}
	return chroma.Coalesce(lexer).Tokenise(nil, code)
}

// funcCatcher takes the render func another NodeRenderer registers for
// one kind of node.
type funcCatcher struct {
	kind ast.NodeKind
	fn   *renderer.NodeRendererFunc
}

func (c funcCatcher) Register(kind ast.NodeKind, fn renderer.NodeRendererFunc) {
	if kind == c.kind {
		*c.fn = fn
	}
}
