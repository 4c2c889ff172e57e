package builder

import (
	"bytes"
	"testing"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// TestCodeHighlightingSameAsGoldmarkHighlighting: the shared formatter
// writes every kind of code block byte for byte as goldmark-highlighting.
func TestCodeHighlightingSameAsGoldmarkHighlighting(t *testing.T) {
	blocks := []string{
		"```go\npackage main\n\nfunc main() { println(\"<hi>\") }\n```\n",
		"```python\ndef f(x):\n    return x * 2  # double\n```\n",
		"```sh\necho \"$HOME\" && ls -la | grep '.go'\n```\n",
		"```go {linenos=true}\nx := 1\ny := 2\n```\n",
		"```go {hl_lines=[2]}\nx := 1\ny := 2\n```\n",
		"```nosuchlanguage\n<b>not highlighted</b> & kept\n```\n",
		"```\nno language <at> all\n```\n",
		"    indented <code>\n",
		"```html\n<script>alert(1)</script>\n```\n",
		"```go\n```\n",
		"~~~ yaml\nkey: [1, 2]\n~~~\n",
		"- item\n\n  ```js\n  const a = `x`;\n  ```\n",
		"```Go\nvar X = 1\n```\n",
	}
	for _, unsafe := range []bool{false, true} {
		var opts []goldmark.Option
		if unsafe {
			opts = append(opts, goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
		}
		ours := goldmark.New(append(opts, goldmark.WithExtensions(extension.GFM, codeHighlighting{}),
			goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()))...)
		theirs := goldmark.New(append(opts, goldmark.WithExtensions(extension.GFM, highlighting.NewHighlighting(
			highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
			highlighting.WithGuessLanguage(false),
		)), goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()))...)
		for _, src := range blocks {
			var a, b bytes.Buffer
			if err := ours.Convert([]byte(src), &a); err != nil {
				t.Fatal(err)
			}
			if err := theirs.Convert([]byte(src), &b); err != nil {
				t.Fatal(err)
			}
			if a.String() != b.String() {
				t.Errorf("unsafe=%v %q:\nours   %q\ntheirs %q", unsafe, src, a.String(), b.String())
			}
		}
	}
}
