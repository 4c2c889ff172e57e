package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/postgres"
	"github.com/kopij/kopij/newsletter/sqlite"
	"github.com/kopij/kopij/newsletter/storetest"
)

// TestImportDuringSignups imports 20,000 rows into the database of a
// running kopij newsletter serve while 16 clients sign up: every signup is
// answered and stored, and the import is complete.
func TestImportDuringSignups(t *testing.T) {
	db := filepath.Join(t.TempDir(), "subscribers.db")
	importDuringSignups(t, db, 20_000, 5*time.Second)
}

// TestImportDuringSignupsLoad is the same with a million rows, on SQLite
// and PostgreSQL, and every signup must be answered within a second. It
// runs with KOPIJ_LOADTEST=1.
func TestImportDuringSignupsLoad(t *testing.T) {
	if os.Getenv("KOPIJ_LOADTEST") != "1" {
		t.Skip("set KOPIJ_LOADTEST=1 to import a million rows during signups")
	}
	t.Run("sqlite", func(t *testing.T) {
		importDuringSignups(t, filepath.Join(t.TempDir(), "subscribers.db"), 1_000_000, time.Second)
	})
	t.Run("postgres", func(t *testing.T) {
		importDuringSignups(t, storetest.PostgresDSN(t), 1_000_000, time.Second)
	})
}

func importDuringSignups(t *testing.T, db string, rows int, bound time.Duration) {
	dir := t.TempDir()
	file := filepath.Join(dir, "list.csv")
	writeList(t, file, rows)

	var out, errOut nlOutput
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() {
		served <- run(ctx, e, []string{"newsletter", "serve", "--addr", "127.0.0.1:0", "--db", db, "--src", dir, "--rate-limit", "0"})
	}()
	base := waitListening(t, &out, served)

	var importOut, importErr strings.Builder
	imported := make(chan int, 1)
	start := time.Now()
	go func() {
		ie := &env{stdin: strings.NewReader(""), stdout: &importOut, stderr: &importErr, getenv: func(string) string { return "" }}
		imported <- exitCode(ie, run(context.Background(), ie, []string{"subscribers", "import", file, "--db", db}))
	}()

	var mu sync.Mutex
	var acked, failed []string
	var lat []time.Duration
	stop := make(chan struct{})
	var wg sync.WaitGroup
	// One kept-alive connection per client, as browsers keep theirs.
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	for c := range 16 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				email := fmt.Sprintf("live-c%d-%d@signup.example", c, i)
				t0 := time.Now()
				resp, err := client.Post(base+"subscribe", "application/json", strings.NewReader(`{"email":"`+email+`","consent":"yes"}`))
				d := time.Since(t0)
				ok := false
				if err == nil {
					var a struct{ OK bool }
					ok = resp.StatusCode == 200 && json.NewDecoder(resp.Body).Decode(&a) == nil && a.OK
					resp.Body.Close()
				}
				mu.Lock()
				if ok {
					acked = append(acked, email)
					lat = append(lat, d)
				} else {
					failed = append(failed, fmt.Sprintf("%s: %v %v", email, resp, err))
				}
				mu.Unlock()
			}
		})
	}
	code := <-imported
	took := time.Since(start)
	close(stop)
	wg.Wait()
	cancel()
	if err := <-served; err != nil {
		t.Fatalf("newsletter serve: %v", err)
	}
	if code != 0 || !strings.Contains(importOut.String(), fmt.Sprintf("imported %d new", rows)) {
		t.Fatalf("import: exit %d, %q %q", code, importOut.String(), importErr.String())
	}
	slices.Sort(lat)
	if len(lat) == 0 {
		t.Fatal("no signup was answered during the import")
	}
	q := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))].Round(time.Millisecond) }
	t.Logf("%d rows imported in %s while 16 clients signed up: %d signups, %.0f/s, p50 %s, p99 %s, max %s, %d failed",
		rows, took.Round(time.Millisecond), len(acked), float64(len(acked))/took.Seconds(), q(0.5), q(0.99), q(1), len(failed))
	for i, f := range failed {
		if i < 5 {
			t.Errorf("signup during the import failed: %s", f)
		}
	}
	if max := lat[len(lat)-1]; max > bound {
		t.Errorf("slowest signup during the import took %s, want at most %s", max, bound)
	}

	var store newsletter.Store
	var err error
	if strings.HasPrefix(db, "postgres") {
		store, err = postgres.Open(context.Background(), db)
	} else {
		store, err = sqlite.Open(context.Background(), db)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	stored := map[string]bool{}
	n := 0
	store.Each(context.Background(), newsletter.Filter{}, func(s newsletter.Subscriber) error {
		n++
		if strings.HasSuffix(s.Email, "@signup.example") {
			stored[s.Email] = true
		}
		return nil
	})
	for _, a := range acked {
		if !stored[a] {
			t.Errorf("acknowledged signup %s is not stored", a)
			break
		}
	}
	if n != rows+len(acked) {
		t.Errorf("%d subscribers stored, want %d imported and %d signed up", n, rows, len(acked))
	}
}

// writeList writes a Mailchimp export of n addresses.
func writeList(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	io.WriteString(w, "Email Address,First Name,Last Name,Tags\r\n")
	for i := range n {
		fmt.Fprintf(w, "reader%07d@import.example,Reader,%d,imported\r\n", i, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
