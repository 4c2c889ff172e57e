package builder

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestWordCountIsTheHints checks that a post's page and its hints show
// one word count and reading time: code, raw HTML and footnotes are not
// prose, CJK characters count one each.
func TestWordCountIsTheHints(t *testing.T) {
	code := "```go\n" + strings.Repeat("fmt.Println(\"not prose, just code\")\n", 200) + "```\n"
	posts := map[string]string{
		"content/posts/code.md": "---\ntitle: Code\ndate: 2024-01-01\n---\n\nNine words of prose come before the code here.\n\n" + code,
		"content/posts/cjk.md":  "---\ntitle: CJK\ndate: 2024-01-02\nlang: ja\n---\n\n" + strings.Repeat("日本語の文章です。", 100) + "\n",
		"content/posts/long.md": "---\ntitle: Long\ndate: 2024-01-03\nlang: nl\n---\n\n" + strings.Repeat("Een zin van zeven woorden voor de lezer. ", 100) + "\n\n`inline code` and <span>raw</span>[^1]\n\n[^1]: A footnote is not read as prose.\n",
	}
	site, err := buildMap(t, posts)
	if err != nil {
		t.Fatal(err)
	}
	// 8 words a sentence and "and raw"; 8 characters a sentence.
	want := map[string][2]int{"content/posts/code.md": {9, 1}, "content/posts/long.md": {802, 4}, "content/posts/cjk.md": {800, 3}}
	for i, p := range site.Posts {
		h := site.Hints[i]
		if h.File != p.File {
			t.Fatalf("hints %d are of %s, not %s", i, h.File, p.File)
		}
		if w := want[p.File]; p.WordCount != w[0] || p.ReadingTime != w[1] {
			t.Errorf("%s: %d words, %d min; want %d, %d", p.File, p.WordCount, p.ReadingTime, w[0], w[1])
		}
		if m := h.Report.Metrics; m.Words != p.WordCount || m.ReadingMinutes != p.ReadingTime {
			t.Errorf("%s: page %d words, %d min; hints %d words, %d min", p.File, p.WordCount, p.ReadingTime, m.Words, m.ReadingMinutes)
		}
		page := string(site.Files[strings.TrimPrefix(p.URL, "/")+"index.html"].Data)
		if !strings.Contains(page, fmt.Sprintf(">%d ", p.ReadingTime)) || !strings.Contains(page, fmt.Sprintf(">%d ", p.WordCount)) {
			t.Errorf("%s: page does not show %d words and %d min", p.File, p.WordCount, p.ReadingTime)
		}
	}
	// kopij hints on the site and on the file alone agree.
	all, err := SiteHints(context.Background(), mapFS(posts), buildOpts())
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range all {
		one, err := FileHints(h.File, []byte(posts[h.File]), "", DefaultConfig().Hints)
		if err != nil {
			t.Fatal(err)
		}
		if w := want[h.File]; h.Report.Metrics.Words != w[0] || h.Report.Metrics.ReadingMinutes != w[1] || one.Report.Metrics != h.Report.Metrics {
			t.Errorf("%s: SiteHints %+v, FileHints %+v, want %d words, %d min", h.File, h.Report.Metrics, one.Report.Metrics, w[0], w[1])
		}
	}
}
