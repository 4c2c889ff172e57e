package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/kopij/kopij/newsletter"
)

// signupSQL are the statements of a signup, prepared once at Open: an
// address on the list must not cost a parse that a new one does not.
var signupSQL = struct{ insert, event, lookup, again, takeover, refresh string }{
	insert: `INSERT INTO subscribers
		(email, name, status, created_at, confirmed_at, consent, consent_at, lang, source, referrer, utm_source, utm_medium, utm_campaign, tags, note,
		 signup_at, mail_at, mail_day_at, mail_count)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (email) DO NOTHING`,
	event:  `INSERT INTO events (email, kind, at, consent, source) VALUES (?, 'subscribe', ?, ?, ?)`,
	lookup: `SELECT status, generation, mail_at, mail_day_at, mail_count, ` + visible + ` FROM subscribers WHERE email = ?`,
	again:  `UPDATE subscribers SET signup_at = ? WHERE email = ?`,
	takeover: `UPDATE subscribers SET
		name = ?, status = ?, created_at = ?, confirmed_at = ?, unsubscribed_at = NULL, consent = ?, consent_at = ?,
		lang = ?, source = ?, referrer = ?, utm_source = ?, utm_medium = ?, utm_campaign = ?, tags = ?, note = ?,
		generation = 1, signup_at = ?, mail_at = ?, mail_day_at = ?, mail_count = ?, import_id = NULL
		WHERE email = ?`,
	refresh: `UPDATE subscribers SET
		name = CASE WHEN ? <> '' THEN ? ELSE name END,
		status = ?, confirmed_at = COALESCE(?, confirmed_at),
		consent = ?, consent_at = ?, lang = ?, source = ?, referrer = ?,
		utm_source = ?, utm_medium = ?, utm_campaign = ?,
		generation = ?, signup_at = ?, mail_at = ?, mail_day_at = ?, mail_count = ?
		WHERE email = ?`,
}

// signupStmts are signupSQL prepared.
type signupStmts struct{ insert, event, lookup, again, takeover, refresh *sql.Stmt }

func prepareSignup(ctx context.Context, db *sql.DB) (*signupStmts, error) {
	var st signupStmts
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{{&st.insert, signupSQL.insert}, {&st.event, signupSQL.event}, {&st.lookup, signupSQL.lookup},
		{&st.again, signupSQL.again}, {&st.takeover, signupSQL.takeover}, {&st.refresh, signupSQL.refresh}} {
		var err error
		if *p.dst, err = db.PrepareContext(ctx, p.sql); err != nil {
			st.close()
			return nil, fmt.Errorf("prepare signup statements: %w", err)
		}
	}
	return &st, nil
}

func (st *signupStmts) close() {
	for _, s := range []*sql.Stmt{st.insert, st.event, st.lookup, st.again, st.takeover, st.refresh} {
		if s != nil {
			s.Close()
		}
	}
}

// in returns the statements bound to tx.
func (st *signupStmts) in(ctx context.Context, tx *sql.Tx) *signupStmts {
	return &signupStmts{tx.StmtContext(ctx, st.insert), tx.StmtContext(ctx, st.event), tx.StmtContext(ctx, st.lookup),
		tx.StmtContext(ctx, st.again), tx.StmtContext(ctx, st.takeover), tx.StmtContext(ctx, st.refresh)}
}

// Subscribe applies signups in one transaction: one disk sync for the lot.
func (s *Store) Subscribe(ctx context.Context, signups []newsletter.Signup) ([]newsletter.Result, error) {
	s.yieldToImport(ctx)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	defer tx.Rollback()
	st := s.signup.in(ctx, tx)
	out := make([]newsletter.Result, len(signups))
	for i, su := range signups {
		r, err := st.one(ctx, su)
		if err != nil {
			return nil, fmt.Errorf("subscribe %s: %w", su.Email, err)
		}
		out[i] = r
		if r.Outcome != newsletter.OutcomeConfirmed {
			if _, err := st.event.ExecContext(ctx, su.Email, su.At.UnixMicro(), su.Consent, su.Source); err != nil {
				return nil, fmt.Errorf("subscribe %s: event: %w", su.Email, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
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

// one applies a signup.
func (st *signupStmts) one(ctx context.Context, su newsletter.Signup) (newsletter.Result, error) {
	status, confirmedAt := target(su)
	at := su.At.UnixMicro()
	fresh := newsletter.Result{Outcome: newsletter.OutcomeNew, Generation: 1}
	var mail newsletter.MailLog
	mail, fresh.Mail = newsletter.NextMail(su, newsletter.OutcomeNew, mail)
	res, err := st.insert.ExecContext(ctx, su.Email, su.Name, status, at, micros(confirmedAt),
		su.Consent, at, su.Lang, su.Source, su.Referrer, su.UTMSource, su.UTMMedium, su.UTMCampaign, joinTags(su.Tags), su.Note,
		at, micros(mail.Last), micros(mail.DayStart), mail.Count)
	if err != nil {
		return fresh, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return fresh, nil
	}
	var old newsletter.Status
	var gen int64
	var mailAt, dayAt sql.NullInt64
	var count int
	var shown bool
	if err := st.lookup.QueryRowContext(ctx, su.Email).Scan(&old, &gen, &mailAt, &dayAt, &count, &shown); err != nil {
		return fresh, err
	}
	if !shown {
		// An unfinished import staged the address: the signup takes the
		// row over, so it stays if the import is rolled back.
		_, err := st.takeover.ExecContext(ctx, su.Name, status, at, micros(confirmedAt), su.Consent, at,
			su.Lang, su.Source, su.Referrer, su.UTMSource, su.UTMMedium, su.UTMCampaign, joinTags(su.Tags), su.Note,
			at, micros(mail.Last), micros(mail.DayStart), mail.Count, su.Email)
		return fresh, err
	}
	r := newsletter.Result{Outcome: newsletter.OutcomePending, Generation: gen}
	switch old {
	case newsletter.StatusConfirmed:
		// Nothing changes, but the signup writes as every other does.
		r.Outcome = newsletter.OutcomeConfirmed
		_, err := st.again.ExecContext(ctx, at, su.Email)
		return r, err
	case newsletter.StatusUnsubscribed:
		r.Outcome = newsletter.OutcomeResubscribed
		r.Generation++
	}
	mail = newsletter.MailLog{Last: fromMicros(mailAt), DayStart: fromMicros(dayAt), Count: count}
	mail, r.Mail = newsletter.NextMail(su, r.Outcome, mail)
	_, err = st.refresh.ExecContext(ctx, su.Name, su.Name, status, micros(confirmedAt), su.Consent, at, su.Lang, su.Source, su.Referrer,
		su.UTMSource, su.UTMMedium, su.UTMCampaign, r.Generation, at, micros(mail.Last), micros(mail.DayStart), mail.Count, su.Email)
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
		return `UPDATE subscribers SET status = 'confirmed', confirmed_at = ? WHERE email = ?`, nil
	})
}

// Unsubscribe marks an address unsubscribed.
func (s *Store) Unsubscribe(ctx context.Context, email string, at time.Time) error {
	return s.transition(ctx, "unsubscribe", email, at, func(old newsletter.Status, _ int64) (string, error) {
		if old == newsletter.StatusUnsubscribed {
			return "", nil
		}
		return `UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ? WHERE email = ?`, nil
	})
}

// transition reads the status and generation of email and runs the update
// next picks for them (none when it returns ""), recording an event of kind.
func (s *Store) transition(ctx context.Context, kind, email string, at time.Time, next func(newsletter.Status, int64) (string, error)) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	defer tx.Rollback()
	var old newsletter.Status
	var gen int64
	err = tx.QueryRowContext(ctx, `SELECT status, generation FROM subscribers WHERE email = ? AND `+visible, email).Scan(&old, &gen)
	if isNoRows(err) {
		return fmt.Errorf("%s %s: %w", kind, email, newsletter.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	stmt, err := next(old, gen)
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	if stmt == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, stmt, at.UnixMicro(), email); err != nil {
		return fmt.Errorf("%s %s: %w", kind, email, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO events (email, kind, at) VALUES (?, ?, ?)`, email, kind, at.UnixMicro()); err != nil {
		return fmt.Errorf("%s %s: event: %w", kind, email, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s %s: commit: %w", kind, email, err)
	}
	return nil
}

// joinTags stores tags one per line: tags never hold line breaks.
func joinTags(tags []string) string { return strings.Join(tags, "\n") }

func splitTags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
