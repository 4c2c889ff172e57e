package jekyll

import (
	"strings"
	"testing"
)

func TestFragmentsRestore(t *testing.T) {
	f := newFragments([]byte("body"), newShared())
	block := strings.TrimSpace(f.block("<figure>code</figure>"))
	inline := f.add("<span>x</span>")
	nested := f.add("<div>" + inline + "</div>")
	md := f.shared.add("<p>md</p>")
	tests := []struct{ in, want string }{
		{"<p>" + block + "</p>\n<p>after</p>", "<figure>code</figure>\n<p>after</p>"},
		{"<p>text " + inline + " more</p>", "<p>text <span>x</span> more</p>"},
		{"<p>" + nested + "</p>", "<p><div><span>x</span></div></p>"},
		{"<p>" + inline + "</p>", "<p><span>x</span></p>"},
		{"<p>" + md + "</p>", "<p>md</p>"},
		{"<p>" + block[:len(block)-2] + "99X and " + placeholderPrefix + "</p>", "<p>" + block[:len(block)-2] + "99X and " + placeholderPrefix + "</p>"},
		{"no placeholders", "no placeholders"},
	}
	for _, tt := range tests {
		if got := string(f.Restore([]byte(tt.in))); got != tt.want {
			t.Errorf("Restore(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	var nilF *Fragments
	if got := string(nilF.Restore([]byte("x"))); got != "x" {
		t.Errorf("nil Fragments changed the HTML: %q", got)
	}
}

// TestFragmentsForged leaves placeholders alone that a writer typed: they
// cannot know the page's key.
func TestFragmentsForged(t *testing.T) {
	f := newFragments([]byte("a page"), nil)
	f.add("<b>kept</b>")
	forged := placeholderPrefix + "000000000000" + "0X"
	if got := string(f.Restore([]byte(forged))); got != forged {
		t.Errorf("a forged placeholder was replaced: %q", got)
	}
	if !strings.HasPrefix(f.add("x"), placeholderPrefix+f.key) {
		t.Error("placeholders carry the page's key")
	}
}
