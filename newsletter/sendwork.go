package newsletter

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// work is one connection: it sends the messages handed to it, one SMTP
// transaction at a time, and reconnects after the connection broke.
func (r *run) work(ctx context.Context) {
	s := r.s
	var c *smtpConn
	defer func() {
		if c != nil {
			c.close()
		}
	}()
	broken := 0 // connection failures in a row
	for d := range r.jobs {
		if r.stopped() || ctx.Err() != nil {
			r.release([]Delivery{d})
			continue
		}
		if c == nil {
			var err error
			if c, err = r.connect(ctx, &broken); err != nil {
				r.release([]Delivery{d})
				continue
			}
		}
		if err := s.pace.wait(ctx); err != nil {
			r.release([]Delivery{d})
			continue
		}
		if ok, why, err := s.outbox.Mailable(ctx, d.Email); err == nil && !ok {
			r.results <- Answer{Mailing: d.Mailing, Email: d.Email, State: StateSkipped, At: s.opt.Now(), Reply: why}
			continue
		}
		msg, err := s.compose.Message(r.m, d)
		if err != nil {
			r.results <- r.result(d, outcomePermanent, err.Error())
			continue
		}
		o, reply, ok := classify(c.send(msg))
		r.results <- r.result(d, o, reply)
		r.breaker(o, reply)
		if !ok {
			c.close()
			c = nil
			broken++
		} else {
			broken = 0
		}
		if o == outcomeFatal {
			r.abort(fmt.Errorf("the mail server refuses the sender %s: %s (check [newsletter] from and [smtp] from in kopij.toml; nothing more was sent)", s.compose.From.Address, reply))
		}
	}
}

// connect dials the server, waiting longer after each failure; a refused
// login, or five failures in a row, stops the send.
func (r *run) connect(ctx context.Context, broken *int) (*smtpConn, error) {
	s := r.s
	for {
		if *broken > 0 {
			wait := min(time.Duration(1<<min(*broken-1, 5))*time.Second, 30*time.Second)
			if err := s.opt.Sleep(ctx, wait); err != nil {
				return nil, err
			}
		}
		c, err := s.server.dial(ctx)
		if err == nil {
			return c, nil
		}
		*broken++
		msg := strings.TrimSpace(err.Error())
		if strings.HasPrefix(msg, "5") || strings.Contains(msg, "authentication") || *broken >= 5 {
			r.abort(fmt.Errorf("connect to the mail server %s:%d: %w (check [smtp] in kopij.toml and KOPIJ_SMTP_USER, KOPIJ_SMTP_PASSWORD; the messages stay queued)", s.server.Host, s.server.Port, err))
			return nil, err
		}
		if r.stopped() || ctx.Err() != nil {
			return nil, err
		}
	}
}

// result turns an answer into the outbox row's next state: a temporary
// error schedules a retry until the attempts run out.
func (r *run) result(d Delivery, o outcome, reply string) Answer {
	s := r.s
	now := s.opt.Now()
	res := Answer{Mailing: d.Mailing, Email: d.Email, At: now, Reply: reply}
	switch o {
	case outcomeSent:
		res.State = StateSent
	case outcomeBounce:
		res.State = StateBounced
	case outcomeRetry:
		if d.Attempts < len(s.opt.Retry) {
			res.State, res.NextAt = StateQueued, now.Add(s.opt.Retry[d.Attempts])
		} else {
			res.State, res.Reply = StateFailed, fmt.Sprintf("gave up after %d attempts: %s", d.Attempts+1, reply)
		}
	case outcomeFatal:
		// The sender, not the address, was refused: the message waits.
		res.State, res.NextAt, res.Untried = StateQueued, now, true
	default:
		res.State = StateFailed
	}
	return res
}

// breaker stops the send when the server refuses many messages in a row
// for good: then the server or the message is at fault, not the list.
func (r *run) breaker(o outcome, reply string) {
	switch o {
	case outcomeSent:
		r.refused.Store(0)
	case outcomeBounce, outcomePermanent:
		if n := r.refused.Add(1); n == breakerLimit {
			r.abort(fmt.Errorf("the mail server refused %d messages in a row, last with %q: that is the server or the message, not the list; the rest stays queued (fix it and run again)", n, reply))
		}
	}
}
