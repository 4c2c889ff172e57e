package newsletter_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/mailsink"
)

func feedOf(total int, posts ...newsletter.Post) *newsletter.Feed {
	return &newsletter.Feed{Title: "Blog", HomeURL: "https://blog.example/", Lang: "en", Posts: posts, Total: total, Full: true}
}

func p(id string, day int) newsletter.Post {
	return newsletter.Post{ID: id, URL: "https://blog.example" + id, Title: "T" + id, Date: time.Date(2026, 3, day, 9, 0, 0, 0, time.UTC)}
}

func k(id string, day int) newsletter.KnownPost {
	return newsletter.KnownPost{ID: id, Title: "T" + id, Date: time.Date(2026, 3, day, 9, 0, 0, 0, time.UTC)}
}

func ids(posts []newsletter.Post) []string {
	var out []string
	for _, p := range posts {
		out = append(out, p.ID)
	}
	return out
}

func TestPlanSend(t *testing.T) {
	started := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	moved := p("/new-url/", 5)
	moved.Title = "T/old-url/"
	cases := []struct {
		name    string
		feed    *newsletter.Feed
		known   []newsletter.KnownPost
		started time.Time
		first   bool
		new     []string
		archive []string
		moved   []string
		beyond  int
	}{
		{name: "first run", feed: feedOf(2, p("/b/", 9), p("/a/", 8)), first: true, archive: []string{"/a/", "/b/"}},
		{name: "first run on an empty blog", feed: feedOf(0), first: true},
		{name: "started, nothing recorded", feed: feedOf(1, p("/a/", 8)), started: started, new: []string{"/a/"}},
		{name: "new posts, oldest first", feed: feedOf(3, p("/c/", 10), p("/b/", 9), p("/a/", 8)), known: []newsletter.KnownPost{k("/a/", 8)}, started: started, new: []string{"/b/", "/c/"}},
		{name: "nothing new", feed: feedOf(1, p("/a/", 8)), known: []newsletter.KnownPost{k("/a/", 8)}, started: started},
		{name: "a post under a new URL", feed: feedOf(1, moved), known: []newsletter.KnownPost{k("/old-url/", 5)}, started: started, moved: []string{"/new-url/"}},
		{name: "an old post slides into the feed", feed: feedOf(3, p("/c/", 10), p("/b/", 9), p("/old/", 2)), known: []newsletter.KnownPost{k("/b/", 9)}, started: started, new: []string{"/c/"}, archive: []string{"/old/"}},
		{name: "backdated but newer than the oldest known", feed: feedOf(2, p("/b/", 9), p("/late/", 7)), known: []newsletter.KnownPost{k("/a/", 6), k("/b/", 9)}, started: started, new: []string{"/late/"}},
		{name: "more new posts than the feed holds", feed: feedOf(5, p("/e/", 12), p("/d/", 11)), known: []newsletter.KnownPost{k("/a/", 8)}, started: started, new: []string{"/d/", "/e/"}, beyond: 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := newsletter.PlanSend(c.feed, c.known, c.started)
			if got.FirstRun != c.first || !reflect.DeepEqual(ids(got.New), c.new) || !reflect.DeepEqual(ids(got.Archive), c.archive) ||
				!reflect.DeepEqual(ids(got.Moved), c.moved) || got.Beyond != c.beyond {
				t.Errorf("PlanSend = first %v new %v archive %v moved %v beyond %d; want %v %v %v %v %d",
					got.FirstRun, ids(got.New), ids(got.Archive), ids(got.Moved), got.Beyond, c.first, c.new, c.archive, c.moved, c.beyond)
			}
		})
	}
}

// TestQueueDigest: a weekly digest groups the new posts in one mailing
// and waits a week before the next.
func TestQueueDigest(t *testing.T) {
	e := newSendEnv(t, mailsink.Options{})
	e.subscribe(t, "ada@example.com")
	now := time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)
	q := e.queue(t, newsletter.QueueOptions{Digest: newsletter.DigestWeekly, Now: now})
	if len(q.Mailings) != 1 || len(q.Mailings[0].Posts) != 2 || q.Mailings[0].Subject != "2 new posts on Kopij Blog" || q.Messages[0] != 1 {
		t.Fatalf("digest: %+v", q.Mailings)
	}
	text := q.Mailings[0].Text
	if !strings.Contains(text, "## The first sixty words") || !strings.Contains(text, "## Schrijf voor je lezer") || strings.Index(text, "sixty") > strings.Index(text, "Schrijf") {
		t.Errorf("digest text, oldest post first:\n%s", text)
	}
	// A post published the next day waits for the week to pass.
	e.feed.Posts = append([]newsletter.Post{{ID: "/posts/third/", URL: "https://blog.example/posts/third/", Title: "Third",
		Date: now.Add(24 * time.Hour), Lang: "en"}}, e.feed.Posts...)
	q = e.queue(t, newsletter.QueueOptions{Digest: newsletter.DigestWeekly, Now: now.Add(25 * time.Hour)})
	if len(q.Mailings) != 0 || !q.NextDigest.Equal(now.Add(7*24*time.Hour)) || len(q.Plan.New) != 1 {
		t.Errorf("a day later: %d mailings, next digest %v, new %v", len(q.Mailings), q.NextDigest, ids(q.Plan.New))
	}
	q = e.queue(t, newsletter.QueueOptions{Digest: newsletter.DigestWeekly, Now: now.Add(8 * 24 * time.Hour)})
	if len(q.Mailings) != 1 || q.Mailings[0].Subject != "New on Kopij Blog: Third" {
		t.Errorf("a week later: %+v", q.Mailings)
	}
}

// TestRenderGolden renders the fixture's posts and a digest and compares
// the plain-text parts and the facts of the HTML with testdata/email/.
func TestRenderGolden(t *testing.T) {
	site := os.DirFS("testdata/send")
	f, err := newsletter.ReadFeed(site)
	if err != nil {
		t.Fatal(err)
	}
	r, err := newsletter.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	en, _ := r.Post(f, f.Posts[1], newsletter.EmailOptions{Site: site})
	nl, _ := r.Post(f, f.Posts[0], newsletter.EmailOptions{Site: site, Summary: true})
	test, _ := r.Post(f, f.Posts[1], newsletter.EmailOptions{Test: true})
	digest, err := r.Digest(f, f.Oldest(), newsletter.EmailOptions{Site: site, Lang: "nl"})
	if err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]newsletter.Email{"post-en": en, "summary-nl": nl, "test": test, "digest-nl": digest} {
		got := "Subject: " + e.Subject + "\nPreheader: " + e.Preheader + "\nLang: " + e.Lang + "\n\n" + e.Text
		path := filepath.Join("testdata", "email", name+".txt")
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			os.WriteFile(path, []byte(got), 0o644)
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestRenderGolden -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s (run with -update to accept):\n%s", name, path, got)
		}
	}
	if !strings.Contains(en.HTML, `width="400"`) || strings.Count(en.HTML, `width="518"`) != 1 {
		t.Errorf("image widths: the 400 px cover keeps its width, the 1200 px chart is capped at 518")
	}
	if strings.Contains(nl.HTML, "Wie leest er mee") || !strings.Contains(nl.HTML, "Lees het hele stuk") {
		t.Errorf("summary email shows the post or lacks the Dutch link")
	}
}
