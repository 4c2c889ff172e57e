package newsletter_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/postgres"
	"github.com/kopij/kopij/newsletter/sqlite"
	"github.com/kopij/kopij/newsletter/storetest"
)

// loadDuration returns how long the load test runs: KOPIJ_LOADTEST_DURATION
// (a Go duration such as 60s), 5 s by default. The test is skipped unless
// KOPIJ_LOADTEST=1.
func loadDuration(t *testing.T) time.Duration {
	if os.Getenv("KOPIJ_LOADTEST") != "1" {
		t.Skip("set KOPIJ_LOADTEST=1 (and KOPIJ_LOADTEST_DURATION=60s) to run the load test")
	}
	d := 5 * time.Second
	if v := os.Getenv("KOPIJ_LOADTEST_DURATION"); v != "" {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			t.Fatalf("KOPIJ_LOADTEST_DURATION=%q: %v", v, err)
		}
	}
	return d
}

// LoadResult is what one load run measured.
type LoadResult struct {
	OK, Errors int
	Elapsed    time.Duration
	Latencies  []time.Duration
}

func (r LoadResult) String() string {
	slices.Sort(r.Latencies)
	q := func(p float64) time.Duration {
		if len(r.Latencies) == 0 {
			return 0
		}
		return r.Latencies[int(p*float64(len(r.Latencies)-1))]
	}
	return fmt.Sprintf("%d signups in %s = %.0f/s, p50 %s, p99 %s, max %s, %d errors",
		r.OK, r.Elapsed.Round(time.Millisecond), float64(r.OK)/r.Elapsed.Seconds(),
		q(0.50).Round(10*time.Microsecond), q(0.99).Round(10*time.Microsecond), q(1).Round(10*time.Microsecond), r.Errors)
}

// runLoad sends signups with unique addresses from clients concurrent
// clients to base+"subscribe" for d, each waiting for its answer before the
// next: a closed loop, so latency is not hidden by queueing in the client.
func runLoad(base string, clients int, d time.Duration, prefix string) LoadResult {
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var mu sync.Mutex
	var res LoadResult
	var seq atomic.Int64
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			lat := make([]time.Duration, 0, 4096)
			ok, bad := 0, 0
			for time.Now().Before(deadline) {
				n := seq.Add(1)
				body := url.Values{"email": {fmt.Sprintf("%s%d@load.example", prefix, n)}, "consent": {"load test"}, "source": {"/posts/load/"}}.Encode()
				req, _ := http.NewRequest("POST", base+"subscribe", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Accept", "application/json")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					bad++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					bad++
					continue
				}
				lat = append(lat, time.Since(t0))
				ok++
			}
			mu.Lock()
			res.OK += ok
			res.Errors += bad
			res.Latencies = append(res.Latencies, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	return res
}

// serveLoopback serves h on 127.0.0.1 and returns its base URL.
func serveLoopback(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}

func loadStore(t *testing.T, name string, store newsletter.Store, writers int, d time.Duration) {
	h := newHandler(t, store, newsletter.Options{RateLimit: -1, BatchWriters: writers})
	base := serveLoopback(t, h)
	res := runLoad(base, 64, d, name)
	t.Logf("%s, 64 clients: %s", name, res)
	if res.Errors > 0 {
		t.Errorf("%d requests failed", res.Errors)
	}
	n := 0
	store.Each(context.Background(), newsletter.Filter{}, func(newsletter.Subscriber) error { n++; return nil })
	if n != res.OK {
		t.Errorf("%d signups acknowledged, %d stored", res.OK, n)
	}
}

// TestLoadSQLite measures signups per second and latency on a SQLite file
// with durable commits.
func TestLoadSQLite(t *testing.T) {
	d := loadDuration(t)
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "load.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	loadStore(t, "sqlite", s, 1, d)
}

// TestLoadPostgres is the same load on PostgreSQL (KOPIJ_TEST_POSTGRES).
func TestLoadPostgres(t *testing.T) {
	d := loadDuration(t)
	s, err := postgres.Open(context.Background(), storetest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	loadStore(t, "postgres", s, 4, d)
}
