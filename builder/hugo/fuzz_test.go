package hugo

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

var shortcodeSeeds = []string{
	"",
	"plain",
	"{{< figure src=\"a.jpg\" caption=\"*c*\" >}}",
	"{{% note %}}\n*x* <b>y</b>\n{{% /note %}}",
	"{{< a >}}{{< b >}}{{< /a >}}{{< /b >}}",
	"{{< x \"unterminated >}}",
	"{{</* y */>}} {{%/* z */%}}",
	"{{< x `raw\nvalue` k=v />}}",
	"{{< highlight go >}}\n\tx := 1\n{{< /highlight >}}",
	"- a\n  {{% note %}}\n  b\n  {{% /note %}}",
	"[l]({{< ref \"posts/first.md\" >}}) `{{< param version >}}`",
	"{{< details >}}{{< details >}}deep{{< /details >}}{{< /details >}}",
	"KOPIJSC0Z {{< qr text=\"x\" />}}",
	"\ufdd0\ufdd1{{% note %}}\ufdd0{{% /note %}}",
	"{{<",
	"{{% x %}}{{% /x",
	"{{< youtube id=\"a\" start=3 >}}<div>\n{{< /youtube >}}",
}

// FuzzParse checks that Parse ends on any input with nodes that lie inside
// the source, in order, and text that is the source's own.
func FuzzParse(f *testing.F) {
	for _, s := range shortcodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		nodes, errs := Parse(src)
		checkNodes(t, src, nodes, 0, len(src))
		for _, e := range errs {
			if e.Pos < 0 || e.Pos > len(src) || e.End < e.Pos || e.End > len(src) {
				t.Fatalf("error %q at %d..%d outside the source", e.Msg, e.Pos, e.End)
			}
		}
	})
}

func checkNodes(t *testing.T, src []byte, nodes []Node, from, to int) {
	t.Helper()
	pos := from
	for _, n := range nodes {
		switch n := n.(type) {
		case Text:
			if n.Pos < pos || n.Pos+len(n.Value) > to && !isComment(src, n.Pos) {
				t.Fatalf("text %q at %d outside %d..%d", n.Value, n.Pos, pos, to)
			}
			if !isComment(src, n.Pos) && string(src[n.Pos:n.Pos+len(n.Value)]) != n.Value {
				t.Fatalf("text %q at %d is not the source's", n.Value, n.Pos)
			}
			pos = n.Pos
		case *Shortcode:
			if n.Pos < pos || n.End > to || n.Pos >= n.End || n.InnerStart > n.InnerEnd {
				t.Fatalf("shortcode %q at %d..%d outside %d..%d", n.Name, n.Pos, n.End, pos, to)
			}
			if n.Paired {
				checkNodes(t, src, n.Inner, n.InnerStart, n.InnerEnd)
			}
			pos = n.End
		}
	}
}

func isComment(src []byte, pos int) bool {
	return bytes.HasPrefix(src[pos:], []byte("{{</*")) || bytes.HasPrefix(src[pos:], []byte("{{%/*"))
}

// FuzzExpand runs bodies through Expand, goldmark and Finish: it must end,
// leave no placeholder in the HTML and not change a body without "{{".
func FuzzExpand(f *testing.F) {
	for _, s := range shortcodeSeeds {
		f.Add([]byte(s))
	}
	md := testMarkdown(false)
	e, err := NewEngine(testSite(), Options{Markdown: md, Layouts: fstest.MapFS{
		"shortcodes/note.html": {Data: []byte("<div class=\"n\">\n  {{ .Inner }}\n</div>")},
		"shortcodes/x.html":    {Data: []byte("{{ .Get 0 }}{{ .Inner | markdownify }}")},
	}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		got, x, _ := renderPage(t, e, md, testPage(), string(src))
		if strings.Contains(got, x.prefix) && !bytes.Contains(src, []byte(x.prefix)) {
			t.Fatalf("placeholder left in %q", got)
		}
		if !bytes.Contains(src, []byte("{{")) && !bytes.Equal(x.Markdown, src) {
			t.Fatalf("body without shortcodes changed: %q", x.Markdown)
		}
	})
}
