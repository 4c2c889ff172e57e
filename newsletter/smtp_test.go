package newsletter_test

import (
	"context"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/kopij/kopij/newsletter"
)

// smtpBackend hands every received message to the test.
type smtpBackend struct{ got chan received }

type received struct {
	from string
	to   []string
	data []byte
}

type smtpSession struct {
	b *smtpBackend
	r received
}

func (b *smtpBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{b: b}, nil }
func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error { s.r.from = from; return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.r.to = append(s.r.to, to)
	return nil
}
func (s *smtpSession) Reset()        { s.r = received{} }
func (s *smtpSession) Logout() error { return nil }
func (s *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.r.data = data
	s.b.got <- s.r
	return nil
}

// startSMTP runs an SMTP server on 127.0.0.1 for the test's lifetime.
func startSMTP(t *testing.T) (*smtpBackend, int) {
	t.Helper()
	be := &smtpBackend{got: make(chan received, 4)}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return be, l.Addr().(*net.TCPAddr).Port
}

// TestSMTPDoubleOptIn sends the confirmation mail through a real SMTP
// exchange and follows the link it carries.
func TestSMTPDoubleOptIn(t *testing.T) {
	be, port := startSMTP(t)
	s := openStore(t)
	mailer := &newsletter.SMTPMailer{Host: "127.0.0.1", Port: port, From: "Kopij Blog <blog@kopij.example>"}
	if mailer.TLSMode() != newsletter.TLSNone {
		t.Fatalf("TLS mode for a loopback relay = %s", mailer.TLSMode())
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	h := newHandler(t, s, newsletter.Options{Mailer: mailer, SiteTitle: "Kopij Blog", PublicURL: srv.URL + "/_newsletter/"})
	mux.Handle("/_newsletter/", http.StripPrefix("/_newsletter", h))

	w := postForm(h, "/subscribe", url.Values{"email": {"Reader@Example.net"}, "lang": {"en"}, "consent": {"Mail me"}}, jsonAccept)
	if a := decode(t, w); !a.OK || !strings.Contains(a.Message, "check your inbox") {
		t.Fatalf("answer %+v", a)
	}
	var r received
	select {
	case r = <-be.got:
	case <-time.After(10 * time.Second):
		t.Fatal("no mail arrived")
	}
	if r.from != "blog@kopij.example" || len(r.to) != 1 || r.to[0] != "reader@example.net" {
		t.Errorf("envelope from %s to %v", r.from, r.to)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(r.data)))
	if err != nil {
		t.Fatalf("parse mail: %v\n%s", err, r.data)
	}
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(msg.Header.Get("Subject"))
	if subject != "Confirm your subscription to Kopij Blog" {
		t.Errorf("Subject = %q", subject)
	}
	unsub := msg.Header.Get("List-Unsubscribe")
	if !strings.HasPrefix(unsub, "<"+srv.URL+"/_newsletter/unsubscribe?lang=en&token=") || msg.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe = %q, List-Unsubscribe-Post = %q", unsub, msg.Header.Get("List-Unsubscribe-Post"))
	}
	body, _ := io.ReadAll(msg.Body)
	link := findLink(t, string(body), srv.URL+"/_newsletter/confirm?lang=en&token=")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "status=confirmed") {
		t.Errorf("confirm: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	sub, err := s.Get(context.Background(), "reader@example.net")
	if err != nil || sub.Status != newsletter.StatusConfirmed || sub.Consent != "Mail me" {
		t.Errorf("after confirming: %+v %v", sub, err)
	}
}
