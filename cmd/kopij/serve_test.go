package main

import (
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveOutput collects a command's output while it runs.
type serveOutput struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *serveOutput) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *serveOutput) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serveSite writes files into a temp site folder, runs kopij serve on a
// free port until the test ends and returns the folder and the site URL.
func serveSite(t *testing.T, files map[string]string) (dir, base string) {
	t.Helper()
	dir = t.TempDir()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, serveArgs(t, dir, "--addr", "127.0.0.1:0")
}

// serveArgs runs kopij serve on the site folder dir with more flags until
// the test ends, and returns the site URL.
func serveArgs(t *testing.T, dir string, args ...string) (base string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &serveOutput{}, &serveOutput{}
	e := &env{stdin: strings.NewReader(""), stdout: stdout, stderr: stderr, getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	go func() { done <- run(ctx, e, append([]string{"serve", "--src", dir}, args...)) }()
	urlRE := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/\S*) `)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m := urlRE.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("kopij serve stopped: %v\n%s\n%s", err, stdout, stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("kopij serve printed no URL:\n%s\n%s", stdout, stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("kopij serve after Ctrl-C: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("kopij serve did not stop after Ctrl-C")
		}
		if !strings.Contains(stdout.String(), "stopped") {
			t.Errorf("kopij serve did not say it stopped:\n%s", stdout)
		}
	})
	return base
}

const servePost = "---\ntitle: \"Hello\"\ndate: 2024-03-01T10:00:00Z\n---\n\nFirst words.\n"

func TestServeCommand(t *testing.T) {
	dir, base := serveSite(t, map[string]string{
		"kopij.toml":             "title = \"Served\"\nbase_url = \"https://example.com/blog/\"\n",
		"content/posts/hello.md": servePost,
		"content/posts/draft.md": "---\ntitle: \"Unfinished\"\ndraft: true\ndate: 2024-03-02T10:00:00Z\n---\n\nDraft words.\n",
	})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(p string) (int, string) {
		resp, err := client.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := get("posts/hello/"); code != 200 || !strings.Contains(body, "First words.") || !strings.Contains(body, "/_kopij/livereload.js") {
		t.Fatalf("GET post: %d %.300s", code, body)
	}
	if code, body := get("posts/draft/"); code != 200 || !strings.Contains(body, "Draft words.") {
		t.Fatalf("drafts are not served by default: %d", code)
	}
	if code, body := get("no/such/page/"); code != 404 || !strings.Contains(body, "<html") {
		t.Fatalf("GET missing page: %d %.200s, want 404 with 404.html", code, body)
	}

	// Post where the page's signup form posts.
	_, page := get("posts/hello/")
	m := regexp.MustCompile(`<form[^>]*action="?([^"> ]+)`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no signup form on the post page: %.300s", page)
	}
	action, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	action, err = action.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.PostForm(action.String(), url.Values{"email": {"reader@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "/subscribed/") {
		t.Fatalf("signup: %d to %q, want 303 to the subscribed page", resp.StatusCode, loc)
	}
	if _, err := os.Stat(filepath.Join(dir, ".kopij", "subscribers.db")); err != nil {
		t.Fatalf("no local subscriber database: %v", err)
	}

	if err := os.WriteFile(filepath.Join(dir, "content/posts/hello.md"), []byte(strings.Replace(servePost, "First", "Edited", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, body := get("posts/hello/"); strings.Contains(body, "Edited words.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the edit never showed up")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
