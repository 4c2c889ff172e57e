package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kopij/kopij/newsletter"
)

const insertSignup = `INSERT INTO subscribers
	(email, name, status, created_at, confirmed_at, consent, consent_at, lang, source, referrer, utm_source, utm_medium, utm_campaign, tags, note,
	 signup_at, mail_at, mail_day_at, mail_count)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
	ON CONFLICT (email) DO NOTHING`

// Subscribe applies signups in one transaction. Rows are locked in address
// order, so two servers committing overlapping batches cannot deadlock;
// a lost serialization race is retried.
func (s *Store) Subscribe(ctx context.Context, signups []newsletter.Signup) ([]newsletter.Result, error) {
	order := make([]int, len(signups))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(signups[a].Email, signups[b].Email) })
	var out []newsletter.Result
	var err error
	for range 5 {
		out, err = s.subscribeTx(ctx, signups, order)
		if !retryable(err) {
			break
		}
	}
	return out, err
}

// Statements of a signup besides insertSignup. Every signup takes the
// same round trips, whatever the address's state: the inserts and lookups
// in one, the updates and events in a second, then the commit. So an
// address on the list is not answered faster or slower than a new one.
const (
	lookupSignup = `SELECT status, generation, mail_at, mail_day_at, mail_count, ` + visible + `
		FROM subscribers WHERE email = $1 FOR UPDATE OF subscribers`
	signupAgain    = `UPDATE subscribers SET signup_at = $1 WHERE email = $2`
	signupTakeover = `UPDATE subscribers SET
		name = $1, status = $2, created_at = $3, confirmed_at = $4, unsubscribed_at = NULL, consent = $5, consent_at = $3,
		lang = $6, source = $7, referrer = $8, utm_source = $9, utm_medium = $10, utm_campaign = $11, tags = $12, note = $13,
		generation = 1, signup_at = $3, mail_at = $14, mail_day_at = $15, mail_count = $16, import_id = NULL
		WHERE email = $17`
	signupRefresh = `UPDATE subscribers SET
		name = CASE WHEN $1 <> '' THEN $1 ELSE name END,
		status = $2, confirmed_at = COALESCE($3, confirmed_at),
		consent = $4, consent_at = $5, lang = $6, source = $7, referrer = $8,
		utm_source = $9, utm_medium = $10, utm_campaign = $11,
		generation = $12, signup_at = $5, mail_at = $13, mail_day_at = $14, mail_count = $15
		WHERE email = $16`
	signupEvent = `INSERT INTO events (email, kind, at, consent, source) VALUES ($1, 'subscribe', $2, $3, $4)`
)

// rowState is what a signup needs to know of a stored address.
type rowState struct {
	status newsletter.Status
	gen    int64
	mail   newsletter.MailLog
	shown  bool // false: staged by an unfinished import
}

// subscribeTx applies signups, sorted by address in order, in one
// transaction of four round trips.
func (s *Store) subscribeTx(ctx context.Context, signups []newsletter.Signup, order []int) ([]newsletter.Result, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	defer tx.Rollback(ctx)
	b := &pgx.Batch{}
	for _, i := range order {
		su := signups[i]
		status, confirmedAt := target(su)
		mail, _ := newsletter.NextMail(su, newsletter.OutcomeNew, newsletter.MailLog{})
		b.Queue(insertSignup, su.Email, su.Name, string(status), su.At, nullTime(confirmedAt),
			su.Consent, su.At, su.Lang, su.Source, su.Referrer, su.UTMSource, su.UTMMedium, su.UTMCampaign, tags(su.Tags), su.Note,
			su.At, nullTime(mail.Last), nullTime(mail.DayStart), mail.Count)
		b.Queue(lookupSignup, su.Email)
	}
	inserted := make([]bool, len(signups))
	found := make([]rowState, len(signups))
	br := tx.SendBatch(ctx, b)
	for _, i := range order {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return nil, fmt.Errorf("subscribe %s: %w", signups[i].Email, err)
		}
		inserted[i] = tag.RowsAffected() == 1
		var old string
		var mailAt, dayAt *time.Time
		f := &found[i]
		if err := br.QueryRow().Scan(&old, &f.gen, &mailAt, &dayAt, &f.mail.Count, &f.shown); err != nil {
			br.Close()
			return nil, fmt.Errorf("subscribe %s: %w", signups[i].Email, err)
		}
		f.status, f.mail.Last, f.mail.DayStart = newsletter.Status(old), utc(mailAt), utc(dayAt)
	}
	if err := br.Close(); err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}

	out := make([]newsletter.Result, len(signups))
	writes := &pgx.Batch{}
	var state rowState // of the address of the signup before, which may be the same
	for k, i := range order {
		su := signups[i]
		again := k > 0 && signups[order[k-1]].Email == su.Email
		switch {
		case inserted[i]:
			state = found[i]
			out[i] = newsletter.Result{Outcome: newsletter.OutcomeNew, Generation: 1, Mail: state.mail.Count > 0}
		case !again && !found[i].shown:
			out[i], state = takeOver(writes, su)
		case again:
			out[i], state = applySignup(writes, su, state)
		default:
			out[i], state = applySignup(writes, su, found[i])
		}
		if out[i].Outcome != newsletter.OutcomeConfirmed {
			writes.Queue(signupEvent, su.Email, su.At, su.Consent, su.Source)
		}
	}
	if err := tx.SendBatch(ctx, writes).Close(); err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("subscribe: commit: %w", err)
	}
	return out, nil
}

// target is the status and confirmation time a signup leads to.
func target(su newsletter.Signup) (newsletter.Status, time.Time) {
	if su.DoubleOptIn {
		return newsletter.StatusPending, time.Time{}
	}
	return newsletter.StatusConfirmed, su.At
}

// takeOver queues a signup for an address an unfinished import staged:
// the signup takes the row over, so it stays if the import is rolled back.
func takeOver(b *pgx.Batch, su newsletter.Signup) (newsletter.Result, rowState) {
	status, confirmedAt := target(su)
	mail, sent := newsletter.NextMail(su, newsletter.OutcomeNew, newsletter.MailLog{})
	b.Queue(signupTakeover, su.Name, string(status), su.At, nullTime(confirmedAt), su.Consent,
		su.Lang, su.Source, su.Referrer, su.UTMSource, su.UTMMedium, su.UTMCampaign, tags(su.Tags), su.Note,
		nullTime(mail.Last), nullTime(mail.DayStart), mail.Count, su.Email)
	return newsletter.Result{Outcome: newsletter.OutcomeNew, Generation: 1, Mail: sent},
		rowState{status: status, gen: 1, mail: mail, shown: true}
}

// applySignup queues a signup for an address stored as st.
func applySignup(b *pgx.Batch, su newsletter.Signup, st rowState) (newsletter.Result, rowState) {
	r := newsletter.Result{Outcome: newsletter.OutcomePending, Generation: st.gen}
	switch st.status {
	case newsletter.StatusConfirmed:
		// Nothing changes, but the signup writes as every other does.
		r.Outcome = newsletter.OutcomeConfirmed
		b.Queue(signupAgain, su.At, su.Email)
		return r, st
	case newsletter.StatusUnsubscribed:
		r.Outcome = newsletter.OutcomeResubscribed
		r.Generation++
	}
	status, confirmedAt := target(su)
	st.mail, r.Mail = newsletter.NextMail(su, r.Outcome, st.mail)
	st.status, st.gen = status, r.Generation
	b.Queue(signupRefresh, su.Name, string(status), nullTime(confirmedAt), su.Consent, su.At, su.Lang, su.Source, su.Referrer,
		su.UTMSource, su.UTMMedium, su.UTMCampaign, r.Generation, nullTime(st.mail.Last), nullTime(st.mail.DayStart), st.mail.Count, su.Email)
	return r, st
}

// Confirm marks a pending address confirmed.
func (s *Store) Confirm(ctx context.Context, email string, generation int64, at time.Time) error {
	return s.transition(ctx, "confirm", email, at, func(old newsletter.Status, gen int64) (string, error) {
		switch {
		case old == newsletter.StatusConfirmed:
			return "", nil
		case old == newsletter.StatusUnsubscribed, generation != 0 && generation != gen:
			return "", newsletter.ErrNotPending
		}
		return `UPDATE subscribers SET status = 'confirmed', confirmed_at = $1 WHERE email = $2`, nil
	})
}

// Unsubscribe marks an address unsubscribed.
func (s *Store) Unsubscribe(ctx context.Context, email string, at time.Time) error {
	return s.transition(ctx, "unsubscribe", email, at, func(old newsletter.Status, _ int64) (string, error) {
		if old == newsletter.StatusUnsubscribed {
			return "", nil
		}
		return `UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = $1 WHERE email = $2`, nil
	})
}

func (s *Store) transition(ctx context.Context, kind, email string, at time.Time, next func(newsletter.Status, int64) (string, error)) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	defer tx.Rollback(ctx)
	var old string
	var gen int64
	err = tx.QueryRow(ctx, `SELECT status, generation FROM subscribers WHERE email = $1 AND `+visible+` FOR UPDATE OF subscribers`, email).Scan(&old, &gen)
	if isNoRows(err) {
		return fmt.Errorf("%s %s: %w", kind, email, newsletter.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	stmt, err := next(newsletter.Status(old), gen)
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	if stmt == "" {
		return nil
	}
	if _, err := tx.Exec(ctx, stmt, at, email); err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO events (email, kind, at) VALUES ($1, $2, $3)`, email, kind, at); err != nil {
		return fmt.Errorf("%s %s: event: %w", kind, email, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("%s %s: commit: %w", kind, email, err)
	}
	return nil
}

// nullTime turns the zero time into NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// tags makes a nil slice an empty array: the column is NOT NULL.
func tags(t []string) []string {
	if t == nil {
		return []string{}
	}
	return t
}
