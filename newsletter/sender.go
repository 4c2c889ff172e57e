package newsletter

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// SendOptions configure a Sender. Every field has a default.
type SendOptions struct {
	Connections int                                        // parallel SMTP connections, each reused for many messages; default 4
	PerSecond   float64                                    // messages per second over all connections of this sender; 0: no limit
	PerHour     int                                        // messages per rolling hour, over every sender of the database; 0: no limit
	PerDay      int                                        // messages per rolling 24 hours, likewise; 0: no limit
	Retry       []time.Duration                            // waits before each new attempt after a temporary (4xx) error; default 1m, 5m, 30m, 2h, 8h, then the message fails
	NoWait      bool                                       // return ErrWaiting instead of waiting for a limit or a retry
	Batch       int                                        // messages claimed per transaction, default 4 per connection; at most twice as many are in flight
	ID          string                                     // this sender's name in the outbox; default random
	Now         func() time.Time                           // clock; default time.Now
	Sleep       func(context.Context, time.Duration) error // waits; default a timer that ctx cancels
	Progress    func(Mailing, Progress)                    // called about every two seconds and at the end; nil: not called
	Requeued    func(Mailing, int)                         // called when messages an earlier sender left in flight go back in the queue; nil: not called
	Waiting     func(Mailing, time.Time)                   // called when the sender waits for a limit or a retry until the time given; nil: not called
}

// ErrWaiting means messages are left that a limit or a retry holds back
// (with SendOptions.NoWait): run the send again later.
var ErrWaiting = errors.New("messages wait for a sending limit or a retry")

// breakerLimit is how many messages in a row the server may refuse for
// good before the sender stops: that many means the server or the
// message is at fault, not the addresses.
const breakerLimit = 25

// Sender sends the queued messages of mailings through an SMTP server.
type Sender struct {
	outbox  Outbox
	server  SMTPServer
	compose *Composer
	opt     SendOptions
	pace    *pace
}

// NewSender returns a Sender that takes messages from outbox.
func NewSender(outbox Outbox, server SMTPServer, compose *Composer, opt SendOptions) *Sender {
	if opt.Connections <= 0 {
		opt.Connections = 4
	}
	if opt.Batch <= 0 {
		opt.Batch = 4 * opt.Connections
	}
	if opt.Retry == nil {
		opt.Retry = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 8 * time.Hour}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Sleep == nil {
		opt.Sleep = sleepCtx
	}
	if opt.ID == "" {
		b := make([]byte, 6)
		rand.Read(b)
		host, _ := os.Hostname()
		opt.ID = fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
	}
	return &Sender{outbox: outbox, server: server, compose: compose, opt: opt, pace: newPace(opt)}
}

// Report is what one send of a mailing did.
type Report struct {
	Mailing   Mailing   // the mailing
	Progress  Progress  // its messages per state at the end
	Requeued  int       // messages an earlier sender left in flight, found and sent again by this run
	WaitUntil time.Time // with ErrWaiting: when the next message is due
}

// SendOpen sends every mailing that has messages left, oldest first.
func (s *Sender) SendOpen(ctx context.Context) ([]Report, error) {
	open, err := s.outbox.OpenMailings(ctx)
	if err != nil {
		return nil, err
	}
	return s.Send(ctx, open...)
}

// Send sends the queued messages of each mailing until none is left.
// A message whose answer was not recorded when an earlier sender stopped
// (kill -9, power loss) is sent again, and counted in Report.Requeued and
// Progress.Resent. Cancelling ctx stops the send cleanly: messages being
// transmitted finish and are recorded, the rest stay queued.
func (s *Sender) Send(ctx context.Context, mailings ...Mailing) ([]Report, error) {
	if len(mailings) == 0 {
		return nil, nil
	}
	leave, err := s.outbox.JoinSenders(ctx, s.opt.ID)
	if err != nil {
		return nil, err
	}
	defer leave()
	var reports []Report
	for _, m := range mailings {
		r, err := s.sendOne(ctx, m)
		reports = append(reports, r)
		if err != nil {
			return reports, err
		}
	}
	return reports, nil
}

// run is the state of one mailing's send.
type run struct {
	s        *Sender
	m        Mailing
	jobs     chan Delivery
	results  chan Answer
	refused  atomic.Int32 // messages refused for good in a row
	stopOnce sync.Once
	stop     chan struct{} // closed when the send must end
	stopErr  error
}

func (r *run) abort(err error) {
	r.stopOnce.Do(func() {
		r.stopErr = err
		close(r.stop)
	})
}

func (r *run) stopped() bool {
	select {
	case <-r.stop:
		return true
	default:
		return false
	}
}

func (s *Sender) sendOne(ctx context.Context, m Mailing) (Report, error) {
	rep := Report{Mailing: m}
	n, err := s.outbox.Requeue(ctx, m.ID, s.opt.ID)
	if err != nil {
		return rep, err
	}
	rep.Requeued = n
	if n > 0 && s.opt.Requeued != nil {
		s.opt.Requeued(m, n)
	}
	if s.pace.windows() {
		sent, err := s.outbox.SentPerMinute(ctx, s.opt.Now().Add(-24*time.Hour))
		if err != nil {
			return rep, err
		}
		s.pace.load(sent)
	}
	r := &run{s: s, m: m, jobs: make(chan Delivery, 2*s.opt.Batch), results: make(chan Answer, 2*s.opt.Batch), stop: make(chan struct{})}
	var workers sync.WaitGroup
	for range s.opt.Connections {
		workers.Go(func() { r.work(ctx) })
	}
	waitUntil, loopErr := r.loop(ctx)
	close(r.jobs)
	workers.Wait()
	if rep.Progress, err = s.outbox.Progress(context.WithoutCancel(ctx), m.ID); err != nil {
		return rep, err
	}
	if s.opt.Progress != nil {
		s.opt.Progress(m, rep.Progress)
	}
	if r.stopErr != nil {
		return rep, r.stopErr
	}
	if loopErr != nil {
		return rep, loopErr
	}
	if !waitUntil.IsZero() {
		rep.WaitUntil = waitUntil
		return rep, ErrWaiting
	}
	if _, err := s.outbox.FinishMailing(ctx, m.ID, s.opt.Now()); err != nil {
		return rep, err
	}
	return rep, nil
}

// loop is the one writer of the outbox during a send. Each transaction
// records the answers that came in since the last one and claims the
// next messages, as many as the limits allow: one disk sync for both, so
// the messages in flight at a crash stay few. It returns when nothing is
// left; when the send stops (ctx, abort) and every claimed message is
// answered; or, with NoWait, when the next message is due later.
func (r *run) loop(ctx context.Context) (time.Time, error) {
	s := r.s
	var pending []Answer // answered, not recorded yet
	outstanding := 0     // claimed, not recorded yet
	var failed error
	lastReport := s.opt.Now()
	for {
		pending = r.drain(pending)
		stopping := failed != nil || r.stopped() || ctx.Err() != nil
		now := s.opt.Now()
		n, free := 0, time.Time{}
		if !stopping {
			if s.opt.Progress != nil && now.Sub(lastReport) >= 2*time.Second {
				lastReport = now
				if p, err := s.outbox.Progress(ctx, r.m.ID); err == nil {
					s.opt.Progress(r.m, p)
				}
			}
			n, free = s.pace.budget(now)
			n = max(0, min(n, s.opt.Batch, 2*s.opt.Batch-(outstanding-len(pending))))
		}
		if failed == nil && (len(pending) > 0 || n > 0) {
			ds, err := s.outbox.Exchange(context.WithoutCancel(ctx), s.opt.ID, pending, r.m.ID, n, now)
			if err != nil {
				failed = fmt.Errorf("record sent messages: %w (they stay in sending and go out again on the next run)", err)
				r.abort(failed)
				continue
			}
			for _, res := range pending {
				s.pace.done(res.State == StateSent, res.At)
			}
			outstanding -= len(pending)
			pending = pending[:0]
			s.pace.reserve(len(ds))
			outstanding += len(ds)
			for _, d := range ds {
				r.jobs <- d // room for 2 batches: never blocks
			}
			if len(ds) > 0 {
				continue
			}
		}
		if failed != nil {
			outstanding -= len(pending) // cannot be recorded; they count as in flight next time
			pending = pending[:0]
		}
		if outstanding > 0 {
			if stopping {
				pending = append(pending, <-r.results)
				continue
			}
			select {
			case res := <-r.results:
				pending = append(pending, res)
			case <-r.stop:
			case <-ctx.Done():
			}
			continue
		}
		if stopping {
			return time.Time{}, failed
		}
		due := free
		if n > 0 || due.IsZero() {
			var err error
			if due, err = s.outbox.NextDue(ctx, r.m.ID); err != nil || due.IsZero() {
				return time.Time{}, err
			}
		}
		if done, until, err := r.wait(ctx, due); done {
			return until, err
		}
	}
}

// drain adds the answers waiting in the channel to pending.
func (r *run) drain(pending []Answer) []Answer {
	for {
		select {
		case res := <-r.results:
			pending = append(pending, res)
		default:
			return pending
		}
	}
}

// wait sleeps until t, or reports done (with t) when NoWait is set.
func (r *run) wait(ctx context.Context, t time.Time) (bool, time.Time, error) {
	if r.s.opt.NoWait {
		return true, t, nil
	}
	if r.s.opt.Waiting != nil && t.Sub(r.s.opt.Now()) > 5*time.Second {
		r.s.opt.Waiting(r.m, t)
	}
	if err := r.s.opt.Sleep(ctx, t.Sub(r.s.opt.Now())); err != nil {
		return true, time.Time{}, nil
	}
	return false, time.Time{}, nil
}

// release hands claimed messages that were never tried back to the queue.
func (r *run) release(ds []Delivery) {
	for _, d := range ds {
		r.results <- Answer{Mailing: d.Mailing, Email: d.Email, State: StateQueued, NextAt: r.s.opt.Now(), Untried: true}
	}
}
