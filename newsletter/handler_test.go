package newsletter_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/sqlite"
)

// fakeMailer keeps sent mails for the test to read.
type fakeMailer struct {
	mu   sync.Mutex
	sent []newsletter.Message
	ch   chan newsletter.Message
}

func (m *fakeMailer) Send(_ context.Context, msg newsletter.Message) error {
	m.mu.Lock()
	m.sent = append(m.sent, msg)
	m.mu.Unlock()
	if m.ch != nil {
		m.ch <- msg
	}
	return nil
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock() *clock               { return &clock{t: time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)} }
func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newHandler(t testing.TB, s newsletter.Store, opt newsletter.Options) *newsletter.Handler {
	t.Helper()
	if opt.SiteURL == "" {
		opt.SiteURL = "https://blog.example/"
	}
	if opt.Secret == nil {
		opt.Secret = []byte("0123456789abcdef0123456789abcdef")
	}
	opt.Logger = discardLogger()
	h, err := newsletter.NewHandler(s, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func postForm(h http.Handler, path string, v url.Values, hdr map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, val := range hdr {
		r.Header.Set(k, val)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

type answer struct {
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

func decode(t *testing.T, w *httptest.ResponseRecorder) answer {
	t.Helper()
	var a answer
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatalf("answer %q is not JSON: %v", w.Body.String(), err)
	}
	return a
}

var jsonAccept = map[string]string{"Accept": "application/json"}

func TestSubscribeAnswers(t *testing.T) {
	valid := url.Values{"email": {" Ada@Example.COM "}, "name": {"Ada"}, "consent": {"Yes"}, "source": {"/posts/a/"}, "lang": {"en"}}
	with := func(k, v string) url.Values {
		c := url.Values{}
		for key, vals := range valid {
			c[key] = vals
		}
		c.Set(k, v)
		return c
	}
	tests := []struct {
		name     string
		form     url.Values
		hdr      map[string]string
		code     int
		ok       bool
		message  string
		location string
		stored   string // address that must be stored, "" for none
	}{
		{"json ok", valid, jsonAccept, 200, true, "Thank you, you are subscribed.", "", "ada@example.com"},
		{"dutch", with("lang", "nl"), jsonAccept, 200, true, "Bedankt, je bent ingeschreven.", "", "ada@example.com"},
		{"no javascript", valid, nil, 303, false, "", "https://blog.example/subscribed/?lang=en&status=subscribed#status-subscribed", "ada@example.com"},
		{"invalid", with("email", "ada@"), jsonAccept, 400, false, "That email address does not look right. Please check it and try again.", "", ""},
		{"invalid form", with("email", "nope"), nil, 303, false, "", "https://blog.example/subscribed/?lang=en&status=invalid#status-invalid", ""},
		{"honeypot", with("website", "http://spam.example"), jsonAccept, 200, true, "Thank you, you are subscribed.", "", ""},
		{"foreign origin", valid, map[string]string{"Accept": "application/json", "Origin": "https://evil.example"}, 403, false, "This form may not be sent from this site.", "", ""},
		{"site origin", valid, map[string]string{"Accept": "application/json", "Origin": "https://blog.example"}, 200, true, "Thank you, you are subscribed.", "", "ada@example.com"},
		{"extra origin", valid, map[string]string{"Accept": "application/json", "Origin": "https://www.blog.example"}, 200, true, "Thank you, you are subscribed.", "", "ada@example.com"},
		{"foreign referer", valid, map[string]string{"Referer": "https://evil.example/x"}, 303, false, "", "https://blog.example/subscribed/?lang=en&status=forbidden#status-forbidden", ""},
		{"too large", with("name", strings.Repeat("x", 9000)), jsonAccept, 413, false, "The form sent too much data.", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			h := newHandler(t, s, newsletter.Options{AllowedOrigins: []string{"https://www.blog.example"}})
			w := postForm(h, "/subscribe", tc.form, tc.hdr)
			if w.Code != tc.code {
				t.Fatalf("status = %d, want %d; body %s", w.Code, tc.code, w.Body)
			}
			if tc.location != "" {
				if got := w.Header().Get("Location"); got != tc.location {
					t.Errorf("Location = %q, want %q", got, tc.location)
				}
			} else if a := decode(t, w); a.OK != tc.ok || a.Message != tc.message {
				t.Errorf("answer = %+v, want ok=%v %q", a, tc.ok, tc.message)
			}
			n := 0
			s.Each(context.Background(), newsletter.Filter{}, func(sub newsletter.Subscriber) error {
				n++
				if sub.Email != tc.stored {
					t.Errorf("stored %q, want %q", sub.Email, tc.stored)
				}
				return nil
			})
			if want := map[bool]int{true: 1, false: 0}[tc.stored != ""]; n != want {
				t.Errorf("stored %d subscribers, want %d", n, want)
			}
		})
	}
}

func TestSubscribeStoresConsentRecord(t *testing.T) {
	s := openStore(t)
	c := newClock()
	h := newHandler(t, s, newsletter.Options{Now: c.Now})
	body := `{"email":"bo@example.org","name":"Bo","consent":"Ja, mail me","source":"/posts/b/","lang":"nl","referrer":"https://news.example/","utm_source":"nb"}`
	r := httptest.NewRequest("POST", "/subscribe", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json")
	r.Header.Set("Referer", "https://blog.example/posts/b/?utm_medium=social&utm_source=ignored")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	sub, err := s.Get(context.Background(), "bo@example.org")
	if err != nil {
		t.Fatal(err)
	}
	want := newsletter.Subscriber{Email: "bo@example.org", Name: "Bo", Status: newsletter.StatusConfirmed, CreatedAt: c.Now(),
		ConfirmedAt: c.Now(), Consent: "Ja, mail me", ConsentAt: c.Now(), Lang: "nl", Source: "/posts/b/",
		Referrer: "https://news.example/", UTMSource: "nb", UTMMedium: "social"}
	if sub.Email != want.Email || sub.Name != want.Name || sub.Status != want.Status || !sub.CreatedAt.Equal(want.CreatedAt) ||
		sub.Consent != want.Consent || sub.Lang != want.Lang || sub.Source != want.Source || sub.Referrer != want.Referrer ||
		sub.UTMSource != want.UTMSource || sub.UTMMedium != want.UTMMedium || sub.UTMCampaign != "" {
		t.Errorf("stored\n %+v\nwant\n %+v", sub, want)
	}
}

// TestNoProbing checks that a known address gets exactly the answer an
// unknown one gets, in every state.
func TestNoProbing(t *testing.T) {
	s := openStore(t)
	h := newHandler(t, s, newsletter.Options{Mailer: &fakeMailer{}, RateLimit: -1, PublicURL: "https://blog.example/_newsletter/"})
	ask := func(email string) (int, string) {
		w := postForm(h, "/subscribe", url.Values{"email": {email}}, jsonAccept)
		return w.Code, w.Body.String()
	}
	code, body := ask("fresh@example.com")
	for _, email := range []string{"fresh@example.com", "FRESH@example.com", "other@example.com"} {
		if c, b := ask(email); c != code || b != body {
			t.Errorf("%s: answer %d %s differs from %d %s", email, c, b, code, body)
		}
	}
	s.Confirm(context.Background(), "fresh@example.com", 0, time.Now())
	if c, b := ask("fresh@example.com"); c != code || b != body {
		t.Errorf("confirmed address: answer %d %s differs from %d %s", c, b, code, body)
	}
}

func TestRateLimit(t *testing.T) {
	c := newClock()
	h := newHandler(t, openStore(t), newsletter.Options{RateLimit: 6, RateBurst: 2, Now: c.Now})
	codes := func(addr string, n int) []int {
		var out []int
		for range n {
			r := httptest.NewRequest("POST", "/subscribe", strings.NewReader("email=a%40example.com"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Accept", "application/json")
			r.RemoteAddr = addr
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			out = append(out, w.Code)
		}
		return out
	}
	if got := codes("10.0.0.1:1234", 3); got[0] != 200 || got[1] != 200 || got[2] != 429 {
		t.Errorf("burst of 3 = %v, want 200 200 429", got)
	}
	if got := codes("10.0.0.2:1234", 1); got[0] != 200 {
		t.Errorf("other address = %v, want 200", got)
	}
	c.Add(10 * time.Second) // 6 per minute: one token back
	if got := codes("10.0.0.1:999", 2); got[0] != 200 || got[1] != 429 {
		t.Errorf("after 10 s = %v, want 200 429", got)
	}
}

func TestSecurityHeadersAndCORS(t *testing.T) {
	h := newHandler(t, openStore(t), newsletter.Options{})
	r := httptest.NewRequest("OPTIONS", "/subscribe", nil)
	r.Header.Set("Origin", "https://blog.example")
	r.Header.Set("Access-Control-Request-Method", "POST")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 204 || w.Header().Get("Access-Control-Allow-Origin") != "https://blog.example" {
		t.Errorf("preflight: %d %v", w.Code, w.Header())
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	r.Header.Set("Origin", "https://evil.example")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 403 || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("foreign preflight: %d %v", w.Code, w.Header())
	}
	for _, tc := range []struct {
		method, path, ct, body string
		code                   int
	}{
		{"GET", "/healthz", "", "", 200},
		{"GET", "/subscribe", "", "", 405},
		{"POST", "/subscribe", "text/plain", "email=a@example.com", 415},
		{"POST", "/subscribe", "application/json", "{not json", 400},
		{"GET", "/nothing", "", "", 404},
	} {
		r := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
		if tc.ct != "" {
			r.Header.Set("Content-Type", tc.ct)
		}
		r.Header.Set("Accept", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tc.code {
			t.Errorf("%s %s %s: %d, want %d", tc.method, tc.path, tc.ct, w.Code, tc.code)
		}
	}
}

// TestDoubleOptInUnderPrefix runs the whole double opt-in through a handler
// mounted below /_newsletter/, as the dev server mounts it.
func TestDoubleOptInUnderPrefix(t *testing.T) {
	s := openStore(t)
	c := newClock()
	m := &fakeMailer{ch: make(chan newsletter.Message, 1)}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	h := newHandler(t, s, newsletter.Options{Mailer: m, Now: c.Now, SiteTitle: "Kopij", PublicURL: srv.URL + "/_newsletter"})
	mux.Handle("/_newsletter/", http.StripPrefix("/_newsletter", h))

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(srv.URL+"/_newsletter/subscribe", url.Values{"email": {"dee@example.com"}, "lang": {"nl"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != "https://blog.example/subscribed/?lang=nl&status=pending#status-pending" {
		t.Errorf("subscribe: %d %s", resp.StatusCode, loc)
	}
	msg := <-m.ch
	if !strings.Contains(msg.Subject, "Kopij") || !strings.HasPrefix(msg.UnsubscribeURL, srv.URL+"/_newsletter/unsubscribe?lang=nl&token=") {
		t.Fatalf("mail %+v", msg)
	}
	link := findLink(t, msg.Text, srv.URL+"/_newsletter/confirm?lang=nl&token=")
	if sub, _ := s.Get(context.Background(), "dee@example.com"); sub.Status != newsletter.StatusPending {
		t.Fatalf("before confirming: %s", sub.Status)
	}
	resp, err = client.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != "https://blog.example/subscribed/?lang=nl&status=confirmed#status-confirmed" {
		t.Errorf("confirm: %d %s", resp.StatusCode, loc)
	}
	if sub, _ := s.Get(context.Background(), "dee@example.com"); sub.Status != newsletter.StatusConfirmed {
		t.Errorf("after confirming: %s", sub.Status)
	}

	// The unsubscribe page asks first; the one-click POST unsubscribes.
	resp, err = client.Get(msg.UnsubscribeURL)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), `<form method="post">`) {
		t.Errorf("unsubscribe page: %d %s", resp.StatusCode, page)
	}
	if sub, _ := s.Get(context.Background(), "dee@example.com"); sub.Status != newsletter.StatusConfirmed {
		t.Errorf("GET unsubscribed: %s", sub.Status)
	}
	resp, err = client.Post(msg.UnsubscribeURL, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("one-click: %d", resp.StatusCode)
	}
	if sub, _ := s.Get(context.Background(), "dee@example.com"); sub.Status != newsletter.StatusUnsubscribed {
		t.Errorf("after one-click: %s", sub.Status)
	}

	// A confirm link stops working after its time.
	c.Add(8 * 24 * time.Hour)
	postForm(h, "/subscribe", url.Values{"email": {"late@example.com"}}, jsonAccept)
	late := <-m.ch
	c.Add(8 * 24 * time.Hour)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", strings.TrimPrefix(findLink(t, late.Text, srv.URL+"/_newsletter/confirm?lang=en&token="), srv.URL+"/_newsletter"), nil))
	if loc := w.Header().Get("Location"); w.Code != 303 || !strings.Contains(loc, "status=invalid-link") {
		t.Errorf("expired confirm: %d %s", w.Code, loc)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/confirm?token=forged.x", nil))
	if loc := w.Header().Get("Location"); !strings.Contains(loc, "status=invalid-link") {
		t.Errorf("forged confirm: %s", loc)
	}
}

func TestDoubleOptInNeedsPublicURL(t *testing.T) {
	for _, u := range []string{"", "/_newsletter/", "example.com/x/"} {
		_, err := newsletter.NewHandler(openStore(t), newsletter.Options{Mailer: &fakeMailer{}, PublicURL: u, Secret: []byte("k")})
		if err == nil {
			t.Errorf("PublicURL %q accepted with a Mailer", u)
		}
	}
}

func findLink(t *testing.T, text, prefix string) string {
	t.Helper()
	i := strings.Index(text, prefix)
	if i < 0 {
		t.Fatalf("no link %s in %q", prefix, text)
	}
	return strings.Fields(text[i:])[0]
}

// brokenStore fails every signup the way a full disk would.
type brokenStore struct{ memStore }

func (*brokenStore) Subscribe(context.Context, []newsletter.Signup) ([]newsletter.Result, error) {
	return nil, errors.New("disk I/O error: /var/lib/kopij/subscribers.db")
}

func (*brokenStore) Confirm(context.Context, string, int64, time.Time) error {
	return errors.New("database is locked")
}

func (*brokenStore) Unsubscribe(context.Context, string, time.Time) error {
	return errors.New("database is locked")
}

func (*brokenStore) Ping(context.Context) error { return errors.New("database is locked") }

// TestInternalErrorsStayInside checks that a storage failure is logged
// and the reader sees only a generic message.
func TestInternalErrorsStayInside(t *testing.T) {
	var logs bytes.Buffer
	h, err := newsletter.NewHandler(&brokenStore{}, newsletter.Options{SiteURL: "https://blog.example/", Secret: []byte("k"),
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	w := postForm(h, "/subscribe", url.Values{"email": {"a@example.com"}}, jsonAccept)
	if a := decode(t, w); w.Code != 503 || a.OK || a.Message != "Something went wrong on our side. Please try again later." {
		t.Errorf("answer %d %+v", w.Code, a)
	}
	if strings.Contains(w.Body.String(), "disk") {
		t.Errorf("internal error shown to the reader: %s", w.Body)
	}
	if !strings.Contains(logs.String(), "disk I/O error") {
		t.Errorf("internal error not logged: %q", logs.String())
	}
	r := httptest.NewRequest("GET", "/healthz", nil)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 503 || strings.Contains(w.Body.String(), "locked") {
		t.Errorf("healthz: %d %q", w.Code, w.Body)
	}
}

// TestTrustProxy checks that behind a reverse proxy the limit applies to
// the client address the proxy appends, and only when told to trust it.
func TestTrustProxy(t *testing.T) {
	for _, trust := range []bool{true, false} {
		h := newHandler(t, openStore(t), newsletter.Options{RateLimit: 1, RateBurst: 1, TrustProxy: trust})
		var codes []int
		for _, client := range []string{"203.0.113.7", "203.0.113.8", "203.0.113.7"} {
			r := httptest.NewRequest("POST", "/subscribe", strings.NewReader("email=a%40example.com"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Accept", "application/json")
			r.Header.Set("X-Forwarded-For", "10.9.9.9, "+client) // first value is whatever the client claimed
			r.RemoteAddr = "127.0.0.1:5000"                      // the proxy
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			codes = append(codes, w.Code)
		}
		want := []int{200, 429, 429}
		if trust {
			want = []int{200, 200, 429}
		}
		if !slices.Equal(codes, want) {
			t.Errorf("TrustProxy=%v: codes %v, want %v", trust, codes, want)
		}
	}
}

// TestOriginNotTrustedForForgedHost posts the form as a DNS-rebinding page
// does: Host and Origin name the attacker's host, which resolves to this
// server. Only the site's origin, the public URL's, the extra origins and
// the hosts OriginHost accepts may post; the Host header counts for
// nothing.
func TestOriginNotTrustedForForgedHost(t *testing.T) {
	valid := url.Values{"email": {"ada@example.com"}}
	loopback := func(h string) bool { return h == "localhost" || h == "127.0.0.1" }
	tests := []struct {
		name         string
		opt          newsletter.Options
		host, origin string
		code         int
	}{
		{"forged host and origin", newsletter.Options{}, "evil.example", "https://evil.example", 403},
		{"forged host with port", newsletter.Options{}, "evil.example:8080", "http://evil.example:8080", 403},
		{"forged host, kopij serve", newsletter.Options{OriginHost: loopback}, "evil.example:1313", "http://evil.example:1313", 403},
		{"forged referer", newsletter.Options{}, "evil.example", "", 403},
		{"site origin", newsletter.Options{}, "evil.example", "https://blog.example", 200},
		{"public URL origin", newsletter.Options{PublicURL: "https://news.blog.example/_newsletter/"}, "news.blog.example", "https://news.blog.example", 200},
		{"kopij serve on localhost", newsletter.Options{OriginHost: loopback}, "localhost:1313", "http://localhost:1313", 200},
		{"kopij serve on 127.0.0.1", newsletter.Options{OriginHost: loopback}, "127.0.0.1:1313", "http://127.0.0.1:1313", 200},
		{"file page to kopij serve", newsletter.Options{OriginHost: loopback}, "127.0.0.1:1313", "null", 403},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHandler(t, openStore(t), tc.opt)
			r := httptest.NewRequest("POST", "/subscribe", strings.NewReader(valid.Encode()))
			r.Host = tc.host
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Accept", "application/json")
			if tc.origin != "" {
				r.Header.Set("Origin", tc.origin)
			} else {
				r.Header.Set("Referer", "http://"+tc.host+"/posts/x/")
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.code {
				t.Fatalf("status %d, want %d; %s", w.Code, tc.code, w.Body)
			}
			pre := httptest.NewRequest("OPTIONS", "/subscribe", nil)
			pre.Host = tc.host
			pre.Header.Set("Origin", cmp.Or(tc.origin, "http://"+tc.host))
			w = httptest.NewRecorder()
			h.ServeHTTP(w, pre)
			if want := map[int]int{200: 204, 403: 403}[tc.code]; w.Code != want {
				t.Errorf("preflight status %d, want %d", w.Code, want)
			}
		})
	}
}
