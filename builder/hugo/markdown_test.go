package hugo

import (
	"bytes"
	"testing"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// testMarkdown mirrors the converter of builder/markdown.go, with
// Extension added as the builder is to add it.
func testMarkdown(unsafe bool) goldmark.Markdown {
	var rendererOpts []renderer.Option
	if unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.Typographer,
			highlighting.NewHighlighting(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
				highlighting.WithGuessLanguage(false),
			),
			Extension(unsafe),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(rendererOpts...),
	)
}

// renderPage runs body through Expand, goldmark and Finish, as the
// builder's Markdown stage is to do.
func renderPage(t testing.TB, e *Engine, md goldmark.Markdown, p *Page, body string) (string, *Expanded, error) {
	t.Helper()
	x, err := e.Expand(p, []byte(body))
	doc := md.Parser().Parse(text.NewReader(x.Markdown), x.ParseOption())
	var buf bytes.Buffer
	if rerr := md.Renderer().Render(&buf, x.Markdown, doc); rerr != nil {
		t.Fatal(rerr)
	}
	return string(x.Finish(buf.Bytes())), x, err
}
