package golexer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// chromaTokens is what chroma's own Go lexer makes of code, coalesced.
func chromaTokens(t testing.TB, code string) []chroma.Token {
	t.Helper()
	it, err := chroma.Coalesce(lexers.Get("go")).Tokenise(nil, code)
	if err != nil {
		t.Fatal(err)
	}
	return it.Tokens()
}

// same fails when Tokens accepts code and gives other tokens than chroma.
func same(t testing.TB, code string) bool {
	t.Helper()
	got, ok := Tokens(code)
	if !ok {
		return false
	}
	if want := chromaTokens(t, code); !slices.Equal(got, want) {
		t.Fatalf("tokens of %q:\n got %v\nwant %v", code, got, want)
	}
	return true
}

var snippets = []string{
	"func f1(n int) int {\n\treturn n * 3 // a b c\n}\n",
	"package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tfmt.Println(\"hello, \\\"world\\\"\")\n\tos.Exit(1)\n}\n",
	"var x = []int{1, 2, 0x1F, 0b101, 0755, 089, 1_000, 3.14, .5, 1e9, 2.5e-3, 1i, 1.5i, .5e+2i, 1e+3i}\n",
	"type T struct {\n\tA string `json:\"a\"`\n}\n",
	"ch := make(chan error, 1)\ngo func() { ch <- nil }()\nselect {\ncase err := <-ch:\n\t_ = err\ndefault:\n}\n",
	"if a &^= b; a <<= 2 && b >>= 1 || c != d {\n\tx++\n\ty--\n}\nf(a...)\n",
	"r := 'a' + '\\n' + '\\x41' + '\\101' + '\\u00e9' + '\\U0001F600' + '\\''\n",
	"//go:generate stringer -type=T\n// A comment.\n//\n",
	"len (x); len(x); lenx(y); any(z); int(3); string (b)\n",
	"m := map[string]any{\"k\": true, \"n\": iota, \"f\": false}\nfor k, v := range m { fmt.Printf(\"%s=%v\\n\", k, v) }\n",
	"x := a[1:2:3] ~ b | c ^ d ; e , f . g\n",
	"0x 0b 0xg 08.5 123abc func123 _under __x9\n",
	"\"unclosed\n",
	"/* block */ x\n",
	"# not go\n",
}

func TestTokensMatchChroma(t *testing.T) {
	accepted := 0
	for _, s := range snippets {
		if same(t, s) {
			accepted++
		}
	}
	if accepted < len(snippets)-4 {
		t.Errorf("Tokens accepted %d of %d snippets; it should refuse only the raw string, the unclosed string, the block comment and the #", accepted, len(snippets))
	}
}

// TestLongRuns: tokens of one type merge as chroma.Coalesce merges them,
// up to 8,192 bytes each.
func TestLongRuns(t *testing.T) {
	for _, s := range []string{strings.Repeat("(", 20000), strings.Repeat(" \n", 9000) + "x", strings.Repeat("a.", 5000)} {
		if !same(t, s) {
			t.Errorf("Tokens refused a run of %q", s[:2])
		}
	}
}

// TestRefuses: what the package leaves to chroma it refuses, rather than
// giving tokens of its own.
func TestRefuses(t *testing.T) {
	for _, s := range []string{"s := `raw`", "/* c */", "x := \"é\"", "a\r\nb", "#", "x := \"open", "@x", "a ? b", "$"} {
		if _, ok := Tokens(s); ok {
			t.Errorf("Tokens(%q) accepted", s)
		}
	}
}

// FuzzTokens holds Tokens to chroma: whatever it accepts it must lex as
// chroma's Go lexer does.
func FuzzTokens(f *testing.F) {
	for _, s := range snippets {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		if strings.ContainsRune(code, '\x00') {
			return
		}
		same(t, code)
	})
}

// TestRepositorySource compares with chroma on the Go source of this
// repository, paragraph by paragraph: real code, written by people.
func TestRepositorySource(t *testing.T) {
	var files []string
	err := filepath.WalkDir(filepath.Join("..", ".."), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != filepath.Join("..", "..") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var paragraphs, accepted int
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for para := range strings.SplitSeq(string(data), "\n\n") {
			paragraphs++
			if same(t, para+"\n") {
				accepted++
			}
		}
	}
	t.Logf("%d files, %d paragraphs, %d lexed here, the rest left to chroma", len(files), paragraphs, accepted)
	if accepted < paragraphs/2 {
		t.Errorf("only %d of %d paragraphs lexed here", accepted, paragraphs)
	}
}
