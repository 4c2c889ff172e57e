package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/sqlite"
)

// mailSink is an SMTP backend that passes each message body to a channel.
type mailSink chan string

func (m mailSink) NewSession(*smtp.Conn) (smtp.Session, error) { return m, nil }
func (m mailSink) Mail(string, *smtp.MailOptions) error        { return nil }
func (m mailSink) Rcpt(string, *smtp.RcptOptions) error        { return nil }
func (m mailSink) Reset()                                      {}
func (m mailSink) Logout() error                               { return nil }
func (m mailSink) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	m <- string(b)
	return err
}

// TestNewsletterServeDoubleOptIn configures [smtp] in kopij.toml, signs up
// through the running command, receives the mail on a local SMTP server
// and follows its confirmation link.
func TestNewsletterServeDoubleOptIn(t *testing.T) {
	sink := make(mailSink, 1)
	srv := smtp.NewServer(sink)
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	// The signup server's own port must be known for the endpoint in kopij.toml.
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := probe.Addr().String()
	probe.Close()

	dir := t.TempDir()
	toml := fmt.Sprintf("title = \"Kopij\"\nbase_url = \"https://blog.example/\"\n[newsletter]\nendpoint = \"http://%s/subscribe\"\n[smtp]\nhost = \"127.0.0.1\"\nport = %d\nfrom = \"Kopij <blog@kopij.example>\"\n",
		addr, ln.Addr().(*net.TCPAddr).Port)
	os.WriteFile(filepath.Join(dir, "kopij.toml"), []byte(toml), 0o644)
	db := filepath.Join(dir, "s.db")
	var out, errOut nlOutput
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, e, []string{"newsletter", "serve", "--addr", addr, "--db", db, "--src", dir}) }()
	base := waitListening(t, &out, done)
	if !strings.Contains(out.String(), "double opt-in") {
		t.Errorf("startup line: %s", out.String())
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(base+"subscribe", url.Values{"email": {"new@example.com"}, "lang": {"en"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != "https://blog.example/subscribed/?lang=en&status=pending#status-pending" {
		t.Errorf("signup: %d %s", resp.StatusCode, loc)
	}
	var mail string
	select {
	case mail = <-sink:
	case <-time.After(10 * time.Second):
		t.Fatal("no confirmation mail")
	}
	link := regexp.MustCompile(`http://\S+/confirm\?\S+`).FindString(mail)
	if !strings.HasPrefix(link, base+"confirm?") || !strings.Contains(mail, "List-Unsubscribe: <"+base+"unsubscribe?") {
		t.Fatalf("mail links do not point at %s:\n%s", base, mail)
	}
	resp, err = client.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.Contains(resp.Header.Get("Location"), "status=confirmed") {
		t.Errorf("confirm: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if sub, err := s.Get(context.Background(), "new@example.com"); err != nil || sub.Status != newsletter.StatusConfirmed {
		t.Errorf("after confirming: %+v %v", sub, err)
	}
}

func TestNewsletterServeSMTPNeedsPublicURL(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "kopij.toml"), []byte("[smtp]\nhost = \"mail.example\"\nfrom = \"b@example.com\"\n"), 0o644)
	code, _, errOut := runCLI(t, "newsletter", "serve", "--src", dir, "--db", filepath.Join(dir, "s.db"), "--addr", "127.0.0.1:0")
	if code != 2 || !strings.Contains(errOut, "--public-url") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
