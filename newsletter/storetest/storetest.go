// Package storetest is the conformance suite every newsletter.Store passes.
// A store's tests call Run with a function that opens a fresh, empty store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
)

// Opener returns a new, empty store; Run closes it.
type Opener func(t *testing.T) newsletter.Store

var t0 = time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC)

// Run runs every check against stores from open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s newsletter.Store)
	}{
		{"SingleOptIn", testSingleOptIn},
		{"DoubleOptIn", testDoubleOptIn},
		{"Resubscribe", testResubscribe},
		{"ConfirmedStaysUntouched", testConfirmedUntouched},
		{"NotFound", testNotFound},
		{"BatchInOrder", testBatchInOrder},
		{"Concurrent", testConcurrent},
		{"EachFilter", testEachFilter},
		{"Import", testImport},
		{"Secret", testSecret},
		{"AllFieldsRoundTrip", testAllFields},
		{"Generation", testGeneration},
		{"MailLimit", testMailLimit},
		{"ImportStagedInvisible", testImportStaged},
		{"ImportAllOrNothing", testImportRollback},
		{"ImportCleans", testImportCleans},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tc.fn(t, s)
		})
	}
	for _, tc := range outboxTests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tc.fn(t, s, outbox(t, s))
		})
	}
}

func signup(email string, at time.Time, double bool) newsletter.Signup {
	return newsletter.Signup{
		Subscriber: newsletter.Subscriber{Email: email, Name: "Ada", Consent: "Yes, mail me", Lang: "en", Source: "/posts/a/",
			Referrer: "https://ref.example/", UTMSource: "news", UTMMedium: "mail", UTMCampaign: "spring"},
		At: at, DoubleOptIn: double,
	}
}

func mustSubscribe(t *testing.T, s newsletter.Store, sus ...newsletter.Signup) []newsletter.Outcome {
	t.Helper()
	var out []newsletter.Outcome
	for _, r := range mustResults(t, s, sus...) {
		out = append(out, r.Outcome)
	}
	return out
}

func mustResults(t *testing.T, s newsletter.Store, sus ...newsletter.Signup) []newsletter.Result {
	t.Helper()
	out, err := s.Subscribe(context.Background(), sus)
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	if len(out) != len(sus) {
		t.Fatalf("Subscribe gave %d results for %d signups", len(out), len(sus))
	}
	return out
}

func mustGet(t *testing.T, s newsletter.Store, email string) newsletter.Subscriber {
	t.Helper()
	sub, err := s.Get(context.Background(), email)
	if err != nil {
		t.Fatalf("Get(%s): %v", email, err)
	}
	return sub
}

func kinds(t *testing.T, s newsletter.Store, email string) []string {
	t.Helper()
	evs, err := s.History(context.Background(), email)
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	var k []string
	for _, e := range evs {
		k = append(k, e.Kind)
	}
	return k
}

func testSingleOptIn(t *testing.T, s newsletter.Store) {
	out := mustSubscribe(t, s, signup("a@example.com", t0, false))
	if out[0] != newsletter.OutcomeNew {
		t.Errorf("outcome = %v, want OutcomeNew", out[0])
	}
	sub := mustGet(t, s, "a@example.com")
	if sub.Status != newsletter.StatusConfirmed || !sub.ConfirmedAt.Equal(t0) || !sub.CreatedAt.Equal(t0) || !sub.ConsentAt.Equal(t0) {
		t.Errorf("got %+v, want confirmed at %v", sub, t0)
	}
	if sub.Consent != "Yes, mail me" || sub.Source != "/posts/a/" || sub.UTMCampaign != "spring" || sub.Referrer != "https://ref.example/" {
		t.Errorf("consent record not stored: %+v", sub)
	}
}

func testDoubleOptIn(t *testing.T, s newsletter.Store) {
	ctx := context.Background()
	mustSubscribe(t, s, signup("b@example.com", t0, true))
	if sub := mustGet(t, s, "b@example.com"); sub.Status != newsletter.StatusPending || !sub.ConfirmedAt.IsZero() {
		t.Fatalf("got %+v, want pending", sub)
	}
	again := signup("b@example.com", t0.Add(time.Hour), true)
	again.Consent = "new text"
	if out := mustSubscribe(t, s, again); out[0] != newsletter.OutcomePending {
		t.Errorf("second signup outcome = %v, want OutcomePending", out[0])
	}
	if sub := mustGet(t, s, "b@example.com"); sub.Consent != "new text" || !sub.CreatedAt.Equal(t0) {
		t.Errorf("pending signup again: got %+v, want refreshed consent and first created_at", sub)
	}
	at := t0.Add(2 * time.Hour)
	if err := s.Confirm(ctx, "b@example.com", 0, at); err != nil {
		t.Fatalf("Confirm: %v", err)
	}
	if err := s.Confirm(ctx, "b@example.com", 0, at.Add(time.Hour)); err != nil {
		t.Fatalf("second Confirm: %v", err)
	}
	if sub := mustGet(t, s, "b@example.com"); sub.Status != newsletter.StatusConfirmed || !sub.ConfirmedAt.Equal(at) {
		t.Errorf("got %+v, want confirmed at %v", sub, at)
	}
	if err := s.Unsubscribe(ctx, "b@example.com", at); err != nil {
		t.Fatal(err)
	}
	if err := s.Confirm(ctx, "b@example.com", 0, at); !errors.Is(err, newsletter.ErrNotPending) {
		t.Errorf("Confirm after unsubscribe = %v, want ErrNotPending", err)
	}
}

func testResubscribe(t *testing.T, s newsletter.Store) {
	ctx := context.Background()
	mustSubscribe(t, s, signup("c@example.com", t0, false))
	out := t0.Add(24 * time.Hour)
	if err := s.Unsubscribe(ctx, "c@example.com", out); err != nil {
		t.Fatal(err)
	}
	if err := s.Unsubscribe(ctx, "c@example.com", out.Add(time.Hour)); err != nil {
		t.Fatalf("second Unsubscribe: %v", err)
	}
	if sub := mustGet(t, s, "c@example.com"); sub.Status != newsletter.StatusUnsubscribed || !sub.UnsubscribedAt.Equal(out) {
		t.Fatalf("got %+v, want unsubscribed at %v", sub, out)
	}
	back := t0.Add(48 * time.Hour)
	if o := mustSubscribe(t, s, signup("c@example.com", back, true)); o[0] != newsletter.OutcomeResubscribed {
		t.Errorf("outcome = %v, want OutcomeResubscribed", o[0])
	}
	sub := mustGet(t, s, "c@example.com")
	if sub.Status != newsletter.StatusPending || !sub.CreatedAt.Equal(t0) || !sub.UnsubscribedAt.Equal(out) || !sub.ConsentAt.Equal(back) {
		t.Errorf("got %+v, want pending with the old history kept", sub)
	}
	want := []string{"subscribe", "unsubscribe", "subscribe"}
	if got := kinds(t, s, "c@example.com"); !reflect.DeepEqual(got, want) {
		t.Errorf("history = %v, want %v", got, want)
	}
}

func testConfirmedUntouched(t *testing.T, s newsletter.Store) {
	mustSubscribe(t, s, signup("d@example.com", t0, false))
	later := signup("d@example.com", t0.Add(time.Hour), true)
	later.Consent = "other"
	if o := mustSubscribe(t, s, later); o[0] != newsletter.OutcomeConfirmed {
		t.Errorf("outcome = %v, want OutcomeConfirmed", o[0])
	}
	if sub := mustGet(t, s, "d@example.com"); sub.Status != newsletter.StatusConfirmed || sub.Consent != "Yes, mail me" {
		t.Errorf("confirmed subscriber changed: %+v", sub)
	}
}

func testNotFound(t *testing.T, s newsletter.Store) {
	ctx := context.Background()
	if _, err := s.Get(ctx, "x@example.com"); !errors.Is(err, newsletter.ErrNotFound) {
		t.Errorf("Get = %v, want ErrNotFound", err)
	}
	if err := s.Confirm(ctx, "x@example.com", 0, t0); !errors.Is(err, newsletter.ErrNotFound) {
		t.Errorf("Confirm = %v, want ErrNotFound", err)
	}
	if err := s.Unsubscribe(ctx, "x@example.com", t0); !errors.Is(err, newsletter.ErrNotFound) {
		t.Errorf("Unsubscribe = %v, want ErrNotFound", err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

func testBatchInOrder(t *testing.T, s newsletter.Store) {
	out := mustSubscribe(t, s, signup("e@example.com", t0, true), signup("f@example.com", t0, true), signup("e@example.com", t0.Add(time.Second), true))
	want := []newsletter.Outcome{newsletter.OutcomeNew, newsletter.OutcomeNew, newsletter.OutcomePending}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("outcomes = %v, want %v", out, want)
	}
}

func testConcurrent(t *testing.T, s newsletter.Store) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := range 20 {
				batch := []newsletter.Signup{signup(fmt.Sprintf("u%d-%d@example.com", w, i), t0, false), signup("same@example.com", t0, false)}
				if _, err := s.Subscribe(context.Background(), batch); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent Subscribe: %v", err)
	}
	n := 0
	if err := s.Each(context.Background(), newsletter.Filter{}, func(newsletter.Subscriber) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 161 {
		t.Errorf("stored %d subscribers, want 161", n)
	}
}

func testEachFilter(t *testing.T, s newsletter.Store) {
	ctx := context.Background()
	mustSubscribe(t, s, signup("p@example.com", t0.Add(2*time.Hour), true), signup("q@example.com", t0, false), signup("r@example.com", t0.Add(time.Hour), false))
	if err := s.Unsubscribe(ctx, "r@example.com", t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		f    newsletter.Filter
		want []string
	}{
		{newsletter.Filter{}, []string{"q@example.com", "r@example.com", "p@example.com"}},
		{newsletter.Filter{Status: newsletter.StatusConfirmed}, []string{"q@example.com"}},
		{newsletter.Filter{Status: newsletter.StatusPending}, []string{"p@example.com"}},
		{newsletter.Filter{Since: t0.Add(time.Hour)}, []string{"r@example.com", "p@example.com"}},
	}
	for _, c := range cases {
		var got []string
		if err := s.Each(ctx, c.f, func(sub newsletter.Subscriber) error { got = append(got, sub.Email); return nil }); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Each(%+v) = %v, want %v", c.f, got, c.want)
		}
	}
	stop := errors.New("stop")
	if err := s.Each(ctx, newsletter.Filter{}, func(newsletter.Subscriber) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Each did not pass the callback's error on: %v", err)
	}
}

func testImport(t *testing.T, s newsletter.Store) {
	ctx := context.Background()
	mustSubscribe(t, s, signup("old@example.com", t0, false))
	subs := []newsletter.Subscriber{
		{Email: "old@example.com", Status: newsletter.StatusConfirmed, CreatedAt: t0},
		{Email: "new1@example.com", Name: "New One", Status: newsletter.StatusConfirmed, CreatedAt: t0, Tags: []string{"a", "b c"}},
		{Email: "new2@example.com", Status: newsletter.StatusUnsubscribed, CreatedAt: t0, UnsubscribedAt: t0.Add(time.Hour)},
	}
	st, err := s.Import(ctx, newsletter.FromSlice(subs), true)
	if err != nil || st != (newsletter.ImportStats{Added: 2, Existing: 1}) {
		t.Fatalf("dry run = %+v, %v; want 2 added, 1 existing", st, err)
	}
	if _, err := s.Get(ctx, "new1@example.com"); !errors.Is(err, newsletter.ErrNotFound) {
		t.Fatalf("dry run wrote: Get = %v", err)
	}
	st, err = s.Import(ctx, newsletter.FromSlice(subs), false)
	if err != nil || st != (newsletter.ImportStats{Added: 2, Existing: 1}) {
		t.Fatalf("import = %+v, %v; want 2 added, 1 existing", st, err)
	}
	if sub := mustGet(t, s, "new1@example.com"); sub.Name != "New One" || !reflect.DeepEqual(sub.Tags, []string{"a", "b c"}) {
		t.Errorf("imported %+v", sub)
	}
	st, err = s.Import(ctx, newsletter.FromSlice(subs), false)
	if err != nil || st != (newsletter.ImportStats{Existing: 3}) {
		t.Errorf("second import = %+v, %v; want 3 existing", st, err)
	}
}

func testSecret(t *testing.T, s newsletter.Store) {
	a, err := s.Secret(context.Background())
	if err != nil || len(a) < 32 {
		t.Fatalf("Secret = %x, %v", a, err)
	}
	b, err := s.Secret(context.Background())
	if err != nil || !reflect.DeepEqual(a, b) {
		t.Errorf("second Secret = %x, %v; want %x", b, err, a)
	}
}

func testAllFields(t *testing.T, s newsletter.Store) {
	want := newsletter.Subscriber{
		Email: "all@example.com", Name: "Zoë \"Q\" d'Arc", Status: newsletter.StatusUnsubscribed,
		CreatedAt: t0, ConfirmedAt: t0.Add(time.Minute), UnsubscribedAt: t0.Add(time.Hour),
		Consent: "Ja, stuur me mail.\nTwee regels", ConsentAt: t0, Lang: "nl", Source: "/posts/b/?x=1",
		Referrer: "https://r.example/", UTMSource: "s", UTMMedium: "m", UTMCampaign: "c",
		Tags: []string{"one", "two, three"}, Note: "=SUM(A1)",
	}
	if _, err := s.Import(context.Background(), newsletter.FromSlice([]newsletter.Subscriber{want}), false); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, s, want.Email); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
}
