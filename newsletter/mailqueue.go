package newsletter

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// mailQueue sends mails in the background, so a signup's answer takes the
// same time whether or not a mail goes out: timing must not tell whether
// an address was known.
type mailQueue struct {
	mailer Mailer
	log    *slog.Logger
	ch     chan Message
	wg     sync.WaitGroup
	mu     sync.RWMutex
	closed bool
}

func newMailQueue(m Mailer, log *slog.Logger) *mailQueue {
	q := &mailQueue{mailer: m, log: log, ch: make(chan Message, 1024)}
	for range 4 {
		q.wg.Add(1)
		go q.loop()
	}
	return q
}

// add queues m; when the queue is full the mail is dropped and logged,
// and the reader can sign up again to get a new one.
func (q *mailQueue) add(m Message) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	if q.closed {
		return
	}
	select {
	case q.ch <- m:
	default:
		q.log.Error("newsletter mail queue full, mail dropped", "to", m.To)
	}
}

func (q *mailQueue) loop() {
	defer q.wg.Done()
	for m := range q.ch {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		if err := q.mailer.Send(ctx, m); err != nil {
			q.log.Error("newsletter send mail", "to", m.To, "err", err)
		}
		cancel()
	}
}

func (q *mailQueue) close() {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.ch)
	}
	q.mu.Unlock()
	q.wg.Wait()
}
