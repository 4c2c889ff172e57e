package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/sqlite"
)

// nlOutput is a buffer a running server writes to while the test reads.
type nlOutput struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *nlOutput) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *nlOutput) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

var listenLine = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// waitListening waits for the "listening on" line and returns the base URL.
func waitListening(t *testing.T, out interface{ String() string }, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := listenLine.FindStringSubmatch(out.String()); m != nil {
			return m[1] + "/"
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped before listening: %v; output %s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("server did not start: %s", out.String())
	return ""
}

func TestNewsletterServe(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "kopij.toml"), []byte("title = \"Kopij\"\nbase_url = \"https://blog.example/\"\nlanguage = \"nl\"\n"), 0o644)
	db := filepath.Join(dir, "subs.db")
	var out, errOut nlOutput
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(k string) string {
		if k == "KOPIJ_SECRET" {
			return "a secret from the environment, long enough"
		}
		return ""
	}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, e, []string{"newsletter", "serve", "--addr", "127.0.0.1:0", "--db", db, "--src", dir, "--allowed-origin", "https://www.blog.example"})
	}()
	base := waitListening(t, &out, done)
	if !strings.Contains(out.String(), "single opt-in") {
		t.Errorf("startup line does not say single opt-in: %s", out.String())
	}

	post := func(origin string) (int, string) {
		req, _ := http.NewRequest("POST", base+"subscribe", strings.NewReader(url.Values{"email": {"Lezer@Example.nl"}, "consent": {"Ja"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var a struct{ Message string }
		json.NewDecoder(resp.Body).Decode(&a)
		return resp.StatusCode, a.Message
	}
	if code, msg := post("https://www.blog.example"); code != 200 || msg != "Bedankt, je bent ingeschreven." {
		t.Errorf("allowed origin: %d %q", code, msg)
	}
	if code, _ := post("https://elsewhere.example"); code != 403 {
		t.Errorf("foreign origin: %d, want 403", code)
	}
	resp, err := http.Get(base + "healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop on cancel")
	}

	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sub, err := s.Get(context.Background(), "lezer@example.nl")
	if err != nil || sub.Status != newsletter.StatusConfirmed || sub.Consent != "Ja" || sub.Lang != "nl" {
		t.Errorf("stored %+v, %v", sub, err)
	}
}

func TestNewsletterUsage(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"newsletter"}, 2, "kopij newsletter serve"},
		{[]string{"newsletter", "start"}, 2, "kopij newsletter serve"},
		{[]string{"newsletter", "serve", "extra"}, 2, "takes no arguments"},
		{[]string{"newsletter", "serve", "--port", "1"}, 2, "flag provided but not defined"},
		{[]string{"newsletter", "serve", "--src", "/does/not/exist", "--db", "postgres://nobody@127.0.0.1:1/x?connect_timeout=1"}, 1, "postgres"},
		{[]string{"newsletter", "serve", "--help"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}
}
