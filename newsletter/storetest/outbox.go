package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
)

// outboxTests check the sending side, newsletter.Outbox.
var outboxTests = []struct {
	name string
	fn   func(t *testing.T, s newsletter.Store, ob newsletter.Outbox)
}{
	{"OutboxMarkPosts", testMarkPosts},
	{"OutboxQueuesMailable", testQueuesMailable},
	{"OutboxClaimComplete", testClaimComplete},
	{"OutboxUnsubscribedSkipped", testUnsubscribedSkipped},
	{"OutboxBounceSuppresses", testBounceSuppresses},
	{"OutboxRequeue", testRequeue},
	{"OutboxConcurrentClaims", testConcurrentClaims},
	{"OutboxSentRecord", testSentRecord},
}

func outbox(t *testing.T, s newsletter.Store) newsletter.Outbox {
	ob, ok := s.(newsletter.Outbox)
	if !ok {
		t.Fatalf("%T does not implement newsletter.Outbox", s)
	}
	return ob
}

func mailing(key string) newsletter.Mailing {
	return newsletter.Mailing{Key: key, Subject: "Subject " + key, URL: "https://blog.example/" + key + "/", Lang: "en",
		HTML: "<p>" + newsletter.UnsubscribePlaceholder + "</p>", Text: newsletter.UnsubscribePlaceholder, CreatedAt: t0}
}

func post(id string) newsletter.KnownPost {
	return newsletter.KnownPost{ID: id, URL: "https://blog.example" + id, Title: "Title " + id, Date: t0.Add(-time.Hour)}
}

func mustCreate(t *testing.T, ob newsletter.Outbox, key string) (newsletter.Mailing, int) {
	t.Helper()
	m, n, err := ob.CreateMailing(context.Background(), mailing(key), []newsletter.KnownPost{post("/" + key + "/")})
	if err != nil {
		t.Fatalf("CreateMailing(%s): %v", key, err)
	}
	return m, n
}

func mustClaim(t *testing.T, ob newsletter.Outbox, m newsletter.Mailing, sender string, n int, now time.Time) []newsletter.Delivery {
	t.Helper()
	ds, err := ob.Exchange(context.Background(), sender, nil, m.ID, n, now)
	if err != nil {
		t.Fatalf("Claim: %v", err)
	}
	return ds
}

// complete records results without claiming more.
func complete(ob newsletter.Outbox, sender string, results []newsletter.Answer) error {
	_, err := ob.Exchange(context.Background(), sender, results, 0, 0, time.Time{})
	return err
}

func mustProgress(t *testing.T, ob newsletter.Outbox, m newsletter.Mailing) newsletter.Progress {
	t.Helper()
	p, err := ob.Progress(context.Background(), m.ID)
	if err != nil {
		t.Fatalf("Progress: %v", err)
	}
	return p
}

func confirmed(t *testing.T, s newsletter.Store, n int) []string {
	var sus []newsletter.Signup
	var emails []string
	for i := range n {
		e := fmt.Sprintf("r%03d@example.com", i)
		sus = append(sus, signup(e, t0.Add(time.Duration(i)*time.Second), false))
		emails = append(emails, e)
	}
	mustSubscribe(t, s, sus...)
	return emails
}

func testMarkPosts(t *testing.T, _ newsletter.Store, ob newsletter.Outbox) {
	ctx := context.Background()
	if at, err := ob.SendStarted(ctx); err != nil || !at.IsZero() {
		t.Fatalf("SendStarted on a new store = %v, %v; want zero", at, err)
	}
	posts := []newsletter.KnownPost{post("/a/"), post("/b/")}
	if n, err := ob.MarkPosts(ctx, posts, t0); err != nil || n != 2 {
		t.Fatalf("MarkPosts = %d, %v; want 2", n, err)
	}
	if n, err := ob.MarkPosts(ctx, posts, t0.Add(time.Hour)); err != nil || n != 0 {
		t.Errorf("MarkPosts again = %d, %v; want 0", n, err)
	}
	if at, err := ob.SendStarted(ctx); err != nil || !at.Equal(t0) {
		t.Errorf("SendStarted = %v, %v; want %v", at, err, t0)
	}
	known, err := ob.KnownPosts(ctx)
	if err != nil || len(known) != 2 {
		t.Fatalf("KnownPosts = %+v, %v", known, err)
	}
	for _, k := range known {
		if k.Mailing != 0 || !k.At.Equal(t0) || !k.Date.Equal(t0.Add(-time.Hour)) || k.Title != "Title "+k.ID {
			t.Errorf("known post %+v", k)
		}
	}
}

func testQueuesMailable(t *testing.T, s newsletter.Store, ob newsletter.Outbox) {
	ctx := context.Background()
	confirmed(t, s, 3)
	mustSubscribe(t, s, signup("pending@example.com", t0, true))
	mustSubscribe(t, s, signup("gone@example.com", t0, false))
	if err := s.Unsubscribe(ctx, "gone@example.com", t0); err != nil {
		t.Fatal(err)
	}
	m, n := mustCreate(t, ob, "first")
	if n != 3 || m.ID == 0 || len(m.Posts) != 1 || m.Posts[0] != "/first/" {
		t.Errorf("CreateMailing = %+v, %d messages; want 3 messages for the confirmed subscribers", m, n)
	}
	if _, _, err := ob.CreateMailing(ctx, mailing("other"), []newsletter.KnownPost{post("/first/")}); !errors.Is(err, newsletter.ErrPostKnown) {
		t.Errorf("a second mailing of the same post: %v, want ErrPostKnown", err)
	}
	if _, _, err := ob.CreateMailing(ctx, mailing("first"), nil); !errors.Is(err, newsletter.ErrPostKnown) {
		t.Errorf("a second mailing with the same key: %v, want ErrPostKnown", err)
	}
	known, _ := ob.KnownPosts(ctx)
	if len(known) != 1 || known[0].Mailing != m.ID {
		t.Errorf("KnownPosts = %+v, want /first/ carried by mailing %d", known, m.ID)
	}
	open, err := ob.OpenMailings(ctx)
	if err != nil || len(open) != 1 || open[0].HTML != m.HTML || open[0].Subject != m.Subject || !open[0].CreatedAt.Equal(t0) {
		t.Errorf("OpenMailings = %+v, %v", open, err)
	}
	last, err := ob.LastMailing(ctx, "fir")
	if err != nil || last.ID != m.ID {
		t.Errorf("LastMailing(fir) = %+v, %v", last, err)
	}
	if _, err := ob.LastMailing(ctx, "digest:"); !errors.Is(err, newsletter.ErrNotFound) {
		t.Errorf("LastMailing(digest:) = %v, want ErrNotFound", err)
	}
	if p := mustProgress(t, ob, m); p.Total != 3 || p.Queued != 3 || !p.Open() {
		t.Errorf("Progress = %+v", p)
	}
}

func testClaimComplete(t *testing.T, s newsletter.Store, ob newsletter.Outbox) {
	ctx := context.Background()
	emails := confirmed(t, s, 4)
	m, _ := mustCreate(t, ob, "cc")
	ds := mustClaim(t, ob, m, "s1", 10, t0)
	if len(ds) != 4 || ds[0].Name != "Ada" || ds[0].Attempts != 0 {
		t.Fatalf("Claim = %+v, want the 4 messages", ds)
	}
	if again := mustClaim(t, ob, m, "s1", 10, t0); len(again) != 0 {
		t.Errorf("second Claim = %+v, want none: all are in flight", again)
	}
	later := t0.Add(5 * time.Minute)
	res := []newsletter.Answer{
		{Mailing: m.ID, Email: emails[0], State: newsletter.StateSent, At: t0.Add(time.Second)},
		{Mailing: m.ID, Email: emails[1], State: newsletter.StateQueued, At: t0, NextAt: later, Reply: "451 try later"},
		{Mailing: m.ID, Email: emails[2], State: newsletter.StateFailed, At: t0, Reply: "554 no"},
		{Mailing: m.ID, Email: emails[3], State: newsletter.StateQueued, NextAt: t0, Untried: true},
	}
	if err := complete(ob, "other", res); err != nil {
		t.Fatal(err)
	}
	if p := mustProgress(t, ob, m); p.Sending != 4 {
		t.Errorf("Complete by another sender changed the messages: %+v", p)
	}
	if err := complete(ob, "s1", res); err != nil {
		t.Fatal(err)
	}
	if p := mustProgress(t, ob, m); p != (newsletter.Progress{Total: 4, Queued: 2, Sent: 1, Failed: 1}) {
		t.Errorf("Progress = %+v", p)
	}
	if due, err := ob.NextDue(ctx, m.ID); err != nil || !due.Equal(t0) {
		t.Errorf("NextDue = %v, %v; want %v", due, err, t0)
	}
	now := mustClaim(t, ob, m, "s1", 10, t0.Add(time.Minute))
	if len(now) != 1 || now[0].Email != emails[3] || now[0].Attempts != 0 {
		t.Fatalf("Claim after a minute = %+v, want only the untried %s", now, emails[3])
	}
	if done, err := ob.FinishMailing(ctx, m.ID, later); err != nil || done {
		t.Errorf("FinishMailing with messages open = %v, %v", done, err)
	}
	retry := mustClaim(t, ob, m, "s1", 10, later)
	if len(retry) != 1 || retry[0].Email != emails[1] || retry[0].Attempts != 1 {
		t.Fatalf("Claim at the retry time = %+v, want %s on its second attempt", retry, emails[1])
	}
	res = []newsletter.Answer{
		{Mailing: m.ID, Email: emails[1], State: newsletter.StateSent, At: later},
		{Mailing: m.ID, Email: emails[3], State: newsletter.StateSent, At: later},
	}
	if err := complete(ob, "s1", res); err != nil {
		t.Fatal(err)
	}
	if due, err := ob.NextDue(ctx, m.ID); err != nil || !due.IsZero() {
		t.Errorf("NextDue with nothing queued = %v, %v", due, err)
	}
	if done, err := ob.FinishMailing(ctx, m.ID, later); err != nil || !done {
		t.Errorf("FinishMailing = %v, %v; want done", done, err)
	}
	if open, _ := ob.OpenMailings(ctx); len(open) != 0 {
		t.Errorf("OpenMailings after finishing = %+v", open)
	}
	counts, err := ob.SentPerMinute(ctx, t0.Add(-time.Hour))
	if err != nil || counts[t0.Unix()/60] != 1 || counts[later.Unix()/60] != 2 {
		t.Errorf("SentPerMinute = %v, %v", counts, err)
	}
	if counts, _ := ob.SentPerMinute(ctx, later); counts[t0.Unix()/60] != 0 {
		t.Errorf("SentPerMinute since %v counts earlier mail: %v", later, counts)
	}
}

// testUnsubscribedSkipped unsubscribes after the mailing was queued: the
// message is skipped when its turn comes, never claimed.
func testUnsubscribedSkipped(t *testing.T, s newsletter.Store, ob newsletter.Outbox) {
	ctx := context.Background()
	emails := confirmed(t, s, 3)
	m, _ := mustCreate(t, ob, "unsub")
	if err := s.Unsubscribe(ctx, emails[1], t0); err != nil {
		t.Fatal(err)
	}
	ds := mustClaim(t, ob, m, "s1", 10, t0)
	for _, d := range ds {
		if d.Email == emails[1] {
			t.Errorf("claimed %s after it unsubscribed", d.Email)
		}
	}
	if p := mustProgress(t, ob, m); len(ds) != 2 || p.Skipped != 1 || p.Sending != 2 {
		t.Errorf("claimed %d, progress %+v; want 2 claimed and 1 skipped", len(ds), p)
	}
	// An unsubscribe after the claim: the sender's last check sees it.
	if ok, why, err := ob.Mailable(ctx, emails[0]); err != nil || !ok || why != "" {
		t.Errorf("Mailable(%s) = %v %q %v, want true", emails[0], ok, why, err)
	}
	if err := s.Unsubscribe(ctx, emails[0], t0); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{emails[0], "unknown@example.com"} {
		if ok, why, err := ob.Mailable(ctx, a); err != nil || ok || why == "" {
			t.Errorf("Mailable(%s) = %v %q %v, want false with a reason", a, ok, why, err)
		}
	}
}

func testBounceSuppresses(t *testing.T, s newsletter.Store, ob newsletter.Outbox) {
	ctx := context.Background()
	emails := confirmed(t, s, 2)
	m, _ := mustCreate(t, ob, "b1")
	mustClaim(t, ob, m, "s1", 10, t0)
	bounceAt := t0.Add(time.Minute)
	if err := complete(ob, "s1", []newsletter.Answer{
		{Mailing: m.ID, Email: emails[0], State: newsletter.StateBounced, At: bounceAt, Reply: "550 5.1.1 no such user"},
		{Mailing: m.ID, Email: emails[1], State: newsletter.StateSent, At: bounceAt},
	}); err != nil {
		t.Fatal(err)
	}
	sub := mustGet(t, s, emails[0])
	if !sub.BouncedAt.Equal(bounceAt) || sub.Bounce != "550 5.1.1 no such user" || sub.Mailable() {
		t.Errorf("after a bounce: %+v", sub)
	}
	if k := kinds(t, s, emails[0]); k[len(k)-1] != "bounce" {
		t.Errorf("history = %v, want a bounce event", k)
	}
	if _, n := mustCreate(t, ob, "b2"); n != 1 {
		t.Errorf("next mailing queued %d messages, want 1: the bounced address is suppressed", n)
	}
	// Signing up again and confirming proves the address works again.
	if err := s.Unsubscribe(ctx, emails[0], bounceAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustSubscribe(t, s, signup(emails[0], bounceAt.Add(2*time.Hour), true))
	if err := s.Confirm(ctx, emails[0], 0, bounceAt.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, n := mustCreate(t, ob, "b3"); n != 2 {
		t.Errorf("after confirming again %d messages queued, want 2", n)
	}
}

// testRequeue stops a sender with messages claimed and checks that the
// next one finds them, counts them and can send them.
func testRequeue(t *testing.T, s newsletter.Store, ob newsletter.Outbox) {
	ctx := context.Background()
	confirmed(t, s, 5)
	m, _ := mustCreate(t, ob, "rq")
	leaveA, err := ob.JoinSenders(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if ds := mustClaim(t, ob, m, "a", 3, t0); len(ds) != 3 {
		t.Fatalf("claimed %d", len(ds))
	}
	leaveB, err := ob.JoinSenders(ctx, "b")
	switch {
	case errors.Is(err, newsletter.ErrSenderBusy):
		// One sender at a time (SQLite).
	case err != nil:
		t.Fatal(err)
	default:
		if n, err := ob.Requeue(ctx, m.ID, "b"); err != nil || n != 0 {
			t.Errorf("Requeue while a runs = %d, %v; want 0", n, err)
		}
		leaveB()
	}
	leaveA()
	leaveB, err = ob.JoinSenders(ctx, "b")
	if err != nil {
		t.Fatalf("JoinSenders after a left: %v", err)
	}
	defer leaveB()
	if n, err := ob.Requeue(ctx, m.ID, "b"); err != nil || n != 3 {
		t.Errorf("Requeue = %d, %v; want the 3 messages a left in flight", n, err)
	}
	if ds := mustClaim(t, ob, m, "b", 10, t0); len(ds) != 5 {
		t.Errorf("b claimed %d, want all 5", len(ds))
	}
	if p := mustProgress(t, ob, m); p.Resent != 3 {
		t.Errorf("Progress.Resent = %d, want 3", p.Resent)
	}
}

// testConcurrentClaims lets eight senders claim one mailing at once:
// every message is claimed by exactly one.
func testConcurrentClaims(t *testing.T, s newsletter.Store, ob newsletter.Outbox) {
	ctx := context.Background()
	emails := confirmed(t, s, 400)
	m, _ := mustCreate(t, ob, "conc")
	var mu sync.Mutex
	claimed := map[string]string{}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			sender := fmt.Sprintf("w%d", w)
			for {
				ds, err := ob.Exchange(ctx, sender, nil, m.ID, 7, t0)
				if err != nil {
					errs <- err
					return
				}
				if len(ds) == 0 {
					return
				}
				mu.Lock()
				for _, d := range ds {
					if other, dup := claimed[d.Email]; dup {
						errs <- fmt.Errorf("%s claimed by %s and %s", d.Email, other, sender)
					}
					claimed[d.Email] = sender
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(claimed) != len(emails) {
		t.Errorf("claimed %d of %d messages", len(claimed), len(emails))
	}
}

// testSentRecord checks that the subscriber record lists what was sent.
func testSentRecord(t *testing.T, s newsletter.Store, ob newsletter.Outbox) {
	ctx := context.Background()
	emails := confirmed(t, s, 1)
	for i, key := range []string{"one", "two"} {
		m, _ := mustCreate(t, ob, key)
		mustClaim(t, ob, m, "s1", 10, t0)
		at := t0.Add(time.Duration(2-i) * time.Hour) // the second is recorded earlier
		if err := complete(ob, "s1", []newsletter.Answer{{Mailing: m.ID, Email: emails[0], State: newsletter.StateSent, At: at}}); err != nil {
			t.Fatal(err)
		}
	}
	sub := mustGet(t, s, emails[0])
	want := []newsletter.SentMail{
		{At: t0.Add(time.Hour), Subject: "Subject two", URL: "https://blog.example/two/"},
		{At: t0.Add(2 * time.Hour), Subject: "Subject one", URL: "https://blog.example/one/"},
	}
	if fmt.Sprint(sub.Sent) != fmt.Sprint(want) {
		t.Errorf("Sent = %v, want %v", sub.Sent, want)
	}
	var each []newsletter.SentMail
	s.Each(ctx, newsletter.Filter{}, func(sub newsletter.Subscriber) error { each = sub.Sent; return nil })
	if fmt.Sprint(each) != fmt.Sprint(want) {
		t.Errorf("Each: Sent = %v, want %v", each, want)
	}
}
