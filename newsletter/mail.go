package newsletter

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one mail to a subscriber.
type Message struct {
	To             string // recipient address
	Subject        string // UTF-8, encoded by the Mailer
	Text           string // plain-text body with CRLF line ends
	UnsubscribeURL string // one-click unsubscribe URL for the List-Unsubscribe header
	Lang           string // Content-Language, "nl" or "en"
}

// Mailer sends mail. A Handler without one confirms signups at once.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// TLS modes of SMTPMailer.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no TLS: only for a relay on the same machine
)

// SMTPMailer sends mail through an SMTP server.
type SMTPMailer struct {
	Host     string        // server host name
	Port     int           // server port, e.g. 587
	From     string        // sender, e.g. "Blog <blog@example.com>"
	Username string        // SMTP user; empty means no authentication
	Password string        // SMTP password
	TLS      string        // TLSStartTLS, TLSImplicit or TLSNone; empty picks by port and host
	Timeout  time.Duration // for the whole exchange; 0 means 30 s
	Now      func() time.Time
}

// TLSMode returns the TLS mode used: the explicit one, else implicit TLS on
// port 465, none for a relay on localhost, and STARTTLS everywhere else.
func (s *SMTPMailer) TLSMode() string {
	switch {
	case s.TLS != "":
		return s.TLS
	case s.Port == 465:
		return TLSImplicit
	case s.Host == "localhost" || net.ParseIP(s.Host).IsLoopback():
		return TLSNone
	}
	return TLSStartTLS
}

// Send delivers m.
func (s *SMTPMailer) Send(ctx context.Context, m Message) error {
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("smtp from %q: %w", s.From, err)
	}
	msg, err := s.compose(from, m)
	if err != nil {
		return err
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("smtp dial %s: %w", addr, err)
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	var c *smtp.Client
	switch s.TLSMode() {
	case TLSImplicit:
		c = smtp.NewClient(tlsClient(conn, s.Host))
	case TLSNone:
		c = smtp.NewClient(conn)
	default:
		c, err = smtp.NewClientStartTLS(conn, tlsConfig(s.Host))
		if err != nil {
			conn.Close()
			return fmt.Errorf("smtp starttls %s: %w", addr, err)
		}
	}
	defer c.Close()
	if s.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.Username, s.Password)); err != nil {
			return fmt.Errorf("smtp auth %s as %s: %w", addr, s.Username, err)
		}
	}
	if err := c.SendMail(from.Address, []string{m.To}, bytes.NewReader(msg)); err != nil {
		return fmt.Errorf("smtp send to %s via %s: %w", m.To, addr, err)
	}
	return c.Quit()
}

// compose builds the RFC 5322 message with the List-Unsubscribe headers of
// RFC 2369 and RFC 8058 that mail clients show as an unsubscribe button.
func (s *SMTPMailer) compose(from *mail.Address, m Message) ([]byte, error) {
	for _, v := range []string{m.To, m.UnsubscribeURL} {
		if strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("compose mail to %q: header value holds a line break", m.To)
		}
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	var id [12]byte
	rand.Read(id[:])
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	var b bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	hdr("From", from.String())
	hdr("To", "<"+m.To+">")
	hdr("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	hdr("Date", now().Format(time.RFC1123Z))
	hdr("Message-ID", "<"+hex.EncodeToString(id[:])+"@"+domain+">")
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=utf-8")
	hdr("Content-Transfer-Encoding", "8bit")
	if m.Lang != "" {
		hdr("Content-Language", m.Lang)
	}
	hdr("Auto-Submitted", "auto-generated")
	if m.UnsubscribeURL != "" {
		hdr("List-Unsubscribe", "<"+m.UnsubscribeURL+">")
		hdr("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	b.WriteString("\r\n")
	b.WriteString(strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n", "\r\n"))
	return b.Bytes(), nil
}

func tlsConfig(host string) *tls.Config {
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}

func tlsClient(conn net.Conn, host string) net.Conn {
	return tls.Client(conn, tlsConfig(host))
}
