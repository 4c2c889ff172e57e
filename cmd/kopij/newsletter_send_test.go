package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/mailsink"
	"github.com/kopij/kopij/newsletter/sqlite"
)

// sendSite makes a site with [smtp] pointing at sink, builds it and
// returns its folder.
func sendSite(t *testing.T, sink *mailsink.Sink, extra string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "blog")
	if code, _, errOut := runCLI(t, "new", "site", dir); code != 0 {
		t.Fatalf("new site: %s", errOut)
	}
	f, err := os.OpenFile(filepath.Join(dir, "kopij.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "\n[smtp]\nhost = \"127.0.0.1\"\nport = %d\nfrom = \"Blog <blog@blog.example>\"\n%s", sink.Port, extra)
	f.Close()
	buildSite(t, dir)
	return dir
}

func buildSite(t *testing.T, dir string) {
	t.Helper()
	if code, _, errOut := runCLI(t, "build", "--src", dir); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
}

// addPost writes a published post and builds the site again.
func addPost(t *testing.T, dir, slug, title, lang string) {
	t.Helper()
	md := fmt.Sprintf("---\ntitle: %q\ndate: %s\nlang: %s\ndescription: \"What %s is about.\"\n---\nThe first paragraph of %s, for you.\n\n## A heading\n\nMore text.\n",
		title, time.Now().UTC().Format(time.RFC3339), lang, title, title)
	if err := os.WriteFile(filepath.Join(dir, "content", "posts", slug+".md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	buildSite(t, dir)
}

func addSubscribers(t *testing.T, db string, emails ...string) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var sus []newsletter.Signup
	for _, a := range emails {
		sus = append(sus, newsletter.Signup{Subscriber: newsletter.Subscriber{Email: a, Lang: "en"}, At: time.Now()})
	}
	if _, err := s.Subscribe(context.Background(), sus); err != nil {
		t.Fatal(err)
	}
}

// TestNewsletterSendCommand walks kopij newsletter send as a writer would:
// the first run refuses to mail the archive, --mark-sent records it, a
// new post is listed by --dry-run, sent once to the writer by --test, then
// to the list, and a second run finds nothing new.
func TestNewsletterSendCommand(t *testing.T) {
	sink := mailsink.Start(t, mailsink.Options{Keep: true})
	dir := sendSite(t, sink, "")
	db := filepath.Join(t.TempDir(), "s.db")
	addSubscribers(t, db, "ann@example.com", "bo@example.com")
	send := func(args ...string) (int, string, string) {
		return runCLI(t, append([]string{"newsletter", "send", "--src", dir, "--db", db}, args...)...)
	}
	code, _, errOut := send()
	if code != 1 || !strings.Contains(errOut, "--mark-sent") || sink.Total() != 0 {
		t.Fatalf("first run: exit %d, %q, %d mails", code, errOut, sink.Total())
	}
	if code, out, _ := send("--mark-sent"); code != 0 || !strings.Contains(out, "recorded 1 post as sent") {
		t.Fatalf("--mark-sent: %d %q", code, out)
	}
	addPost(t, dir, "second", "A second post", "en")
	code, out, _ := send("--dry-run")
	if code != 0 || !strings.Contains(out, `would mail "A second post <https://your-blog.example/posts/second/>" to 2 subscribers:`) ||
		!strings.Contains(out, "  ann@example.com\n  bo@example.com\n") || sink.Total() != 0 {
		t.Fatalf("--dry-run: %d %q", code, out)
	}
	if code, out, errOut := send("--test", "writer@blog.example"); code != 0 || sink.Count("writer@blog.example") != 1 || sink.Total() != 1 {
		t.Fatalf("--test: %d %q %q", code, out, errOut)
	}
	if !strings.Contains(string(sink.Messages()[0].Data), "Subject: [Test] A second post") {
		t.Errorf("test copy subject:\n%.600s", sink.Messages()[0].Data)
	}
	code, out, errOut = send()
	if code != 0 || !strings.Contains(out, `queued "A second post" for 2 subscribers`) || !strings.Contains(out, `"A second post": 2 sent, 0 bounced`) {
		t.Fatalf("send: %d %q %q", code, out, errOut)
	}
	if sink.Count("ann@example.com") != 1 || sink.Count("bo@example.com") != 1 {
		t.Errorf("sink: %v", sink.Counts())
	}
	if code, out, _ := send(); code != 0 || !strings.Contains(out, "no new posts since the last send") || sink.Total() != 3 {
		t.Errorf("second send: %d %q, %d mails", code, out, sink.Total())
	}
	// --mark-sent later skips a post: recorded, never mailed.
	addPost(t, dir, "skipped", "Not for the list", "en")
	if code, out, _ := send("--mark-sent"); code != 0 || !strings.Contains(out, "recorded 1 post as sent") {
		t.Errorf("--mark-sent of a new post: %d %q", code, out)
	}
	if code, out, _ := send(); code != 0 || !strings.Contains(out, "no new posts") || sink.Total() != 3 {
		t.Errorf("after skipping: %d %q, %d mails", code, out, sink.Total())
	}
	code, out, _ = runCLI(t, "subscribers", "export", "--format", "csv", "--db", db)
	if code != 0 || !regexp.MustCompile(`ann@example\.com,.*,\d{4}-\d\d-\d\dT[^,]+Z,\d{4}-[^ ]+Z https://your-blog\.example/posts/second/`).MatchString(out) {
		t.Errorf("export does not show what was sent:\n%s", out)
	}
}

// TestNewsletterSendDigest sends a digest on demand.
func TestNewsletterSendDigest(t *testing.T) {
	sink := mailsink.Start(t, mailsink.Options{Keep: true})
	dir := sendSite(t, sink, "")
	db := filepath.Join(t.TempDir(), "s.db")
	addSubscribers(t, db, "ann@example.com")
	runCLI(t, "newsletter", "send", "--src", dir, "--db", db, "--mark-sent")
	addPost(t, dir, "one", "Post one", "en")
	addPost(t, dir, "two", "Post two", "en")
	code, out, errOut := runCLI(t, "newsletter", "send", "--src", dir, "--db", db, "--digest", "now")
	if code != 0 || !strings.Contains(out, `queued "2 new posts on blog" for 1 subscriber`) || sink.Total() != 1 {
		t.Fatalf("digest: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "newsletter", "send", "--src", dir, "--db", db, "--digest", "monthly"); code != 2 || !strings.Contains(errOut, "weekly, daily, now") {
		t.Errorf("unknown digest: %d %q", code, errOut)
	}
}

// TestNewsletterServeSite runs the blog as one process: the built site
// and the signup routes from one origin, a new build picked up without a
// restart, and the new post mailed by the server itself.
func TestNewsletterServeSite(t *testing.T) {
	sink := mailsink.Start(t, mailsink.Options{Keep: true})
	dir := sendSite(t, sink, "")
	db := makeDB(t, filepath.Join(t.TempDir(), "s.db"))
	if code, _, errOut := runCLI(t, "newsletter", "send", "--src", dir, "--db", db, "--mark-sent"); code != 0 {
		t.Fatal(errOut)
	}
	var out, errOut nlOutput
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, e, []string{"newsletter", "serve", "--addr", "127.0.0.1:0", "--db", db, "--src", dir,
			"--site", filepath.Join(dir, "public"), "--send", "--rate-limit", "0"})
	}()
	base := waitListening(t, &out, done)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (int, string) {
		resp, err := client.Get(base + strings.TrimPrefix(path, "/"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return resp.StatusCode, b.String()
	}
	if code, body := get("/"); code != 200 || !strings.Contains(body, `action="/_newsletter/subscribe"`) {
		t.Fatalf("home: %d, the form must post to the routes this server answers", code)
	}
	if code, body := get("/nope/"); code != 404 || !strings.Contains(body, "<html") {
		t.Errorf("missing page: %d", code)
	}
	if code, _ := get("/posts/welcome"); code != 301 {
		t.Errorf("/posts/welcome without slash: %d, want a redirect", code)
	}
	if code, _ := get("/.kopij/x"); code != 404 {
		t.Errorf("hidden path served: %d", code)
	}
	// Sign up through the site's own form route (double opt-in: [smtp] is set).
	resp, err := client.PostForm(base+"_newsletter/subscribe", url.Values{"email": {"reader@example.com"}, "lang": {"en"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || !strings.Contains(loc, "status=pending") {
		t.Fatalf("signup: %d %s", resp.StatusCode, loc)
	}
	confirm := waitMail(t, sink, 1)
	token := regexp.MustCompile(`/_newsletter/confirm\?lang=en&token=([\w.-]+)`).FindStringSubmatch(strings.ReplaceAll(string(confirm.Data), "=\r\n", ""))
	if token == nil || !strings.Contains(string(confirm.Data), "https://your-blog.example/_newsletter/confirm") {
		t.Fatalf("confirmation mail:\n%s", confirm.Data)
	}
	if resp, err := client.Get(base + "_newsletter/confirm?lang=en&token=" + strings.ReplaceAll(token[1], "=3D", "=")); err != nil || resp.StatusCode != 303 {
		t.Fatalf("confirm: %v %v", resp, err)
	}
	// A new build swaps the folder; the next request sees the new post
	// and the server mails it by itself.
	addPost(t, dir, "fresh", "A fresh post", "en")
	if code, body := get("/posts/fresh/"); code != 200 || !strings.Contains(body, "A fresh post") {
		t.Fatalf("new post after the build: %d", code)
	}
	m := waitMail(t, sink, 2)
	if m.To[0] != "reader@example.com" || !strings.Contains(string(m.Data), "Subject: A fresh post") {
		t.Errorf("auto-sent mail to %v:\n%.500s", m.To, m.Data)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if strings.Contains(errOut.String(), "level=ERROR") {
		t.Errorf("server log: %s", errOut.String())
	}
}

// waitMail waits until the sink holds n messages and returns the nth.
func waitMail(t *testing.T, sink *mailsink.Sink, n int) mailsink.Message {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if msgs := sink.Messages(); len(msgs) >= n {
			return msgs[n-1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("waited 20 s for mail %d; the sink has %d", n, len(sink.Messages()))
	return mailsink.Message{}
}
