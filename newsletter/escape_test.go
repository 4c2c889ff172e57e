package newsletter

import (
	"strings"
	"testing"
)

// FuzzEscapeCell checks that import gives back every exported cell as it
// was, and that no piece of an escaped cell a spreadsheet could split off
// starts a formula.
func FuzzEscapeCell(f *testing.F) {
	for _, s := range []string{"", "=1+1", "Jan;=1+1", "'=x", "''+x", "\tx", "'\tx", " =x", `a,"=b"`, "a\r\n@c", "x|-1", "Jean-Luc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := EscapeCell(s)
		if back := unescapeCell(e); back != s {
			t.Fatalf("unescapeCell(EscapeCell(%q)) = %q", s, back)
		}
		if e != "" && runsFormula(e[0], true) {
			t.Fatalf("EscapeCell(%q) = %q starts a formula", s, e)
		}
		if rest := strings.TrimLeft(e, " \""); rest != "" && strings.IndexByte("=+-@", rest[0]) >= 0 {
			t.Fatalf("EscapeCell(%q) = %q starts a formula after spaces", s, e)
		}
		for i := 0; i < len(e); i++ {
			if strings.IndexByte(cellBreaks, e[i]) < 0 {
				continue
			}
			rest := strings.TrimLeft(e[i+1:], " \"")
			if rest != "" && strings.IndexByte("=+-@", rest[0]) >= 0 {
				t.Fatalf("EscapeCell(%q) = %q: the piece after byte %d starts a formula", s, e, i)
			}
		}
	})
}
