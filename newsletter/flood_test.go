package newsletter_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/sqlite"
)

// TestOneConfirmationMailPerWindow signs a victim's address up 301 times
// from 301 client addresses, as a flooder would, and across a restart of
// the server: the victim gets one mail per 10 minutes, five a day.
func TestOneConfirmationMailPerWindow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	c := newClock()
	m := &fakeMailer{}
	start := func() (*newsletter.Handler, func()) {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		h, err := newsletter.NewHandler(s, newsletter.Options{SiteURL: "https://blog.example/", Secret: []byte("0123456789abcdef0123456789abcdef"),
			Mailer: m, PublicURL: "https://blog.example/_newsletter/", Now: c.Now, Logger: discardLogger()})
		if err != nil {
			t.Fatal(err)
		}
		return h, func() { h.Close(); s.Close() }
	}
	h, stop := start()
	signups := func(n int) {
		for i := range n {
			r := httptest.NewRequest("POST", "/subscribe", strings.NewReader("email=victim%40example.com"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Accept", "application/json")
			r.RemoteAddr = fmt.Sprintf("198.51.%d.%d:4000", i/250, i%250)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != 200 {
				t.Fatalf("signup %d: %d %s", i, w.Code, w.Body)
			}
			c.Add(time.Second)
		}
	}
	sent := func() int {
		h.Close() // sends what is queued
		m.mu.Lock()
		defer m.mu.Unlock()
		return len(m.sent)
	}
	signups(301) // five minutes of requests
	if n := sent(); n != 1 {
		t.Fatalf("301 signups in 5 minutes sent %d mails, want 1", n)
	}
	stop()
	h, stop = start() // a restart forgets nothing
	defer func() { stop() }()
	signups(10)
	if n := sent(); n != 1 {
		t.Errorf("after a restart within 10 minutes: %d mails, want still 1", n)
	}
	for range 8 {
		c.Add(10 * time.Minute)
		stop()
		h, stop = start()
		signups(1)
	}
	if n := sent(); n != 5 {
		t.Errorf("signups every 10 minutes for 80 minutes sent %d mails in all, want 5 a day", n)
	}
	c.Add(24 * time.Hour)
	stop()
	h, stop = start()
	signups(3)
	if n := sent(); n != 6 {
		t.Errorf("a day later: %d mails in all, want 6", n)
	}
}

// TestOldLinkAfterResubscribe follows the confirmation link of a signup
// that was unsubscribed since: it must not confirm the new signup, whose
// own link does.
func TestOldLinkAfterResubscribe(t *testing.T) {
	s := openStore(t)
	c := newClock()
	m := &fakeMailer{ch: make(chan newsletter.Message, 4)}
	h := newHandler(t, s, newsletter.Options{Mailer: m, Now: c.Now, PublicURL: "https://blog.example/_newsletter/", RateLimit: -1})
	get := func(link string) *httptest.ResponseRecorder {
		u, _ := url.Parse(link)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", strings.TrimPrefix(u.Path, "/_newsletter")+"?"+u.RawQuery, nil))
		return w
	}
	const prefix = "https://blog.example/_newsletter/confirm?lang=en&token="
	postForm(h, "/subscribe", url.Values{"email": {"ex@example.com"}}, jsonAccept)
	first := <-m.ch
	oldLink := findLink(t, first.Text, prefix)
	if w := get(oldLink); !strings.Contains(w.Header().Get("Location"), "status=confirmed") {
		t.Fatalf("first confirmation: %d %s", w.Code, w.Header().Get("Location"))
	}
	u, _ := url.Parse(first.UnsubscribeURL)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("POST", "/unsubscribe?"+u.RawQuery, strings.NewReader("List-Unsubscribe=One-Click")))
	if sub, _ := s.Get(context.Background(), "ex@example.com"); sub.Status != newsletter.StatusUnsubscribed {
		t.Fatalf("after unsubscribing: %s", sub.Status)
	}
	c.Add(time.Hour)
	postForm(h, "/subscribe", url.Values{"email": {"ex@example.com"}}, jsonAccept)
	second := <-m.ch
	if w := get(oldLink); !strings.Contains(w.Header().Get("Location"), "status=invalid-link") {
		t.Errorf("the old link after a new signup: %d %s, want invalid-link", w.Code, w.Header().Get("Location"))
	}
	if sub, _ := s.Get(context.Background(), "ex@example.com"); sub.Status != newsletter.StatusPending {
		t.Fatalf("the old link confirmed the new signup: %s", sub.Status)
	}
	if w := get(findLink(t, second.Text, prefix)); !strings.Contains(w.Header().Get("Location"), "status=confirmed") {
		t.Errorf("the new link: %d %s", w.Code, w.Header().Get("Location"))
	}
	if sub, _ := s.Get(context.Background(), "ex@example.com"); sub.Status != newsletter.StatusConfirmed {
		t.Errorf("after the new link: %s", sub.Status)
	}
}
