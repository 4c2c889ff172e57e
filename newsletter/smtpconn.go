package newsletter

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPServer says how the sender reaches the mail server. Each of the
// sender's connections logs in once and carries many messages.
type SMTPServer struct {
	Host     string        // server host name
	Port     int           // server port, e.g. 587
	Username string        // login; empty means none
	Password string        // password for Username
	TLS      string        // TLSStartTLS, TLSImplicit or TLSNone; empty picks by port and host as SMTPMailer does
	Timeout  time.Duration // per SMTP command; 0 means 60 s
	HELO     string        // name sent in EHLO; default the host name of this machine
}

// outcome sorts a server's answer to one message.
type outcome int

const (
	outcomeSent      outcome = iota // accepted
	outcomeRetry                    // 4xx, or the connection broke: try again later
	outcomeBounce                   // the server refuses the address for good: suppress it
	outcomePermanent                // the server refuses this message for good, not the address
	outcomeFatal                    // the server refuses the sender or the login: no message can go
)

// smtpConn is one connection to the mail server.
type smtpConn struct {
	client *gomail.Client
}

// dial opens and logs in one connection.
func (s SMTPServer) dial(ctx context.Context) (*smtpConn, error) {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(s.Port), gomail.WithTimeout(timeout), gomail.WithoutNoop(), gomail.WithoutRset(),
		gomail.WithTLSConfig(&tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12})}
	if s.HELO != "" {
		opts = append(opts, gomail.WithHELO(s.HELO))
	}
	switch (&SMTPMailer{Host: s.Host, Port: s.Port, TLS: s.TLS}).TLSMode() {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.Username), gomail.WithPassword(s.Password))
	}
	c, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, err
	}
	if err := c.DialWithContext(ctx); err != nil {
		return nil, err
	}
	return &smtpConn{client: c}, nil
}

func (c *smtpConn) send(m *gomail.Msg) error { return c.client.Send(m) }

func (c *smtpConn) close() { c.client.Close() }

// classify sorts the error of one message's SMTP transaction and says
// whether the connection can carry the next message.
func classify(err error) (o outcome, reply string, connOK bool) {
	if err == nil {
		return outcomeSent, "", true
	}
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return outcomeRetry, err.Error(), false
	}
	reply = strings.TrimSpace(se.Error())
	code, enh := se.ErrorCode(), se.EnhancedStatusCode()
	switch {
	case code == 0:
		// No SMTP reply: the connection broke or timed out.
		return outcomeRetry, reply, false
	case code < 500:
		return outcomeRetry, reply, code != 421
	case se.Reason == gomail.ErrSMTPMailFrom:
		return outcomeFatal, reply, false
	case code == 552 || strings.HasPrefix(enh, "5.2.2"):
		// A full mailbox (RFC 5321 asks to treat 552 as temporary).
		return outcomeRetry, reply, true
	case strings.HasPrefix(enh, "5.1.") || strings.HasPrefix(enh, "5.2.") ||
		enh == "" && se.Reason == gomail.ErrSMTPRcptTo && (code == 550 || code == 551 || code == 553):
		// No such user, a bad address, a disabled mailbox.
		return outcomeBounce, reply, true
	}
	// 5.7.x (policy, relaying denied, authentication) and the rest refuse
	// the message or the sender, not the address: no suppression.
	return outcomePermanent, reply, true
}
