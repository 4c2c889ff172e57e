package newsletter_test

import (
	"context"
	"sync"
	"testing"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/mailsink"
	"github.com/kopij/kopij/newsletter/postgres"
	"github.com/kopij/kopij/newsletter/storetest"
)

// TestSendPostgresSenders runs three senders on one PostgreSQL outbox at
// once: together they send every message, none twice.
func TestSendPostgresSenders(t *testing.T) {
	s, err := postgres.Open(context.Background(), storetest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	e := newSendEnvWith(t, mailsink.Options{}, s)
	emails := names(600, "pg%03d@example.com")
	e.subscribe(t, emails...)
	q := e.queue(t, newsletter.QueueOptions{})
	var wg sync.WaitGroup
	sent := make([]int, 3)
	for i := range sent {
		wg.Go(func() {
			reports, err := e.sender(t, newsletter.SendOptions{Connections: 2, Batch: 5}).Send(context.Background(), q.Mailings[0])
			if err != nil {
				t.Error(err)
				return
			}
			sent[i] = reports[0].Progress.Sent
		})
	}
	wg.Wait()
	counts := e.sink.Counts()
	for _, a := range emails {
		if counts[a] != 1 {
			t.Errorf("%s got %d messages", a, counts[a])
		}
	}
	if e.sink.Total() != len(emails) || e.sink.SameID() != 0 {
		t.Errorf("sink: %d messages, %d with a repeated Message-ID", e.sink.Total(), e.sink.SameID())
	}
	if e.sink.Sessions() < 3 {
		t.Errorf("%d SMTP sessions: the senders did not all send", e.sink.Sessions())
	}
	t.Logf("progress seen by the three senders at their end: %v sent", sent)
}
