package hugo

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// dump writes nodes compactly: text as "quoted", a call as
// name<%>(params){inner}, '/' for self-closed.
func dump(nodes []Node) string {
	var b strings.Builder
	for _, n := range nodes {
		switch n := n.(type) {
		case Text:
			fmt.Fprintf(&b, "%q", n.Value)
		case *Shortcode:
			b.WriteString(n.Name)
			if n.Markdown {
				b.WriteString("%")
			}
			if n.Named != nil {
				keys := make([]string, 0, len(n.Named))
				for k := range n.Named {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				var parts []string
				for _, k := range keys {
					parts = append(parts, fmt.Sprintf("%s=%#v", k, n.Named[k]))
				}
				b.WriteString("(" + strings.Join(parts, " ") + ")")
			} else if n.Positional != nil {
				var parts []string
				for _, v := range n.Positional {
					parts = append(parts, fmt.Sprintf("%#v", v))
				}
				b.WriteString("(" + strings.Join(parts, " ") + ")")
			}
			if n.SelfClosed {
				b.WriteString("/")
			}
			if n.Paired {
				b.WriteString("{" + dump(n.Inner) + "}")
			}
		}
	}
	return b.String()
}

func TestParse(t *testing.T) {
	tests := []struct{ in, want, errs string }{
		{"plain {{ not }} text", `"plain {{ not }} text"`, ""},
		{`a {{< figure src="x.jpg" title="A \"q\"" >}} b`, `"a "figure(src="x.jpg" title="A \"q\"")" b"`, ""},
		{"{{% note warning %}}\n*x*\n{{% /note %}}", `note%("warning"){"\n*x*\n"}`, ""},
		{"{{< youtube w7Ft2ymGmfc >}}", `youtube("w7Ft2ymGmfc")`, ""},
		{"{{< x 42 -1 2.5 -0.5 true false 1.2.3 v1.0 >}}", `x(42 -1 2.5 -0.5 true false "1.2.3" "v1.0")`, ""},
		{"{{< x +3 >}}", ``, "1"},
		{"{{< x .5 >}}", ``, "1"},
		{`{{< x "42" "true" >}}`, `x("42" "true")`, ""},
		{"{{< x a=1 b=`raw\n\"s\"` c=no >}}", "x(a=1 b=\"raw\\n\\\"s\\\"\" c=\"no\")", ""},
		{"{{< x />}} {{< y a=b />}}", `x/" "y(a="b")/`, ""},
		{"{{< outer >}}A{{< inner >}}B{{< /inner >}}C{{< /outer >}}", `outer{"A"inner{"B"}"C"}`, ""},
		{"{{< a >}}{{< a >}}x{{< /a >}}", `aa{"x"}`, ""},
		{"{{< a >}}1{{< b >}}2{{< /a >}}", `a{"1"b"2"}`, ""},
		{"{{</* figure src=\"x\" */>}} and {{%/* y */%}}", `"{{< figure src=\"x\" >}}"" and ""{{% y %}}"`, ""},
		{"{{< ns/name.x >}}", ``, "1"},
		{"{{< foo.inline >}}{{ .Name }}{{< /foo.inline >}}", `foo.inline{"{{ .Name }}"}`, ""},
		{"{{< x a=1 2 >}}after", `"after"`, "1"},
		{"{{< x 1 a=2 >}}after", `"after"`, "1"},
		{"{{< x \"unterminated >}}\nnext", "\"\\nnext\"", "1"},
		{"{{< /lonely >}}text", `"text"`, "1"},
		{"{{< >}}", ``, "1"},
		{"never {{< closed", `"never {{< closed"`, "1"},
		{"{{< x`y` >}}", `x("y")`, ""},
		{"é {{< émoji ünï=\"ç\" >}}", `"é "émoji(ünï="ç")`, ""},
		{"{{<\n  figure\n  src=\"a\"\n>}}", `figure(src="a")`, ""},
		{"{{< ns/name >}}", `ns/name`, ""},
	}
	for _, tt := range tests {
		nodes, errs := Parse([]byte(tt.in))
		if got := dump(nodes); got != tt.want {
			t.Errorf("Parse(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
		if got := fmt.Sprint(len(errs)); (tt.errs == "") != (len(errs) == 0) || tt.errs != "" && got != tt.errs {
			t.Errorf("Parse(%q): %d errors %v, want %s", tt.in, len(errs), errs, tt.errs)
		}
	}
}

func TestParsePositions(t *testing.T) {
	src := "line 1\n  {{< a >}}\nx {{< /a >}} {{< b />}}"
	nodes, _ := Parse([]byte(src))
	a := nodes[1].(*Shortcode)
	if a.Pos != 9 || a.Indent != "  " || src[a.InnerStart:a.InnerEnd] != "\nx " || src[a.End:] != " {{< b />}}" {
		t.Errorf("a: pos %d indent %q inner %q rest %q", a.Pos, a.Indent, src[a.InnerStart:a.InnerEnd], src[a.End:])
	}
	b := nodes[3].(*Shortcode)
	if src[b.Pos:b.End] != "{{< b />}}" || b.Indent != "" {
		t.Errorf("b: %q indent %q", src[b.Pos:b.End], b.Indent)
	}
	p := &Page{File: "content/x.md", BodyLine: 4}
	if got := line(p, []byte(src), b.Pos); got != 6 {
		t.Errorf("line of b = %d, want 6", got)
	}
}
