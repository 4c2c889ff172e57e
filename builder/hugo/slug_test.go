package hugo

import "testing"

// TestSlugify holds what Hugo v0.165.0's urlize returned for each input
// (percent escapes decoded, since Slugify returns the unescaped path).
func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, World!", "hello-world"},
		{"Release of 1.8.3", "release-of-1.8.3"},
		{"C++ & C#", "c++-c"},
		{"  leading and   inner  spaces ", "leading-and-inner-spaces"},
		{"Ünïcödé Ça va?", "ünïcödé-ça-va"},
		{"日本語 タイトル", "日本語-タイトル"},
		{"snake_case and kebab-case", "snake_case-and-kebab-case"},
		{"100% sure", "100-sure"},
		{"a%20b", "a%20b"},
		{"email@example.com", "email@example.com"},
		{"tilde~path/sub dir", "tilde~path/sub-dir"},
		{`Back\slash`, `back\slash`},
		{"Émoji 🎉 party", "émoji-party"},
		{"Tab\there", "tab-here"},
		{"dots...and--dashes", "dots...and--dashes"},
		{"Привет мир", "привет-мир"},
		{"(parens) [brackets] {braces}", "parens-brackets-braces"},
		{`quote's "double"`, "quotes-double"},
		{"A/B/C", "a/b/c"},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in, SlugOptions{}); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	opts := []struct {
		in   string
		o    SlugOptions
		want string
	}{
		{"Ça Marche Très Bien", SlugOptions{DisablePathToLower: true, RemovePathAccents: true}, "Ca-Marche-Tres-Bien"},
		{"Ça Marche", SlugOptions{RemovePathAccents: true}, "ca-marche"},
		{"Mixed Case", SlugOptions{DisablePathToLower: true}, "Mixed-Case"},
	}
	for _, tt := range opts {
		if got := Slugify(tt.in, tt.o); got != tt.want {
			t.Errorf("Slugify(%q, %+v) = %q, want %q", tt.in, tt.o, got, tt.want)
		}
	}
}
