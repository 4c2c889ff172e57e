package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
)

// testGeneration checks that a confirmation is bound to the signup it was
// mailed for: after an unsubscribe and a new signup, the old one fails.
func testGeneration(t *testing.T, s newsletter.Store) {
	ctx := context.Background()
	const a = "gen@example.com"
	if r := mustResults(t, s, signup(a, t0, true)); r[0].Generation != 1 {
		t.Fatalf("first signup: generation %d, want 1", r[0].Generation)
	}
	if r := mustResults(t, s, signup(a, t0.Add(time.Minute), true)); r[0].Outcome != newsletter.OutcomePending || r[0].Generation != 1 {
		t.Fatalf("signup while pending: %+v, want pending in generation 1", r[0])
	}
	if err := s.Confirm(ctx, a, 2, t0); !errors.Is(err, newsletter.ErrNotPending) {
		t.Errorf("Confirm with a generation that never was = %v, want ErrNotPending", err)
	}
	if err := s.Unsubscribe(ctx, a, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	r := mustResults(t, s, signup(a, t0.Add(2*time.Hour), true))
	if r[0].Outcome != newsletter.OutcomeResubscribed || r[0].Generation != 2 {
		t.Fatalf("signup after unsubscribing: %+v, want resubscribed in generation 2", r[0])
	}
	if err := s.Confirm(ctx, a, 1, t0.Add(3*time.Hour)); !errors.Is(err, newsletter.ErrNotPending) {
		t.Errorf("Confirm with the link of the first signup = %v, want ErrNotPending", err)
	}
	if sub := mustGet(t, s, a); sub.Status != newsletter.StatusPending {
		t.Fatalf("an old link confirmed the new signup: %s", sub.Status)
	}
	if err := s.Confirm(ctx, a, 2, t0.Add(3*time.Hour)); err != nil {
		t.Fatalf("Confirm with the new link: %v", err)
	}
	if sub := mustGet(t, s, a); sub.Status != newsletter.StatusConfirmed {
		t.Errorf("after the new link: %s", sub.Status)
	}
	if err := s.Confirm(ctx, a, 1, t0.Add(4*time.Hour)); err != nil {
		t.Errorf("an old link on a confirmed address = %v, want nothing to happen", err)
	}
}

// testMailLimit checks the limits on confirmation mails per address, which
// the store keeps so that every server sharing it applies them.
func testMailLimit(t *testing.T, s newsletter.Store) {
	ctx := context.Background()
	mail := func(email string, at time.Time, double bool) bool {
		t.Helper()
		return mustResults(t, s, signup(email, at, double))[0].Mail
	}
	const a = "flood@example.com"
	if !mail(a, t0, true) {
		t.Fatal("the first signup got no confirmation mail")
	}
	for _, d := range []time.Duration{0, time.Second, 9 * time.Minute} {
		if mail(a, t0.Add(d), true) {
			t.Errorf("signup again after %s got a second mail", d)
		}
	}
	// One mail per 10 minutes, five in the day from the first.
	for i, want := range []bool{true, true, true, true, false, false} {
		at := t0.Add(time.Duration(i+1) * 10 * time.Minute)
		if got := mail(a, at, true); got != want {
			t.Errorf("signup %s after the first: mail %v, want %v", at.Sub(t0), got, want)
		}
	}
	if !mail(a, t0.Add(24*time.Hour), true) {
		t.Error("no mail a day after the first")
	}
	// Several signups in one batch, as concurrent requests commit together.
	r := mustResults(t, s, signup("batch@example.com", t0, true), signup("batch@example.com", t0, true), signup("batch@example.com", t0, true))
	if !r[0].Mail || r[1].Mail || r[2].Mail {
		t.Errorf("one batch of three signups: mails %v %v %v, want only the first", r[0].Mail, r[1].Mail, r[2].Mail)
	}
	// Only the owner can unsubscribe, so a signup after it gets its mail.
	const b = "back@example.com"
	mail(b, t0, true)
	if err := s.Unsubscribe(ctx, b, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if !mail(b, t0.Add(2*time.Minute), true) {
		t.Error("signup after unsubscribing got no mail")
	}
	if mail("single@example.com", t0, false) || mail("single@example.com", t0.Add(time.Hour), true) {
		t.Error("a confirmed address got a confirmation mail")
	}
}
