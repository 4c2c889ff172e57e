package newsletter

import (
	"context"
	"errors"
	"time"
)

// State is where one message of a mailing stands. A message moves from
// queued to sending (committed before its SMTP transaction starts) and
// then to sent, bounced or failed (committed after the server answered),
// or back to queued for a retry. A message whose subscriber can no longer
// be mailed when its turn comes is skipped.
type State string

// The states of a message.
const (
	StateQueued  State = "queued"  // waiting for its turn; NextAt says from when
	StateSending State = "sending" // claimed by a sender; the mail may be on its way
	StateSent    State = "sent"    // the server accepted it
	StateBounced State = "bounced" // the server refused the address for good; the subscriber is suppressed
	StateFailed  State = "failed"  // given up: refused for another reason, or too many temporary errors
	StateSkipped State = "skipped" // not sent: the subscriber unsubscribed or bounced before their turn
)

// Errors of the outbox callers branch on.
var (
	// ErrPostKnown means a mailing was made for a post that is recorded
	// already, by this sender or another one sharing the database.
	ErrPostKnown = errors.New("post is recorded as sent already")
	// ErrSenderBusy means another sender works on this SQLite database.
	ErrSenderBusy = errors.New("another kopij newsletter sender is running on this database")
)

// KnownPost is a post the newsletter has recorded: mailed, or recorded as
// sent without mailing (the archive on a first run, --mark-sent).
type KnownPost struct {
	ID      string    // Post.ID
	URL     string    // absolute URL when recorded
	Title   string    // title when recorded
	Date    time.Time // date_published
	Mailing int64     // the mailing that carried it; 0 when recorded without mailing
	At      time.Time // when it was recorded
}

// Mailing is one email sent to every subscriber: a post, or a digest of
// several. Its content is rendered once, when it is made, so every
// subscriber gets the same mail even if the site changes during the send.
type Mailing struct {
	ID        int64     // assigned by the store
	Key       string    // unique: "post:" + Post.ID, or "digest:" + creation time
	Subject   string    // subject line
	URL       string    // the post's URL, or the site's for a digest
	Lang      string    // language of the mail
	HTML      string    // HTML part; UnsubscribePlaceholder stands where each personal link goes
	Text      string    // plain-text part, with the same placeholder
	Posts     []string  // IDs of the posts it carries
	CreatedAt time.Time // when it was queued
	DoneAt    time.Time // when its last message was final; zero while some are not
}

// Delivery is one claimed message: the mailing and the subscriber.
type Delivery struct {
	Mailing  int64  // Mailing.ID
	Email    string // recipient
	Name     string // subscriber's name; may be empty
	Attempts int    // attempts made before this one
}

// Answer is what became of a claimed message: what the server answered.
type Answer struct {
	Mailing int64     // Mailing.ID
	Email   string    // recipient
	State   State     // StateSent, StateBounced, StateFailed, or StateQueued for a retry at NextAt
	At      time.Time // when the server answered
	NextAt  time.Time // with StateQueued: the earliest next attempt
	Reply   string    // the server's reply for anything but StateSent
	Untried bool      // with StateQueued: never handed to the server (the sender stopped), so no attempt is counted
}

// Progress counts the messages of a mailing per state.
type Progress struct {
	Total, Queued, Sending, Sent, Bounced, Failed, Skipped int
	Resent                                                 int // messages found in flight after a sender stopped and sent again: each may have arrived twice
}

// Open reports whether messages of the mailing are still queued or in flight.
func (p Progress) Open() bool { return p.Queued+p.Sending > 0 }

// Outbox is the sending side of a Store: the posts the newsletter knows,
// the mailings made of them and one row per message. newsletter/sqlite
// and newsletter/postgres implement it; newsletter/storetest checks both.
// A subscriber is mailed only while confirmed and not bounced since their
// last confirmation; this is checked again when each message is claimed.
type Outbox interface {
	// SendStarted returns when posts were first recorded; zero when never,
	// which makes the next send a first run.
	SendStarted(ctx context.Context) (time.Time, error)
	// KnownPosts returns every recorded post.
	KnownPosts(ctx context.Context) ([]KnownPost, error)
	// MarkPosts records posts as sent without mailing them, leaves known
	// ones as they are, marks sending as started and returns how many it
	// added.
	MarkPosts(ctx context.Context, posts []KnownPost, at time.Time) (int, error)
	// CreateMailing stores m, records its posts and queues one message
	// per subscriber who can be mailed, in one transaction. It returns the
	// stored mailing and the number of messages; ErrPostKnown when one of
	// the posts is recorded already.
	CreateMailing(ctx context.Context, m Mailing, posts []KnownPost) (Mailing, int, error)
	// OpenMailings returns the mailings not done yet, oldest first.
	OpenMailings(ctx context.Context) ([]Mailing, error)
	// LastMailing returns the newest mailing whose key starts with prefix,
	// or ErrNotFound.
	LastMailing(ctx context.Context, prefix string) (Mailing, error)
	// JoinSenders registers sender as running until leave is called. On
	// SQLite only one sender runs at a time: a second gets ErrSenderBusy.
	JoinSenders(ctx context.Context, sender string) (leave func(), err error)
	// Requeue puts the messages of mailing that senders no longer running
	// left in sending back in the queue and returns how many: each may
	// have been delivered already.
	Requeue(ctx context.Context, mailing int64, sender string) (int, error)
	// Exchange records the results of messages sender claimed (a bounce
	// also suppresses the subscriber), then moves up to n messages of
	// mailing that are due at now from queued to sending for sender and
	// returns them, in one transaction: one disk sync for both. A message
	// whose subscriber can no longer be mailed becomes skipped instead of
	// claimed. Senders sharing PostgreSQL never claim the same message.
	Exchange(ctx context.Context, sender string, results []Answer, mailing int64, n int, now time.Time) ([]Delivery, error)
	// Mailable reports whether email may be mailed now and, when not, why
	// (SkipReason). The sender asks right before each message, so an
	// unsubscribe that lands after the claim still stops it.
	Mailable(ctx context.Context, email string) (bool, string, error)
	// Progress counts the messages of mailing per state.
	Progress(ctx context.Context, mailing int64) (Progress, error)
	// NextDue returns when the earliest queued message of mailing is due;
	// zero when none is queued.
	NextDue(ctx context.Context, mailing int64) (time.Time, error)
	// FinishMailing marks mailing done at at when none of its messages is
	// queued or sending, and reports whether it did.
	FinishMailing(ctx context.Context, mailing int64, at time.Time) (bool, error)
	// SentPerMinute counts the messages sent since since, per minute
	// (Unix time / 60), for the hourly and daily limits.
	SentPerMinute(ctx context.Context, since time.Time) (map[int64]int, error)
}

// UnsubscribePlaceholder stands in a Mailing's HTML and text where each
// subscriber's own unsubscribe link goes.
const UnsubscribePlaceholder = "https://kopij.invalid/unsubscribe-link"

// Add counts n messages in state st.
func (p *Progress) Add(st State, n int) {
	p.Total += n
	switch st {
	case StateQueued:
		p.Queued += n
	case StateSending:
		p.Sending += n
	case StateSent:
		p.Sent += n
	case StateBounced:
		p.Bounced += n
	case StateFailed:
		p.Failed += n
	case StateSkipped:
		p.Skipped += n
	}
}

// SkipReason says why a message to a subscriber with status (or
// "deleted" when the address is gone) is skipped; stores record it.
func SkipReason(status string) string {
	switch Status(status) {
	case StatusConfirmed:
		return "address bounced"
	case StatusUnsubscribed:
		return "unsubscribed"
	case StatusPending:
		return "not confirmed"
	}
	return "no longer on the list"
}
