package newsletter

import (
	"context"
	"math"
	"sync"
	"time"
)

// pace keeps a send within the mail provider's limits: messages per
// second (a token bucket), per rolling hour and per rolling day (counts
// per minute, loaded from the outbox so they hold across runs and, with
// PostgreSQL, across senders).
type pace struct {
	perSecond float64
	perHour   int
	perDay    int
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error

	mu       sync.Mutex
	tokens   float64       // per-second bucket; negative while reserved ahead
	filled   time.Time     // when tokens was last topped up
	minutes  map[int64]int // messages sent per minute (Unix time / 60)
	inflight int           // claimed, not yet answered: counted against the windows
}

func newPace(o SendOptions) *pace {
	return &pace{perSecond: o.PerSecond, perHour: o.PerHour, perDay: o.PerDay, now: o.Now, sleep: o.Sleep, tokens: 1, minutes: map[int64]int{}}
}

// windows reports whether hourly or daily limits apply, which need the
// sent counts of the outbox.
func (p *pace) windows() bool { return p.perHour > 0 || p.perDay > 0 }

// load replaces the per-minute counts with those the outbox has.
func (p *pace) load(sent map[int64]int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.minutes = sent
}

// budget returns how many messages may be claimed now; when none, also
// when one may be again.
func (p *pace) budget(now time.Time) (int, time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n, retry := math.MaxInt, time.Time{}
	for _, w := range []struct {
		limit int
		span  int64 // minutes
	}{{p.perHour, 60}, {p.perDay, 24 * 60}} {
		if w.limit <= 0 {
			continue
		}
		used, free := p.used(now, w.span)
		left := w.limit - used - p.inflight
		if left <= 0 {
			left = 0
			if free.After(retry) {
				retry = free
			}
		}
		n = min(n, left)
	}
	if n > 0 {
		return n, time.Time{}
	}
	return 0, retry
}

// used counts the messages sent in the span minutes up to now and says
// when the oldest of them leaves the window.
func (p *pace) used(now time.Time, span int64) (int, time.Time) {
	cur := now.Unix() / 60
	total, oldest := 0, int64(math.MaxInt64)
	for m, c := range p.minutes {
		if m > cur-span && m <= cur {
			total += c
			oldest = min(oldest, m)
		} else if m <= cur-24*60 {
			delete(p.minutes, m)
		}
	}
	if total == 0 {
		return 0, now
	}
	return total, time.Unix((oldest+span)*60, 0)
}

// reserve counts n claimed messages against the windows.
func (p *pace) reserve(n int) {
	p.mu.Lock()
	p.inflight += n
	p.mu.Unlock()
}

// done records the answer to one reserved message.
func (p *pace) done(sent bool, at time.Time) {
	p.mu.Lock()
	p.inflight--
	if sent {
		p.minutes[at.Unix()/60]++
	}
	p.mu.Unlock()
}

// wait blocks until the per-second limit lets one more message go.
func (p *pace) wait(ctx context.Context) error {
	if p.perSecond <= 0 {
		return nil
	}
	p.mu.Lock()
	now := p.now()
	if !p.filled.IsZero() {
		p.tokens = math.Min(1, p.tokens+now.Sub(p.filled).Seconds()*p.perSecond)
	}
	p.filled = now
	p.tokens--
	short := -p.tokens
	p.mu.Unlock()
	if short <= 0 {
		return nil
	}
	return p.sleep(ctx, time.Duration(short/p.perSecond*float64(time.Second)))
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
