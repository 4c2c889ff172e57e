package newsletter

import "time"

// The limits on confirmation mails per address, whatever the client: a
// reader who signs up again while pending gets a new mail at most once per
// ConfirmMailInterval and at most ConfirmMailsPerDay times in the 24 hours
// from the first of them. Anyone can type someone else's address into a
// form; these limits keep the blog from being used to flood a mailbox.
// A signup after unsubscribing always gets its mail: only the owner of
// the address can unsubscribe it, so it cannot be repeated by others.
const (
	ConfirmMailInterval = 10 * time.Minute
	ConfirmMailsPerDay  = 5
)

// MailLog is what a store keeps per address to apply the limits on
// confirmation mails.
type MailLog struct {
	Last     time.Time // the last confirmation mail; zero when none went out
	DayStart time.Time // the first mail of the current 24-hour window; zero when none
	Count    int       // mails since DayStart
}

// Allow reports whether another confirmation mail may go out at at. A
// clock that went back allows none until it has caught up.
func (l MailLog) Allow(at time.Time) bool {
	if !l.Last.IsZero() && at.Sub(l.Last) < ConfirmMailInterval {
		return false
	}
	return l.newDay(at) || l.Count < ConfirmMailsPerDay
}

// Add returns the log with a mail sent at at counted.
func (l MailLog) Add(at time.Time) MailLog {
	if l.newDay(at) {
		return MailLog{Last: at, DayStart: at, Count: 1}
	}
	return MailLog{Last: at, DayStart: l.DayStart, Count: l.Count + 1}
}

func (l MailLog) newDay(at time.Time) bool {
	return l.DayStart.IsZero() || at.Sub(l.DayStart) >= 24*time.Hour
}

// NextMail decides the confirmation mail for a signup with outcome o on
// an address whose log is l: whether one goes out, and the log to store.
// Stores call it inside the signup's transaction, so two servers cannot
// both decide to send.
func NextMail(su Signup, o Outcome, l MailLog) (MailLog, bool) {
	if !su.DoubleOptIn || o == OutcomeConfirmed {
		return l, false
	}
	if o == OutcomeNew || o == OutcomeResubscribed || l.Allow(su.At) {
		return l.Add(su.At), true
	}
	return l, false
}
