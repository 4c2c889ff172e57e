// Package mailsink is a real SMTP server (github.com/emersion/go-smtp) on
// 127.0.0.1 for tests and benchmarks of the newsletter sender: it keeps or
// counts what it receives and can answer RCPT TO, MAIL FROM or DATA with
// an error chosen per address, as a mail provider would.
package mailsink

import (
	"bytes"
	"io"
	"log"
	"net"
	"net/mail"
	"strconv"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// Message is one message the sink accepted.
type Message struct {
	From string   // envelope sender
	To   []string // envelope recipients
	Data []byte   // the message as received; nil unless Options.Keep
	ID   string   // its Message-ID header
}

// Options configure a Sink.
type Options struct {
	Keep      bool                                           // keep each message's bytes (a benchmark only counts them)
	NoTally   bool                                           // count only the total, not per recipient and Message-ID, so a benchmark's memory stays flat
	Rcpt      func(to string) *smtp.SMTPError                // answer to RCPT TO; nil accepts
	Mail      func(from string) *smtp.SMTPError              // answer to MAIL FROM; nil accepts
	OnMessage func(m Message)                                // called for every accepted message, before the 250 reply
	Data      func(to []string, data []byte) *smtp.SMTPError // answer at the end of DATA; nil accepts
}

// Sink is a running SMTP server.
type Sink struct {
	Port int    // its port on 127.0.0.1
	Addr string // 127.0.0.1:Port

	opt   Options
	srv   *smtp.Server
	mu    sync.Mutex
	msgs  []Message
	count map[string]int // messages per recipient
	ids   map[string]int // messages per Message-ID
	conns int            // sessions opened
	total int            // messages accepted
}

// Start runs a sink until the test ends.
func Start(tb testing.TB, opt Options) *Sink {
	tb.Helper()
	s := &Sink{opt: opt, count: map[string]int{}, ids: map[string]int{}}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.MaxRecipients = 50
	s.srv.ErrorLog = log.New(io.Discard, "", 0) // a killed sender's broken connections are expected
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s.Port = l.Addr().(*net.TCPAddr).Port
	s.Addr = "127.0.0.1:" + strconv.Itoa(s.Port)
	go s.srv.Serve(l)
	tb.Cleanup(func() { s.srv.Close() })
	return s
}

// Messages returns the messages accepted so far (with Options.Keep).
func (s *Sink) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Count returns how many messages were accepted for rcpt.
func (s *Sink) Count(rcpt string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count[rcpt]
}

// Counts returns the messages accepted per recipient.
func (s *Sink) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.count))
	for k, v := range s.count {
		out[k] = v
	}
	return out
}

// Total returns how many messages were accepted.
func (s *Sink) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// SameID returns how many accepted messages repeated the Message-ID of an
// earlier one.
func (s *Sink) SameID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.ids {
		n += c - 1
	}
	return n
}

// Sessions returns how many SMTP sessions were opened.
func (s *Sink) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

type backend struct{ s *Sink }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	b.s.mu.Lock()
	b.s.conns++
	b.s.mu.Unlock()
	return &session{s: b.s}, nil
}

type session struct {
	s    *Sink
	from string
	to   []string
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.s.opt.Mail != nil {
		if err := x.s.opt.Mail(from); err != nil {
			return err
		}
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if x.s.opt.Rcpt != nil {
		if err := x.s.opt.Rcpt(to); err != nil {
			return err
		}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if x.s.opt.Data != nil {
		if err := x.s.opt.Data(x.to, data); err != nil {
			return err
		}
	}
	m := Message{From: x.from, To: x.to}
	if !x.s.opt.NoTally {
		if msg, err := mail.ReadMessage(bytes.NewReader(data)); err == nil {
			m.ID = msg.Header.Get("Message-Id")
		}
	}
	if x.s.opt.Keep {
		m.Data = data
	}
	x.s.mu.Lock()
	x.s.total++
	if !x.s.opt.NoTally {
		for _, to := range x.to {
			x.s.count[to]++
		}
		x.s.ids[m.ID]++
	}
	if x.s.opt.Keep {
		x.s.msgs = append(x.s.msgs, m)
	}
	x.s.mu.Unlock()
	if x.s.opt.OnMessage != nil {
		x.s.opt.OnMessage(m)
	}
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
