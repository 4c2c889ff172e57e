package newsletter

import (
	"context"
	"iter"
	"time"
)

// Store keeps subscribers. newsletter/sqlite and newsletter/postgres
// implement it; newsletter/storetest is the suite both pass. Every method
// is safe for concurrent use.
type Store interface {
	// Subscribe applies signups in order, in one transaction, and returns
	// one Result per signup. Either all are stored or none. Every signup
	// writes to the database, whatever its outcome, so that an address on
	// the list costs the same time as a new one. The store decides, per
	// address and whatever the client, whether a confirmation mail is due
	// (see MailLog), and keeps that count itself, so the limit holds
	// across restarts and across servers sharing the database.
	Subscribe(ctx context.Context, signups []Signup) ([]Result, error)
	// Confirm marks a pending address confirmed when generation is the
	// address's current signup generation (Result.Generation; 0 means
	// any). Confirming a confirmed address does nothing; an unsubscribed
	// one, or a generation from before the address last unsubscribed and
	// signed up again, gives ErrNotPending.
	Confirm(ctx context.Context, email string, generation int64, at time.Time) error
	// Unsubscribe marks an address unsubscribed; ErrNotFound when unknown.
	Unsubscribe(ctx context.Context, email string, at time.Time) error
	// Get returns one subscriber or ErrNotFound.
	Get(ctx context.Context, email string) (Subscriber, error)
	// History returns the events of an address, oldest first.
	History(ctx context.Context, email string) ([]Event, error)
	// Each calls fn for every subscriber matching f, ordered by creation
	// time then address, without holding them all in memory.
	Each(ctx context.Context, f Filter, fn func(Subscriber) error) error
	// Import stores the subscribers subs yields whose address is not yet
	// known (StageImport cleans them). It stages them in batches, each a
	// short transaction of its own, so signups go on meanwhile, then makes
	// all of them visible in one short transaction. If subs yields an
	// error, ctx ends or the store fails, none of them is stored. While
	// another import runs it gives ErrImportRunning. With dryRun it only
	// counts. subs should not repeat an address (ReadSubscribers drops
	// repeats); a repeat counts as existing.
	Import(ctx context.Context, subs iter.Seq2[Subscriber, error], dryRun bool) (ImportStats, error)
	// Secret returns the token-signing key, creating it on first use.
	Secret(ctx context.Context) ([]byte, error)
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Close releases the database.
	Close() error
}
