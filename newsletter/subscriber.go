package newsletter

import (
	"errors"
	"fmt"
	"time"
)

// Status is where a subscriber stands.
type Status string

// The statuses a subscriber moves through. A signup starts pending (double
// opt-in) or confirmed (single opt-in); unsubscribing ends in unsubscribed,
// from which a new signup starts again.
const (
	StatusPending      Status = "pending"
	StatusConfirmed    Status = "confirmed"
	StatusUnsubscribed Status = "unsubscribed"
)

// ParseStatus checks s; "all" and "" give the empty Status, which filters nothing.
func ParseStatus(s string) (Status, error) {
	switch st := Status(s); st {
	case StatusPending, StatusConfirmed, StatusUnsubscribed:
		return st, nil
	case "", "all":
		return "", nil
	}
	return "", fmt.Errorf("unknown status %q (use confirmed, pending, unsubscribed or all)", s)
}

// Errors callers branch on.
var (
	// ErrNotFound means no subscriber has the address.
	ErrNotFound = errors.New("subscriber not found")
	// ErrNotPending means a confirmation came for an address that
	// unsubscribed since, or for a signup older than its current one.
	ErrNotPending = errors.New("subscriber is not pending")
	// ErrImportRunning means another import has not finished yet.
	ErrImportRunning = errors.New("another import is running")
)

// Subscriber is one stored address with its consent record.
type Subscriber struct {
	Email          string     `json:"email"`                    // normalised: lower case, trimmed
	Name           string     `json:"name"`                     // as typed; may be empty
	Status         Status     `json:"status"`                   // pending, confirmed or unsubscribed
	CreatedAt      time.Time  `json:"created_at"`               // first signup, UTC
	ConfirmedAt    time.Time  `json:"confirmed_at,omitzero"`    // last confirmation; zero when never
	UnsubscribedAt time.Time  `json:"unsubscribed_at,omitzero"` // last unsubscribe; zero when never
	Consent        string     `json:"consent"`                  // the exact consent text shown at the last signup
	ConsentAt      time.Time  `json:"consent_at,omitzero"`      // when that consent was given
	Lang           string     `json:"lang,omitempty"`           // language of the form: "nl" or "en"
	Source         string     `json:"source,omitempty"`         // site-relative URL of the page with the form
	Referrer       string     `json:"referrer,omitempty"`       // page that sent the reader to the site
	UTMSource      string     `json:"utm_source,omitempty"`     // utm_source of the visit
	UTMMedium      string     `json:"utm_medium,omitempty"`     // utm_medium of the visit
	UTMCampaign    string     `json:"utm_campaign,omitempty"`   // utm_campaign of the visit
	Tags           []string   `json:"tags,omitempty"`           // labels, e.g. from an import
	Note           string     `json:"note,omitempty"`           // free text, e.g. from an import
	BouncedAt      time.Time  `json:"bounced_at,omitzero"`      // last hard bounce; no mail until confirmed again; zero when never
	Bounce         string     `json:"bounce,omitempty"`         // the mail server's reply to that bounce
	Sent           []SentMail `json:"sent,omitempty"`           // newsletter mails the server accepted for this address, oldest first
}

// SentMail is one newsletter mail a subscriber was sent.
type SentMail struct {
	At      time.Time `json:"at"`      // when the mail server accepted it, UTC
	Subject string    `json:"subject"` // its subject line
	URL     string    `json:"url"`     // the post's URL, or the site's for a digest
}

// Mailable reports whether the newsletter may mail s: confirmed, and not
// bounced since the last confirmation.
func (s Subscriber) Mailable() bool {
	return s.Status == StatusConfirmed && (s.BouncedAt.IsZero() || s.ConfirmedAt.After(s.BouncedAt))
}

// Signup is one request to subscribe, as the handler hands it to the Store.
type Signup struct {
	Subscriber            // Email, Name, Consent, Lang, Source, Referrer, UTM* and Tags are used
	At          time.Time // time of the request
	DoubleOptIn bool      // true: the address stays pending until confirmed
}

// Outcome says what a signup did. The handler answers the same for every
// outcome.
type Outcome int

// The outcomes of a signup.
const (
	OutcomeNew          Outcome = iota + 1 // a new address was stored
	OutcomePending                         // the address was already pending; consent refreshed
	OutcomeConfirmed                       // the address was already confirmed; nothing changed
	OutcomeResubscribed                    // the address had unsubscribed and signed up again
)

// Result is what Subscribe did with one signup.
type Result struct {
	Outcome    Outcome // what happened to the address
	Generation int64   // the address's signup generation: 1 at its first signup, one more each time it signs up after unsubscribing; confirmation links carry it
	Mail       bool    // a confirmation mail is due: the signup is double opt-in, the address is not confirmed, and MailLog allows one
}

// Event is one entry in a subscriber's history.
type Event struct {
	Kind    string    // "subscribe", "confirm", "unsubscribe" or "import"
	At      time.Time // UTC
	Consent string    // consent text for "subscribe" events
	Source  string    // source page for "subscribe" events
}

// Filter selects subscribers for an export.
type Filter struct {
	Status Status    // empty: every status
	Since  time.Time // zero: from the start; else created at or after
}

// ImportStats counts what an import wrote.
type ImportStats struct {
	Added    int // new addresses stored
	Existing int // addresses already stored, left as they were
}
