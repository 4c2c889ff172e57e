package newsletter_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/mailsink"
)

func smtpErr(code int, enh [3]int, msg string) *smtp.SMTPError {
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode(enh), Message: msg}
}

// TestSendRetryAndBounce: a 4xx is retried with backoff until it passes
// or the attempts run out; a 5xx for the address bounces and suppresses it.
func TestSendRetryAndBounce(t *testing.T) {
	var slowTries atomic.Int32
	e := newSendEnv(t, mailsink.Options{Rcpt: func(to string) *smtp.SMTPError {
		switch to {
		case "bad@example.com":
			return smtpErr(550, [3]int{5, 1, 1}, "no such user")
		case "full@example.com":
			return smtpErr(452, [3]int{4, 2, 2}, "mailbox full, try later")
		case "slow@example.com":
			if slowTries.Add(1) <= 2 {
				return smtpErr(451, [3]int{4, 7, 1}, "greylisted, try again")
			}
		}
		return nil
	}})
	e.subscribe(t, "ok@example.com", "bad@example.com", "full@example.com", "slow@example.com")
	q := e.queue(t, newsletter.QueueOptions{})
	reports, err := e.sender(t, newsletter.SendOptions{Retry: []time.Duration{5 * time.Millisecond, 10 * time.Millisecond}}).Send(context.Background(), q.Mailings[0])
	if err != nil {
		t.Fatal(err)
	}
	if p := reports[0].Progress; p != (newsletter.Progress{Total: 4, Sent: 2, Bounced: 1, Failed: 1}) {
		t.Errorf("progress %+v", p)
	}
	if e.sink.Count("slow@example.com") != 1 || e.sink.Count("ok@example.com") != 1 || slowTries.Load() != 3 {
		t.Errorf("sink %v after %d tries of slow@", e.sink.Counts(), slowTries.Load())
	}
	bad, _ := e.store.Get(context.Background(), "bad@example.com")
	if bad.Mailable() || bad.BouncedAt.IsZero() || !strings.Contains(bad.Bounce, "5.1.1") {
		t.Errorf("bounced subscriber %+v", bad)
	}
	if full, _ := e.store.Get(context.Background(), "full@example.com"); !full.Mailable() {
		t.Errorf("a full mailbox suppressed the address: %+v", full)
	}
	// The Dutch post goes to everyone but the bounced address.
	if _, err := e.sender(t, newsletter.SendOptions{}).Send(context.Background(), q.Mailings[1]); err != nil {
		t.Fatal(err)
	}
	if e.sink.Count("bad@example.com") != 0 || e.sink.Count("ok@example.com") != 2 {
		t.Errorf("second post: %v", e.sink.Counts())
	}
}

// TestSendStopsWhenEverythingIsRefused: "relaying denied" for every
// address is the server's fault; nobody is suppressed and the rest waits.
func TestSendStopsWhenEverythingIsRefused(t *testing.T) {
	e := newSendEnv(t, mailsink.Options{Rcpt: func(string) *smtp.SMTPError {
		return smtpErr(550, [3]int{5, 7, 1}, "relaying denied")
	}})
	e.subscribe(t, names(60, "r%02d@example.com")...)
	q := e.queue(t, newsletter.QueueOptions{})
	reports, err := e.sender(t, newsletter.SendOptions{Connections: 1}).Send(context.Background(), q.Mailings[0])
	if err == nil || !strings.Contains(err.Error(), "in a row") {
		t.Fatalf("err = %v, want the breaker", err)
	}
	p := reports[0].Progress
	if p.Bounced != 0 || p.Failed < 25 || p.Failed > 30 || p.Queued == 0 {
		t.Errorf("progress %+v: want about 25 failed, none bounced, the rest queued", p)
	}
	if sub, _ := e.store.Get(context.Background(), "r00@example.com"); !sub.Mailable() {
		t.Errorf("relaying denied suppressed %s", sub.Email)
	}
}

// TestSendSenderRefused: a refused MAIL FROM stops the send at once and
// leaves every message queued.
func TestSendSenderRefused(t *testing.T) {
	e := newSendEnv(t, mailsink.Options{Mail: func(string) *smtp.SMTPError {
		return smtpErr(553, [3]int{5, 7, 1}, "sender not allowed")
	}})
	e.subscribe(t, names(20, "s%02d@example.com")...)
	q := e.queue(t, newsletter.QueueOptions{})
	reports, err := e.sender(t, newsletter.SendOptions{}).Send(context.Background(), q.Mailings[0])
	if err == nil || !strings.Contains(err.Error(), "refuses the sender blog@blog.example") {
		t.Fatalf("err = %v", err)
	}
	if p := reports[0].Progress; p.Queued != 20 || p.Failed+p.Bounced+p.Sending != 0 {
		t.Errorf("progress %+v, want all 20 queued", p)
	}
}

// fakeClock is a clock that sleeping moves on.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(max(d, time.Millisecond))
	c.mu.Unlock()
	return ctx.Err()
}

// TestSendHourlyLimit spreads a send over hours: 7 messages with a limit of
// 3 per hour go out as 3, 3 and 1, and with NoWait the send stops with the
// time it can go on.
func TestSendHourlyLimit(t *testing.T) {
	e := newSendEnv(t, mailsink.Options{})
	emails := names(7, "h%d@example.com")
	e.subscribe(t, emails...)
	start := time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)
	q := e.queue(t, newsletter.QueueOptions{Now: start})
	clock := &fakeClock{t: start}
	opt := newsletter.SendOptions{PerHour: 3, Connections: 2, Now: clock.Now, Sleep: clock.Sleep, NoWait: true}
	reports, err := e.sender(t, opt).Send(context.Background(), q.Mailings[0])
	if !errors.Is(err, newsletter.ErrWaiting) || reports[0].Progress.Sent != 3 || !reports[0].WaitUntil.Equal(start.Add(time.Hour)) {
		t.Fatalf("NoWait: %v, %+v", err, reports[0])
	}
	opt.NoWait = false
	if _, err := e.sender(t, opt).Send(context.Background(), q.Mailings[0]); err != nil {
		t.Fatal(err)
	}
	perHour := map[int]int{}
	for _, a := range emails {
		sub, _ := e.store.Get(context.Background(), a)
		if len(sub.Sent) != 1 {
			t.Fatalf("%s was sent %d mails", a, len(sub.Sent))
		}
		perHour[int(sub.Sent[0].At.Sub(start)/time.Hour)]++
	}
	if perHour[0] != 3 || perHour[1] != 3 || perHour[2] != 1 {
		t.Errorf("mails per hour = %v, want 3, 3, 1", perHour)
	}
	if e.sink.Total() != 7 {
		t.Errorf("sink got %d", e.sink.Total())
	}
}

// TestSendPerSecond paces messages: 12 at 40 per second take 0.25 s of
// clock time or more.
func TestSendPerSecond(t *testing.T) {
	e := newSendEnv(t, mailsink.Options{})
	e.subscribe(t, names(12, "p%02d@example.com")...)
	start := time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)
	q := e.queue(t, newsletter.QueueOptions{Now: start})
	clock := &fakeClock{t: start}
	if _, err := e.sender(t, newsletter.SendOptions{PerSecond: 40, Now: clock.Now, Sleep: clock.Sleep}).Send(context.Background(), q.Mailings[0]); err != nil {
		t.Fatal(err)
	}
	if took := clock.Now().Sub(start); took < 250*time.Millisecond || e.sink.Total() != 12 {
		t.Errorf("12 messages at 40/s took %v of clock time, sink %d", took, e.sink.Total())
	}
}

// TestSendUnsubscribeDuringSend unsubscribes the next address (already
// claimed, most likely) and the last one while the first message is being
// received: neither gets one.
func TestSendUnsubscribeDuringSend(t *testing.T) {
	emails := names(10, "u%d@example.com")
	var e *sendEnv
	var once sync.Once
	e = newSendEnv(t, mailsink.Options{OnMessage: func(mailsink.Message) {
		once.Do(func() {
			for _, a := range []string{emails[1], emails[9]} {
				if err := e.store.Unsubscribe(context.Background(), a, time.Now()); err != nil {
					t.Error(err)
				}
			}
		})
	}})
	e.subscribe(t, emails...)
	q := e.queue(t, newsletter.QueueOptions{})
	reports, err := e.sender(t, newsletter.SendOptions{Connections: 1, Batch: 1}).Send(context.Background(), q.Mailings[0])
	if err != nil {
		t.Fatal(err)
	}
	if e.sink.Count(emails[1]) != 0 || e.sink.Count(emails[9]) != 0 || e.sink.Total() != 8 || reports[0].Progress.Skipped != 2 {
		t.Errorf("sink %v, progress %+v", e.sink.Counts(), reports[0].Progress)
	}
}

// TestSendDailyLimit spreads a send larger than the daily cap over days:
// 5 messages at 2 per rolling 24 hours go out as 2, 2 and 1, the send
// waiting for the window by itself; a run with NoWait that meets the cap
// stops with the time the oldest message leaves the window, and a later
// run goes on where it stopped.
func TestSendDailyLimit(t *testing.T) {
	e := newSendEnv(t, mailsink.Options{})
	emails := names(5, "d%d@example.com")
	e.subscribe(t, emails...)
	start := time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)
	q := e.queue(t, newsletter.QueueOptions{Now: start})
	clock := &fakeClock{t: start}
	opt := newsletter.SendOptions{PerDay: 2, Connections: 2, Now: clock.Now, Sleep: clock.Sleep, NoWait: true}
	reports, err := e.sender(t, opt).Send(context.Background(), q.Mailings[0])
	if !errors.Is(err, newsletter.ErrWaiting) || reports[0].Progress.Sent != 2 || !reports[0].WaitUntil.Equal(start.Add(24*time.Hour)) {
		t.Fatalf("NoWait at the cap: %v, %+v", err, reports[0])
	}
	clock.t = start.Add(time.Hour) // a run an hour later finds the day still full
	reports, err = e.sender(t, opt).Send(context.Background(), q.Mailings[0])
	if !errors.Is(err, newsletter.ErrWaiting) || reports[0].Progress.Sent != 2 {
		t.Fatalf("an hour later: %v, %+v", err, reports[0])
	}
	opt.NoWait = false
	if _, err := e.sender(t, opt).Send(context.Background(), q.Mailings[0]); err != nil {
		t.Fatal(err)
	}
	perDay := map[int]int{}
	for _, a := range emails {
		sub, _ := e.store.Get(context.Background(), a)
		if len(sub.Sent) != 1 {
			t.Fatalf("%s was sent %d mails", a, len(sub.Sent))
		}
		perDay[int(sub.Sent[0].At.Sub(start)/(24*time.Hour))]++
	}
	if perDay[0] != 2 || perDay[1] != 2 || perDay[2] != 1 {
		t.Errorf("mails per day = %v, want 2, 2, 1", perDay)
	}
	if e.sink.Total() != 5 {
		t.Errorf("sink got %d, want 5", e.sink.Total())
	}
}
