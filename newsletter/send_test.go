package newsletter_test

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/textproto"
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

var sendSecret = []byte("send-test-secret-send-test-secret")

// sendEnv is a site, a SQLite file store, a signup server on HTTPS and an
// SMTP sink, all on 127.0.0.1.
type sendEnv struct {
	store  sendStore
	feed   *newsletter.Feed
	site   fs.FS
	sink   *mailsink.Sink
	public string // the signup routes' URL
	client *http.Client
}

// sendStore is a store with its outbox.
type sendStore interface {
	newsletter.Store
	newsletter.Outbox
}

func newSendEnv(t *testing.T, sink mailsink.Options) *sendEnv {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "subscribers.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return newSendEnvWith(t, sink, s)
}

func newSendEnvWith(t *testing.T, sink mailsink.Options, s sendStore) *sendEnv {
	t.Helper()
	site := os.DirFS("testdata/send")
	f, err := newsletter.ReadFeed(site)
	if err != nil {
		t.Fatal(err)
	}
	e := &sendEnv{store: s, feed: f, site: site, sink: mailsink.Start(t, sink)}
	mux := http.NewServeMux()
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	e.public = srv.URL + "/_newsletter/"
	h := newHandler(t, s, newsletter.Options{Secret: sendSecret, PublicURL: e.public})
	mux.Handle("/_newsletter/", http.StripPrefix("/_newsletter", h))
	e.client = srv.Client()
	e.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return e
}

// subscribe stores confirmed subscribers (single opt-in) with names.
func (e *sendEnv) subscribe(t *testing.T, emails ...string) {
	t.Helper()
	var sus []newsletter.Signup
	for i, a := range emails {
		sus = append(sus, newsletter.Signup{Subscriber: newsletter.Subscriber{Email: a, Name: "Reader " + a[:1], Lang: "en"},
			At: time.Date(2026, 2, 1, 0, 0, i, 0, time.UTC)})
	}
	if _, err := e.store.Subscribe(context.Background(), sus); err != nil {
		t.Fatal(err)
	}
}

func (e *sendEnv) sender(t *testing.T, opt newsletter.SendOptions) *newsletter.Sender {
	t.Helper()
	c, err := newsletter.NewComposer("Kopij Blog <blog@blog.example>", e.public, newsletter.Signer{Key: sendSecret}, e.feed)
	if err != nil {
		t.Fatal(err)
	}
	if opt.Retry == nil {
		opt.Retry = []time.Duration{time.Millisecond, time.Millisecond}
	}
	return newsletter.NewSender(e.store, newsletter.SMTPServer{Host: "127.0.0.1", Port: e.sink.Port}, c, opt)
}

// queue makes the mailings of the feed's new posts (the feed is not a
// first run: SendStarted is set by marking nothing).
func (e *sendEnv) queue(t *testing.T, o newsletter.QueueOptions) newsletter.Queued {
	t.Helper()
	ctx := context.Background()
	if _, err := e.store.MarkPosts(ctx, nil, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	known, _ := e.store.KnownPosts(ctx)
	started, _ := e.store.SendStarted(ctx)
	r, err := newsletter.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	if o.Now.IsZero() {
		o.Now = time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)
	}
	o.Email.Site = e.site
	q, err := newsletter.Queue(ctx, e.store, r, e.feed, newsletter.PlanSend(e.feed, known, started), o)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// part is one decoded part of a received message.
type part struct {
	header textproto.MIMEHeader
	body   string
}

// parseMIME parses a received message and returns its header and parts.
func parseMIME(t *testing.T, data []byte) (mail.Header, map[string]part) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("parse message: %v", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	parts := map[string]part{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		body, err := io.ReadAll(p) // quoted-printable is decoded by the reader
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[ct] = part{header: p.Header, body: string(body)}
	}
	return msg.Header, parts
}

// TestSendPost sends one post to the list through a real SMTP exchange,
// checks every header and both parts, then follows the unsubscribe link
// (GET only shows a page) and unsubscribes with its button and with the
// RFC 8058 one-click POST.
func TestSendPost(t *testing.T) {
	e := newSendEnv(t, mailsink.Options{Keep: true})
	e.subscribe(t, "ada@example.com", "bob@example.com", "cy@example.com")
	mustSubscribePending(t, e.store, "pending@example.com")
	q := e.queue(t, newsletter.QueueOptions{})
	if len(q.Mailings) != 2 || q.Messages[0] != 3 || q.Mailings[0].Subject != `The first sixty words "decide" & more` {
		t.Fatalf("queued %+v, messages %v", q.Mailings, q.Messages)
	}
	reports, err := e.sender(t, newsletter.SendOptions{}).Send(context.Background(), q.Mailings[0])
	if err != nil {
		t.Fatal(err)
	}
	if p := reports[0].Progress; p.Sent != 3 || p.Open() || reports[0].Requeued != 0 {
		t.Errorf("progress %+v", reports[0])
	}
	msgs := e.sink.Messages()
	if len(msgs) != 3 || e.sink.Count("pending@example.com") != 0 {
		t.Fatalf("the sink got %d messages: %v", len(msgs), e.sink.Counts())
	}
	var unsubLinks []string
	ids := map[string]bool{}
	for _, m := range msgs {
		h, parts := parseMIME(t, m.Data)
		to := m.To[0]
		checkHeaders(t, h, to, e.public)
		ids[h.Get("Message-Id")] = true
		text, html := parts["text/plain"].body, parts["text/html"].body
		unsub := strings.Trim(h.Get("List-Unsubscribe"), "<>")
		for _, want := range []string{"# The first sixty words \"decide\" & more", "March 1, 2026", "Readers decide fast.",
			"## Why", "| Words | Minutes |", "kopij build", "Read it on the site: https://blog.example/posts/first-sixty-words/",
			"Unsubscribe: " + unsub} {
			if !strings.Contains(text, want) {
				t.Errorf("text part to %s lacks %q:\n%s", to, want, text)
			}
		}
		for _, want := range []string{`<meta name="color-scheme" content="light dark"/>`, `@media (prefers-color-scheme: dark)`,
			`<html lang="en"`, `href="` + strings.ReplaceAll(unsub, "&", "&amp;") + `"`, `<h2 id="why" style="`,
			`width="518"`, `<a href="https://video.example/embed/1"`, `<!--[if mso]>`, `role="presentation"`,
			`The first paragraph decides whether anyone reads the second.`} {
			if !strings.Contains(html, want) {
				t.Errorf("HTML part to %s lacks %s", to, want)
			}
		}
		for _, bad := range []string{"<script", "<form", "<iframe", "srcset", newsletter.UnsubscribePlaceholder, `src="/`, `href="/`} {
			if strings.Contains(html, bad) || strings.Contains(text, bad) {
				t.Errorf("message to %s holds %s", to, bad)
			}
		}
		if !strings.Contains(text, "Reader") && !strings.Contains(h.Get("To"), "Reader") {
			t.Errorf("To = %q lacks the name", h.Get("To"))
		}
		unsubLinks = append(unsubLinks, unsub)
	}
	if len(ids) != 3 {
		t.Errorf("Message-IDs are not unique: %v", ids)
	}
	sub, _ := e.store.Get(context.Background(), "ada@example.com")
	if len(sub.Sent) != 1 || sub.Sent[0].URL != "https://blog.example/posts/first-sixty-words/" {
		t.Errorf("subscriber record: sent %+v", sub.Sent)
	}

	// GET shows a page with a button and changes nothing: mail scanners
	// follow links.
	resp, err := e.client.Get(unsubLinks[0])
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), `<form method="post">`) {
		t.Errorf("GET unsubscribe: %d %s", resp.StatusCode, page)
	}
	first := emailOf(t, unsubLinks[0])
	if s, _ := e.store.Get(context.Background(), first); s.Status != newsletter.StatusConfirmed {
		t.Fatalf("GET unsubscribed %s", first)
	}
	// The page's button posts to the same URL.
	resp, err = e.client.Post(unsubLinks[0], "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// One-click, as Gmail sends it.
	resp, err = e.client.Post(unsubLinks[1], "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("one-click POST: %d", resp.StatusCode)
	}
	second := emailOf(t, unsubLinks[1])
	for _, a := range []string{first, second} {
		if s, _ := e.store.Get(context.Background(), a); s.Status != newsletter.StatusUnsubscribed {
			t.Errorf("%s is %s after POST", a, s.Status)
		}
	}
	// The next post goes to the one left.
	if _, err := e.sender(t, newsletter.SendOptions{}).Send(context.Background(), q.Mailings[1]); err != nil {
		t.Fatal(err)
	}
	if e.sink.Count(first) != 1 || e.sink.Count(second) != 1 || e.sink.Total() != 4 {
		t.Errorf("after unsubscribing: %v", e.sink.Counts())
	}
	last := e.sink.Messages()[3]
	h, parts := parseMIME(t, last.Data)
	if h.Get("Content-Language") != "nl" || !strings.Contains(parts["text/plain"].body, "Uitschrijven: https:") ||
		!strings.Contains(parts["text/plain"].body, "☑ Kop") || !strings.Contains(parts["text/html"].body, `<html lang="nl"`) {
		t.Errorf("the Dutch post's mail is not Dutch:\n%s", parts["text/plain"].body)
	}
}

func checkHeaders(t *testing.T, h mail.Header, to, public string) {
	t.Helper()
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(h.Get("Subject"))
	listID, _ := dec.DecodeHeader(h.Get("List-Id"))
	want := map[string]string{
		"Subject":               `The first sixty words "decide" & more`,
		"List-Id":               "Kopij Blog <newsletter.blog.example>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"List-Archive":          "<https://blog.example/>",
		"Content-Language":      "en",
		"Precedence":            "bulk",
		"Mime-Version":          "1.0",
	}
	got := map[string]string{"Subject": subject, "List-Id": listID}
	for k := range want {
		if _, ok := got[k]; !ok {
			got[k] = h.Get(k)
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if from, err := mail.ParseAddress(h.Get("From")); err != nil || from.Address != "blog@blog.example" || from.Name != "Kopij Blog" {
		t.Errorf("From = %q", h.Get("From"))
	}
	if a, err := mail.ParseAddress(h.Get("To")); err != nil || a.Address != to {
		t.Errorf("To = %q, want %s", h.Get("To"), to)
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if !regexp.MustCompile(`^<[0-9a-f]{30}\.\d+@blog\.example>$`).MatchString(h.Get("Message-Id")) {
		t.Errorf("Message-ID = %q", h.Get("Message-Id"))
	}
	unsub := h.Get("List-Unsubscribe")
	if !strings.HasPrefix(unsub, "<"+public+"unsubscribe?") || !strings.HasPrefix(public, "https://") || !strings.HasSuffix(unsub, ">") {
		t.Errorf("List-Unsubscribe = %q", unsub)
	}
}

// emailOf reads the address out of an unsubscribe link's token.
func emailOf(t *testing.T, link string) string {
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	email, err := newsletter.Signer{Key: sendSecret}.Verify(u.Query().Get("token"), newsletter.PurposeUnsubscribe, time.Now())
	if err != nil {
		t.Fatalf("token of %s: %v", link, err)
	}
	return email
}

func mustSubscribePending(t *testing.T, s newsletter.Store, email string) {
	t.Helper()
	if _, err := s.Subscribe(context.Background(), []newsletter.Signup{{Subscriber: newsletter.Subscriber{Email: email}, At: time.Now(), DoubleOptIn: true}}); err != nil {
		t.Fatal(err)
	}
}

func names(n int, format string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(format, i)
	}
	return out
}
