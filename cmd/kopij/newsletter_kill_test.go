package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/postgres"
	"github.com/kopij/kopij/newsletter/sqlite"
	"github.com/kopij/kopij/newsletter/storetest"
)

// TestNewsletterSurvivesKill builds the real binary, runs kopij newsletter
// serve under 64 concurrent clients and kills it with SIGKILL three times;
// on PostgreSQL it also restarts the database server during the second
// round. A signup counts as acknowledged only on a 200 JSON {"ok":true}
// answer; every acknowledged signup must be stored, and no answer may
// claim a success that is not one. Half the clients send JSON without
// Accept, half a form that asks for JSON. Runs with KOPIJ_LOADTEST=1;
// KOPIJ_LOADTEST_DURATION sets the load for all rounds (default 6s);
// KOPIJ_PG_RESTART is a shell command that restarts the PostgreSQL server
// of KOPIJ_TEST_POSTGRES, e.g. "pg_ctlcluster 15 main restart".
func TestNewsletterSurvivesKill(t *testing.T) {
	if os.Getenv("KOPIJ_LOADTEST") != "1" {
		t.Skip("set KOPIJ_LOADTEST=1 to run the SIGKILL durability test")
	}
	perRound := 2 * time.Second
	if v := os.Getenv("KOPIJ_LOADTEST_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("KOPIJ_LOADTEST_DURATION=%q: %v", v, err)
		}
		perRound = d / 3
	}
	bin := filepath.Join(t.TempDir(), "kopij")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/kopij: %v\n%s", err, out)
	}
	t.Run("sqlite", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "subscribers.db")
		res := killRounds(t, bin, db, perRound, nil)
		s, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		res.check(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresDSN(t)
		var restart func()
		if cmd := os.Getenv("KOPIJ_PG_RESTART"); cmd != "" {
			restart = func() {
				start := time.Now()
				out, err := exec.Command("sh", "-c", cmd).CombinedOutput()
				if err != nil {
					t.Errorf("KOPIJ_PG_RESTART %q: %v\n%s", cmd, err, out)
					return
				}
				t.Logf("PostgreSQL restarted by %q in %s", cmd, time.Since(start).Round(time.Millisecond))
			}
		} else {
			t.Log(`KOPIJ_PG_RESTART is not set, so PostgreSQL is not restarted under load; set it to a command that restarts the server of KOPIJ_TEST_POSTGRES, e.g. KOPIJ_PG_RESTART="pg_ctlcluster 15 main restart"`)
		}
		res := killRounds(t, bin, dsn, perRound, restart)
		s, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		res.check(t, s)
	})
}

// killResult is what the clients saw over all rounds.
type killResult struct {
	mu        sync.Mutex
	acked     []string        // addresses answered 200 {"ok":true}
	latencies []time.Duration // of those answers
	falseOK   []string        // answers claiming a success they are not
	errors    int             // refused, cut off or answered ok:false
	codes     map[int]int     // status codes of the ok:false answers
	elapsed   time.Duration   // time under load
}

// killRounds runs three rounds of load-then-SIGKILL against db, calling
// restart (when set) halfway through the second.
func killRounds(t *testing.T, bin, db string, perRound time.Duration, restart func()) *killResult {
	site := t.TempDir()
	res := &killResult{codes: map[int]int{}}
	for round := range 3 {
		cmd := exec.Command(bin, "newsletter", "serve", "--addr", "127.0.0.1:0", "--db", db, "--src", site, "--rate-limit", "0")
		cmd.Env = append(os.Environ(), "KOPIJ_SECRET=durability-test-secret-durability-test")
		stdout, _ := cmd.StdoutPipe()
		cmd.Stderr = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		base := ""
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listenLine.FindStringSubmatch(sc.Text()); m != nil {
				base = m[1] + "/"
				break
			}
		}
		if base == "" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: server did not start", round)
		}
		go io.Copy(io.Discard, stdout)

		stop := make(chan struct{})
		var wg sync.WaitGroup
		tr := &http.Transport{MaxIdleConnsPerHost: 64}
		client := &http.Client{Transport: tr, Timeout: 20 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		start := time.Now()
		for c := range 64 {
			wg.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					res.signup(client, base, fmt.Sprintf("r%d-c%d-%d@kill.example", round, c, i), c%2 == 0)
				}
			})
		}
		if restart != nil && round == 1 {
			time.Sleep(perRound / 2)
			restart()
			time.Sleep(perRound / 2)
		} else {
			time.Sleep(perRound)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		res.elapsed += time.Since(start)
		close(stop)
		wg.Wait()
		tr.CloseIdleConnections()
		res.mu.Lock()
		t.Logf("round %d: %d signups acknowledged so far, %d not", round, len(res.acked), res.errors)
		res.mu.Unlock()
	}
	return res
}

// signup sends one signup, as JSON without Accept or as a form asking for
// JSON, and sorts the answer.
func (r *killResult) signup(client *http.Client, base, email string, asJSON bool) {
	var req *http.Request
	if asJSON {
		req, _ = http.NewRequest("POST", base+"subscribe", strings.NewReader(`{"email":"`+email+`","consent":"yes"}`))
		req.Header.Set("Content-Type", "application/json")
	} else {
		req, _ = http.NewRequest("POST", base+"subscribe", strings.NewReader(url.Values{"email": {email}, "consent": {"yes"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
	}
	start := time.Now()
	resp, err := client.Do(req)
	took := time.Since(start)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.errors++ // refused or cut off by the kill: no answer, no claim
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		r.errors++
		return
	}
	var a struct {
		OK     *bool  `json:"ok"`
		Status string `json:"status"`
	}
	isJSON := strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && json.Unmarshal(body, &a) == nil && a.OK != nil
	switch {
	case !isJSON:
		// A script must get JSON; a redirect or page in its place hides
		// the outcome, and any that is not an error claims a success.
		if resp.StatusCode < 400 {
			r.falseOK = append(r.falseOK, fmt.Sprintf("%s: %d %s %q", email, resp.StatusCode, resp.Header.Get("Location"), body))
		} else {
			r.errors++
			r.codes[resp.StatusCode]++
		}
	case *a.OK && resp.StatusCode == 200:
		r.acked = append(r.acked, email)
		r.latencies = append(r.latencies, took)
	case *a.OK || resp.StatusCode < 400:
		r.falseOK = append(r.falseOK, fmt.Sprintf("%s: %d %s", email, resp.StatusCode, body))
	default:
		r.errors++
		r.codes[resp.StatusCode]++
	}
}

// check wants every acknowledged signup stored and no false success, and
// reports the figures.
func (r *killResult) check(t *testing.T, s newsletter.Store) {
	stored := map[string]bool{}
	if err := s.Each(context.Background(), newsletter.Filter{}, func(sub newsletter.Subscriber) error {
		stored[sub.Email] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(r.acked) == 0 {
		t.Fatal("no signup was acknowledged")
	}
	missing := 0
	for _, e := range r.acked {
		if !stored[e] {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged signup %s is not stored", e)
			}
		}
	}
	for i, f := range r.falseOK {
		if i < 5 {
			t.Errorf("false success: %s", f)
		}
	}
	slices.Sort(r.latencies)
	q := func(p float64) time.Duration {
		return r.latencies[int(p*float64(len(r.latencies)-1))].Round(10 * time.Microsecond)
	}
	t.Logf("64 clients, 3 SIGKILLs: %d signups acknowledged in %s = %.0f/s, p50 %s, p99 %s; %d errors (failed answers by status: %v); %d stored, %d acknowledged missing, %d false successes",
		len(r.acked), r.elapsed.Round(time.Millisecond), float64(len(r.acked))/r.elapsed.Seconds(), q(0.5), q(0.99),
		r.errors, r.codes, len(stored), missing, len(r.falseOK))
	if missing > 0 {
		t.Errorf("%d of %d acknowledged signups lost", missing, len(r.acked))
	}
	if len(r.falseOK) > 0 {
		t.Errorf("%d false successes", len(r.falseOK))
	}
}
