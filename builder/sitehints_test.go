package builder

import (
	"testing"

	"github.com/kopij/kopij/builder/hints"
)

func TestHintsSummary(t *testing.T) {
	post := func(n int) PostHints { return PostHints{Report: hints.Report{Hints: make([]hints.Hint, n)}} }
	for _, c := range []struct {
		posts []PostHints
		want  string
	}{
		{nil, ""},
		{[]PostHints{post(0), post(0)}, ""},
		{[]PostHints{post(1)}, "1 hint in 1 post; run kopij hints"},
		{[]PostHints{post(2), post(0)}, "2 hints in 1 post; run kopij hints"},
		{[]PostHints{post(3), post(4), post(0)}, "7 hints in 2 posts; run kopij hints"},
	} {
		if got := HintsSummary(c.posts); got != c.want {
			t.Errorf("HintsSummary(%d posts) = %q, want %q", len(c.posts), got, c.want)
		}
	}
}
