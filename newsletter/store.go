package newsletter

import (
	"context"
	"time"
)

// Store keeps subscribers. newsletter/sqlite and newsletter/postgres
// implement it; newsletter/storetest is the suite both pass. Every method
// is safe for concurrent use.
type Store interface {
	// Subscribe applies signups in order, in one transaction, and returns
	// one Outcome per signup. Either all are stored or none.
	Subscribe(ctx context.Context, signups []Signup) ([]Outcome, error)
	// Confirm marks a pending address confirmed. Confirming a confirmed
	// address does nothing; an unsubscribed one gives ErrNotPending.
	Confirm(ctx context.Context, email string, at time.Time) error
	// Unsubscribe marks an address unsubscribed; ErrNotFound when unknown.
	Unsubscribe(ctx context.Context, email string, at time.Time) error
	// Get returns one subscriber or ErrNotFound.
	Get(ctx context.Context, email string) (Subscriber, error)
	// History returns the events of an address, oldest first.
	History(ctx context.Context, email string) ([]Event, error)
	// Each calls fn for every subscriber matching f, ordered by creation
	// time then address, without holding them all in memory.
	Each(ctx context.Context, f Filter, fn func(Subscriber) error) error
	// Import stores subs whose address is not yet known, in one
	// transaction. With dryRun the transaction is rolled back.
	Import(ctx context.Context, subs []Subscriber, dryRun bool) (ImportStats, error)
	// Secret returns the token-signing key, creating it on first use.
	Secret(ctx context.Context) ([]byte, error)
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Close releases the database.
	Close() error
}
