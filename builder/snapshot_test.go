package builder

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"testing/fstest"

	"github.com/kopij/kopij/builder/hints"
)

// siteBytes writes out everything a Site holds, for comparing a Site with
// itself at another time.
func siteBytes(t *testing.T, s *Site) []byte {
	t.Helper()
	files := map[string][]byte{}
	for p, o := range s.Files {
		files[p] = outputBytes(t, o)
	}
	var h bytes.Buffer
	if err := hints.WriteJSON(&h, s.Hints, ""); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(map[string]any{
		"config": s.Config, "files": files, "posts": s.Posts, "pages": s.Pages, "next": s.NextScheduled,
		"changed": s.Changed, "warnings": s.Warnings, "hints": h.String(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSiteIsASnapshot holds the Sites of earlier builds, as the dev server
// does, while later builds edit bodies, titles and add posts: none of
// them changes by a byte.
func TestSiteIsASnapshot(t *testing.T) {
	fsys, _, b := builtCorpus(t, 30)
	first, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	held := []*Site{first}
	was := [][]byte{siteBytes(t, first)}
	edit := func(p string, data []byte) {
		fsys[p] = &fstest.MapFile{Data: data}
		site, err := b.Build(context.Background(), []string{p})
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range held {
			if !bytes.Equal(siteBytes(t, s), was[i]) {
				t.Fatalf("after editing %s, the Site of build %d changed", p, i+1)
			}
		}
		held, was = append(held, site), append(was, siteBytes(t, site))
	}
	// The bodies of posts the first Site lists, its neighbours' too.
	for i := range 3 {
		p := first.Posts[i+1].File
		before := first.Posts[i+1].Content
		edit(p, append(append([]byte(nil), fsys[p].Data...), "\nA new last line.\n"...))
		if last := held[len(held)-1]; last.Posts[i+1].Content == before {
			t.Fatalf("the body edit of %s is not in the new Site", p)
		}
	}
	if b.bodyBuilds < 3 {
		t.Fatalf("%d body-only builds, want 3: the test misses the path that swaps pages", b.bodyBuilds)
	}
	edit(first.Posts[0].File, bytes.Replace(fsys[first.Posts[0].File].Data, []byte("title: \""), []byte("title: \"Renamed "), 1))
	edit(corpusPath(40), corpusPost(40))
}
