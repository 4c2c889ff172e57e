package hints

import "testing"

func TestSummary(t *testing.T) {
	tests := []struct {
		lang         string
		hints, posts int
		want         string
	}{
		{"en", 0, 0, ""},
		{"en", 1, 1, "1 hint in 1 post; run kopij hints"},
		{"en", 7, 3, "7 hints in 3 posts; run kopij hints"},
		{"en", 2, 1, "2 hints in 1 post; run kopij hints"},
		{"nl", 1, 1, "1 hint in 1 stuk; kopij hints toont hem"},
		{"nl-BE", 7, 3, "7 hints in 3 stukken; kopij hints toont ze"},
		{"de", 1, 1, "1 hint in 1 post; run kopij hints"},
	}
	for _, tt := range tests {
		if got := Summary(tt.lang, tt.hints, tt.posts); got != tt.want {
			t.Errorf("Summary(%q, %d, %d) = %q, want %q", tt.lang, tt.hints, tt.posts, got, tt.want)
		}
	}
	if NoHints("nl") == NoHints("en") || NoHints("") != NoHints("en") {
		t.Errorf("NoHints: nl %q, en %q, default %q", NoHints("nl"), NoHints("en"), NoHints(""))
	}
}
