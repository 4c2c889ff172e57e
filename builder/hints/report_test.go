package hints

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
)

func TestSiteSummary(t *testing.T) {
	post := func(n int) Post { return Post{Report: Report{Hints: make([]Hint, n)}} }
	for _, c := range []struct {
		posts []Post
		want  string
	}{
		{nil, ""},
		{[]Post{post(0), post(0)}, ""},
		{[]Post{post(1)}, "1 hint in 1 post; run kopij hints"},
		{[]Post{post(2), post(0)}, "2 hints in 1 post; run kopij hints"},
		{[]Post{post(3), post(4), post(0)}, "7 hints in 2 posts; run kopij hints"},
	} {
		if got := SiteSummary("en", c.posts); got != c.want {
			t.Errorf("SiteSummary(%d posts) = %q, want %q", len(c.posts), got, c.want)
		}
	}
}

func TestSortWorstFirst(t *testing.T) {
	h := func(s ...Severity) Report {
		var r Report
		for _, sev := range s {
			r.Hints = append(r.Hints, Hint{Severity: sev})
		}
		return r
	}
	posts := []Post{
		{File: "a.md", Report: h()},
		{File: "b.md", Report: h(Warn)},
		{File: "c.md", Report: h(Error)},
		{File: "d.md", Report: h(Warn, Info)},
		{File: "e.md", Report: h(Warn)},
	}
	Sort(posts)
	var got []string
	for _, p := range posts {
		got = append(got, p.File)
	}
	if want := []string{"c.md", "d.md", "b.md", "e.md", "a.md"}; !slices.Equal(got, want) {
		t.Fatalf("Sort = %v, want %v", got, want)
	}
}

func TestWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, nil, ""); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "{\"posts\":[]}\n" {
		t.Fatalf("no posts: %q", got)
	}
	buf.Reset()
	if err := WriteJSON(&buf, []Post{{File: "x.md", Title: "X", Lang: "nl", URL: "/x/"}}, ""); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Posts []map[string]json.RawMessage `json:"posts"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Posts) != 1 || string(got.Posts[0]["file"]) != `"x.md"` || string(got.Posts[0]["hints"]) != "[]" || got.Posts[0]["metrics"] == nil {
		t.Fatalf("one post: %s", buf.String())
	}
}
