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

// subscribeTx sends all inserts in one round trip (a pgx batch), then
// handles the addresses that already existed one by one, then records the
// events in a second round trip.
func (s *Store) subscribeTx(ctx context.Context, signups []newsletter.Signup, order []int) ([]newsletter.Result, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	defer tx.Rollback(ctx)
	b := &pgx.Batch{}
	fresh := make([]newsletter.Result, len(signups))
	for _, i := range order {
		su := signups[i]
		status, confirmedAt := target(su)
		var mail newsletter.MailLog
		fresh[i] = newsletter.Result{Outcome: newsletter.OutcomeNew, Generation: 1}
		mail, fresh[i].Mail = newsletter.NextMail(su, newsletter.OutcomeNew, mail)
		b.Queue(insertSignup, su.Email, su.Name, string(status), su.At, nullTime(confirmedAt),
			su.Consent, su.At, su.Lang, su.Source, su.Referrer, su.UTMSource, su.UTMMedium, su.UTMCampaign, tags(su.Tags), su.Note,
			su.At, nullTime(mail.Last), nullTime(mail.DayStart), mail.Count)
	}
	out := make([]newsletter.Result, len(signups))
	br := tx.SendBatch(ctx, b)
	for _, i := range order {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return nil, fmt.Errorf("subscribe %s: %w", signups[i].Email, err)
		}
		if tag.RowsAffected() == 1 {
			out[i] = fresh[i]
		}
	}
	if err := br.Close(); err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	events := &pgx.Batch{}
	for _, i := range order {
		su := signups[i]
		if out[i].Outcome == 0 {
			if out[i], err = subscribeExisting(ctx, tx, su, fresh[i]); err != nil {
				return nil, fmt.Errorf("subscribe %s: %w", su.Email, err)
			}
		}
		if out[i].Outcome != newsletter.OutcomeConfirmed {
			events.Queue(`INSERT INTO events (email, kind, at, consent, source) VALUES ($1, 'subscribe', $2, $3, $4)`,
				su.Email, su.At, su.Consent, su.Source)
		}
	}
	if events.Len() > 0 {
		if err := tx.SendBatch(ctx, events).Close(); err != nil {
			return nil, fmt.Errorf("subscribe: events: %w", err)
		}
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

// subscribeExisting applies a signup to an address already stored; fresh
// is the result it gets when the row was only staged by an import.
func subscribeExisting(ctx context.Context, tx pgx.Tx, su newsletter.Signup, fresh newsletter.Result) (newsletter.Result, error) {
	status, confirmedAt := target(su)
	var old string
	var gen int64
	var mailAt, dayAt *time.Time
	var count int
	var shown bool
	if err := tx.QueryRow(ctx, `SELECT status, generation, mail_at, mail_day_at, mail_count, `+visible+`
		FROM subscribers WHERE email = $1 FOR UPDATE OF subscribers`, su.Email).Scan(&old, &gen, &mailAt, &dayAt, &count, &shown); err != nil {
		return fresh, err
	}
	if !shown {
		// An unfinished import staged the address: the signup takes the
		// row over, so it stays if the import is rolled back.
		var mail newsletter.MailLog
		mail, _ = newsletter.NextMail(su, newsletter.OutcomeNew, mail)
		_, err := tx.Exec(ctx, `UPDATE subscribers SET
			name = $1, status = $2, created_at = $3, confirmed_at = $4, unsubscribed_at = NULL, consent = $5, consent_at = $3,
			lang = $6, source = $7, referrer = $8, utm_source = $9, utm_medium = $10, utm_campaign = $11, tags = $12, note = $13,
			generation = 1, signup_at = $3, mail_at = $14, mail_day_at = $15, mail_count = $16, import_id = NULL
			WHERE email = $17`,
			su.Name, string(status), su.At, nullTime(confirmedAt), su.Consent,
			su.Lang, su.Source, su.Referrer, su.UTMSource, su.UTMMedium, su.UTMCampaign, tags(su.Tags), su.Note,
			nullTime(mail.Last), nullTime(mail.DayStart), mail.Count, su.Email)
		return fresh, err
	}
	r := newsletter.Result{Outcome: newsletter.OutcomePending, Generation: gen}
	switch newsletter.Status(old) {
	case newsletter.StatusConfirmed:
		// Nothing changes, but the signup writes as every other does.
		r.Outcome = newsletter.OutcomeConfirmed
		_, err := tx.Exec(ctx, `UPDATE subscribers SET signup_at = $1 WHERE email = $2`, su.At, su.Email)
		return r, err
	case newsletter.StatusUnsubscribed:
		r.Outcome = newsletter.OutcomeResubscribed
		r.Generation++
	}
	mail := newsletter.MailLog{Last: utc(mailAt), DayStart: utc(dayAt), Count: count}
	mail, r.Mail = newsletter.NextMail(su, r.Outcome, mail)
	_, err := tx.Exec(ctx, `UPDATE subscribers SET
		name = CASE WHEN $1 <> '' THEN $1 ELSE name END,
		status = $2, confirmed_at = COALESCE($3, confirmed_at),
		consent = $4, consent_at = $5, lang = $6, source = $7, referrer = $8,
		utm_source = $9, utm_medium = $10, utm_campaign = $11,
		generation = $12, signup_at = $5, mail_at = $13, mail_day_at = $14, mail_count = $15
		WHERE email = $16`,
		su.Name, string(status), nullTime(confirmedAt), su.Consent, su.At, su.Lang, su.Source, su.Referrer,
		su.UTMSource, su.UTMMedium, su.UTMCampaign,
		r.Generation, nullTime(mail.Last), nullTime(mail.DayStart), mail.Count, su.Email)
	return r, err
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
