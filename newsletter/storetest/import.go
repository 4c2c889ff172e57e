package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
)

// rows yields n subscribers addressed prefix0@example.com and on. After
// pauseAt of them it tells paused and waits for resume; then it yields
// the rest, or fail instead when fail is set.
func rows(prefix string, n, pauseAt int, paused, resume chan struct{}, fail error) iter.Seq2[newsletter.Subscriber, error] {
	return func(yield func(newsletter.Subscriber, error) bool) {
		for i := range n {
			if i == pauseAt && paused != nil {
				close(paused)
				<-resume
				if fail != nil {
					yield(newsletter.Subscriber{}, fail)
					return
				}
			}
			s := newsletter.Subscriber{Email: fmt.Sprintf("%s%d@example.com", prefix, i), Name: "Imported", Status: newsletter.StatusConfirmed,
				CreatedAt: t0, ConfirmedAt: t0}
			if !yield(s, nil) {
				return
			}
		}
	}
}

func count(t *testing.T, s newsletter.Store) int {
	t.Helper()
	n := 0
	if err := s.Each(context.Background(), newsletter.Filter{}, func(newsletter.Subscriber) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

type importResult struct {
	st  newsletter.ImportStats
	err error
}

// startImport runs Import in the background until its source pauses.
func startImport(t *testing.T, s newsletter.Store, src iter.Seq2[newsletter.Subscriber, error], paused chan struct{}) chan importResult {
	t.Helper()
	done := make(chan importResult, 1)
	go func() {
		st, err := s.Import(context.Background(), src, false)
		done <- importResult{st, err}
	}()
	select {
	case <-paused:
	case r := <-done:
		t.Fatalf("import ended before its source paused: %+v", r)
	case <-time.After(30 * time.Second):
		t.Fatal("import did not reach the pause in its source")
	}
	return done
}

// subscribeWithin signs up email and fails the test when that takes more
// than a few seconds: an import must not hold the database while it reads.
func subscribeWithin(t *testing.T, s newsletter.Store, email string) newsletter.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := s.Subscribe(ctx, []newsletter.Signup{signup(email, t0.Add(time.Hour), false)})
	if err != nil {
		t.Fatalf("signup during an import: %v", err)
	}
	return r[0]
}

// testImportStaged pauses an import halfway: signups go on, the staged
// rows stay hidden, a second import is refused, and at the end all rows
// appear at once.
func testImportStaged(t *testing.T, s newsletter.Store) {
	ctx := context.Background()
	paused, resume := make(chan struct{}), make(chan struct{})
	done := startImport(t, s, rows("imp", 3000, 1500, paused, resume, nil), paused)
	if r := subscribeWithin(t, s, "live@example.com"); r.Outcome != newsletter.OutcomeNew {
		t.Errorf("signup during the import: %+v", r)
	}
	if _, err := s.Get(ctx, "imp0@example.com"); !errors.Is(err, newsletter.ErrNotFound) {
		t.Errorf("a staged row is visible before the import ends: %v", err)
	}
	if n := count(t, s); n != 1 {
		t.Errorf("Each sees %d subscribers during the import, want only the live signup", n)
	}
	if err := s.Confirm(ctx, "imp1@example.com", 0, t0); !errors.Is(err, newsletter.ErrNotFound) {
		t.Errorf("Confirm of a staged row = %v, want ErrNotFound", err)
	}
	// A signup for an address the import staged takes the row over.
	if r := subscribeWithin(t, s, "imp2@example.com"); r.Outcome != newsletter.OutcomeNew {
		t.Errorf("signup of a staged address: %+v, want a new subscriber", r)
	}
	if _, err := s.Import(ctx, rows("other", 10, -1, nil, nil, nil), false); !errors.Is(err, newsletter.ErrImportRunning) {
		t.Errorf("a second import during the first = %v, want ErrImportRunning", err)
	}
	close(resume)
	r := <-done
	if r.err != nil {
		t.Fatalf("Import: %v", r.err)
	}
	if r.st.Added+r.st.Existing != 3000 {
		t.Errorf("Import = %+v, want 3000 rows counted", r.st)
	}
	if n := count(t, s); n != 3001 {
		t.Errorf("after the import: %d subscribers, want 3001", n)
	}
	if sub := mustGet(t, s, "imp2@example.com"); sub.Name != "Ada" {
		t.Errorf("the signup during the import was overwritten: %+v", sub)
	}
	if k := kinds(t, s, "imp0@example.com"); !reflect.DeepEqual(k, []string{"import"}) {
		t.Errorf("history of an imported row = %v", k)
	}
}

// testImportRollback fails an import halfway: nothing of it is stored, a
// signup made meanwhile stays, and the next import starts clean.
func testImportRollback(t *testing.T, s newsletter.Store) {
	ctx := context.Background()
	mustSubscribe(t, s, signup("before@example.com", t0, false))
	paused, resume := make(chan struct{}), make(chan struct{})
	broken := errors.New("read csv: line 1501: bare quote")
	done := startImport(t, s, rows("roll", 3000, 1500, paused, resume, broken), paused)
	subscribeWithin(t, s, "roll3@example.com")
	close(resume)
	if r := <-done; !errors.Is(r.err, broken) || r.st != (newsletter.ImportStats{}) {
		t.Fatalf("Import with a failing source = %+v, want the source's error and nothing counted", r)
	}
	if _, err := s.Get(ctx, "roll0@example.com"); !errors.Is(err, newsletter.ErrNotFound) {
		t.Errorf("a row of the failed import is stored: %v", err)
	}
	if n := count(t, s); n != 2 {
		t.Errorf("after the failed import: %d subscribers, want the 2 signups", n)
	}
	if k := kinds(t, s, "roll0@example.com"); len(k) != 0 {
		t.Errorf("history of a row of the failed import = %v", k)
	}
	st, err := s.Import(ctx, rows("roll", 3000, -1, nil, nil, nil), false)
	if err != nil || st != (newsletter.ImportStats{Added: 2999, Existing: 1}) {
		t.Errorf("import after the failed one = %+v, %v; want 2999 added and the signup existing", st, err)
	}
	if sub := mustGet(t, s, "roll3@example.com"); sub.Name != "Ada" {
		t.Errorf("the signup made during the failed import = %+v", sub)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Import(cancelled, rows("gone", 10, -1, nil, nil, nil), false); err == nil {
		t.Error("Import with a cancelled context succeeded")
	}
	if _, err := s.Get(ctx, "gone0@example.com"); !errors.Is(err, newsletter.ErrNotFound) {
		t.Errorf("a cancelled import stored a row: %v", err)
	}
}

// testImportCleans imports control characters, which PostgreSQL refuses
// in text and SQLite would store raw, and expects both to keep the same.
func testImportCleans(t *testing.T, s newsletter.Store) {
	in := newsletter.Subscriber{
		Email: "ctl@example.com", Name: "A\x00da\x1b[31m", Status: newsletter.StatusConfirmed, CreatedAt: t0,
		Consent: "one\r\ntwo\rthree\nfour\x00", Lang: "nl\r", Source: "/p/\x7f", Referrer: "\thttps://r.example/",
		UTMSource: "a\x1bb", Note: "x\x00y\r\nz", Tags: []string{"t\x00a", "", "t a", "b\x1b"},
	}
	st, err := s.Import(context.Background(), newsletter.FromSlice([]newsletter.Subscriber{in}), false)
	if err != nil || st.Added != 1 {
		t.Fatalf("Import = %+v, %v", st, err)
	}
	got := mustGet(t, s, in.Email)
	want := newsletter.Subscriber{Email: in.Email, Name: "A da [31m", Status: newsletter.StatusConfirmed, CreatedAt: t0,
		Consent: "one\ntwo\nthree\nfour", Lang: "nl", Source: "/p/", Referrer: "https://r.example/", UTMSource: "a b",
		Note: "x y\nz", Tags: []string{"t a", "b"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored\n %q\nwant\n %q", fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", want))
	}
}
