package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/postgres"
	"github.com/kopij/kopij/newsletter/sqlite"
	"github.com/kopij/kopij/newsletter/storetest"
)

// TestNewsletterSurvivesKill builds the real binary, runs kopij newsletter
// serve under 64 concurrent clients, kills it with SIGKILL, restarts it
// and checks that every signup that got a success answer is stored. Runs
// with KOPIJ_LOADTEST=1; KOPIJ_LOADTEST_DURATION sets the load per round.
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
		acked := killRounds(t, bin, db, perRound)
		s, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		checkAcked(t, s, acked)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresDSN(t)
		acked := killRounds(t, bin, dsn, perRound)
		s, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		checkAcked(t, s, acked)
	})
}

// killRounds runs three rounds of load-then-SIGKILL against db and returns
// the addresses that got a success answer.
func killRounds(t *testing.T, bin, db string, perRound time.Duration) []string {
	site := t.TempDir()
	var ackedMu sync.Mutex
	var acked []string
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

		var stop atomic.Bool
		var ok, failed atomic.Int64
		var wg sync.WaitGroup
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 10 * time.Second}
		for c := range 64 {
			wg.Go(func() {
				for i := 0; !stop.Load(); i++ {
					email := fmt.Sprintf("r%d-c%d-%d@kill.example", round, c, i)
					req, _ := http.NewRequest("POST", base+"subscribe", strings.NewReader(url.Values{"email": {email}, "consent": {"yes"}}.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Accept", "application/json")
					resp, err := client.Do(req)
					if err != nil {
						failed.Add(1)
						continue
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode == 200 && strings.Contains(string(body), `"ok":true`) {
						ok.Add(1)
						ackedMu.Lock()
						acked = append(acked, email)
						ackedMu.Unlock()
					}
				}
			})
		}
		time.Sleep(perRound)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		stop.Store(true)
		wg.Wait()
		t.Logf("round %d: %d signups acknowledged before SIGKILL, %d requests cut off", round, ok.Load(), failed.Load())
	}
	return acked
}

func checkAcked(t *testing.T, s newsletter.Store, want []string) {
	stored := map[string]bool{}
	if err := s.Each(context.Background(), newsletter.Filter{}, func(sub newsletter.Subscriber) error {
		stored[sub.Email] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	missing := 0
	for _, e := range want {
		if !stored[e] {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged signup %s is not stored", e)
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("no signup was acknowledged")
	}
	t.Logf("%d acknowledged signups, %d stored, %d missing", len(want), len(stored), missing)
	if missing > 0 {
		t.Errorf("%d of %d acknowledged signups lost", missing, len(want))
	}
}
