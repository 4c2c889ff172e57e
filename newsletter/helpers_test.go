package newsletter_test

import (
	"context"
	"io"
	"iter"
	"log/slog"
	"sync"
	"time"

	"github.com/kopij/kopij/newsletter"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// memStore is a minimal in-memory Store for the fuzz target: fuzzing
// instruments every package linked in, and the SQLite driver is too large
// to instrument quickly.
type memStore struct {
	mu   sync.Mutex
	subs map[string]newsletter.Subscriber
}

func openFuzzStore() (*memStore, error) {
	return &memStore{subs: map[string]newsletter.Subscriber{}}, nil
}

func (m *memStore) Subscribe(_ context.Context, sus []newsletter.Signup) ([]newsletter.Result, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]newsletter.Result, len(sus))
	for i, su := range sus {
		if _, ok := m.subs[su.Email]; ok {
			out[i] = newsletter.Result{Outcome: newsletter.OutcomePending, Generation: 1}
			continue
		}
		m.subs[su.Email] = su.Subscriber
		out[i] = newsletter.Result{Outcome: newsletter.OutcomeNew, Generation: 1, Mail: su.DoubleOptIn}
	}
	return out, nil
}

func (m *memStore) Each(_ context.Context, _ newsletter.Filter, fn func(newsletter.Subscriber) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.subs {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) Confirm(context.Context, string, int64, time.Time) error { return nil }
func (m *memStore) Unsubscribe(context.Context, string, time.Time) error    { return nil }
func (m *memStore) Get(context.Context, string) (newsletter.Subscriber, error) {
	return newsletter.Subscriber{}, newsletter.ErrNotFound
}
func (m *memStore) History(context.Context, string) ([]newsletter.Event, error) { return nil, nil }
func (m *memStore) Import(context.Context, iter.Seq2[newsletter.Subscriber, error], bool) (newsletter.ImportStats, error) {
	return newsletter.ImportStats{}, nil
}
func (m *memStore) Secret(context.Context) ([]byte, error) {
	return []byte("memmemmemmemmemmemmemmemmemmemme"), nil
}
func (m *memStore) Ping(context.Context) error { return nil }
func (m *memStore) Close() error               { return nil }
