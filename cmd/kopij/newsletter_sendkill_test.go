package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/mailsink"
	"github.com/kopij/kopij/newsletter/storetest"
)

// TestHelperKopij is kopij itself, run as a child process of the kill
// tests so that they can SIGKILL it: the test binary runs run() with the
// arguments in KOPIJ_HELPER_ARGS, one per line.
func TestHelperKopij(t *testing.T) {
	args := os.Getenv("KOPIJ_HELPER_ARGS")
	if args == "" {
		t.Skip("the kill tests run kopij through this test as a child process")
	}
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(exitCode(e, run(context.Background(), e, strings.Split(args, "\n"))))
}

// TestNewsletterSendSurvivesKill is the small variant, always on: 600
// subscribers, the sender killed three times.
func TestNewsletterSendSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	sendKillTest(t, filepath.Join(t.TempDir(), "s.db"), 600)
}

// TestNewsletterSendSurvivesKillLoad sends a post to 10,000 subscribers
// and SIGKILLs the sender three times mid-send, on SQLite and on
// PostgreSQL. Runs with KOPIJ_LOADTEST=1.
func TestNewsletterSendSurvivesKillLoad(t *testing.T) {
	if os.Getenv("KOPIJ_LOADTEST") != "1" {
		t.Skip("set KOPIJ_LOADTEST=1 to send to 10,000 subscribers and SIGKILL the sender three times")
	}
	t.Run("sqlite", func(t *testing.T) { sendKillTest(t, filepath.Join(t.TempDir(), "s.db"), 10000) })
	t.Run("postgres", func(t *testing.T) { sendKillTest(t, storetest.PostgresDSN(t), 10000) })
}

var inFlightLine = regexp.MustCompile(`(\d+) messages? (?:was|were) in flight`)

// sendKillTest queues a post for n subscribers (every 97th unsubscribed
// before, 25 more while the sender is down), kills the sender when 15%,
// 40% and 65% of the mail has arrived, and runs it again each time. Then
// every subscriber still on the list has the post, nobody unsubscribed
// got it, and the copies that arrived twice are at most the messages the
// runs reported in flight.
func sendKillTest(t *testing.T, db string, n int) {
	ctx := context.Background()
	sink := mailsink.Start(t, mailsink.Options{})
	dir := sendSite(t, sink, "")
	store, _, err := openStore(ctx, db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	emails := make([]string, n)
	var sus []newsletter.Signup
	for i := range emails {
		emails[i] = fmt.Sprintf("k%05d@example.com", i)
		sus = append(sus, newsletter.Signup{Subscriber: newsletter.Subscriber{Email: emails[i]}, At: time.Now()})
		if len(sus) == 500 || i == n-1 {
			if _, err := store.Subscribe(ctx, sus); err != nil {
				t.Fatal(err)
			}
			sus = sus[:0]
		}
	}
	gone := map[string]bool{}
	for i := 0; i < n; i += 97 {
		store.Unsubscribe(ctx, emails[i], time.Now())
		gone[emails[i]] = true
	}
	if code, _, errOut := runCLI(t, "newsletter", "send", "--src", dir, "--db", db, "--mark-sent"); code != 0 {
		t.Fatal(errOut)
	}
	addPost(t, dir, "kill", "Survives a kill", "en")

	requeued := 0
	for round, at := range []float64{0.15, 0.40, 0.65, -1} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperKopij$")
		cmd.Env = append(os.Environ(), "KOPIJ_SECRET=kill-test-secret-kill-test-secret",
			"KOPIJ_HELPER_ARGS="+strings.Join([]string{"newsletter", "send", "--src", dir, "--db", db}, "\n"))
		var out nlOutput
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if at < 0 {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("last run: %v\n%s", err, out.String())
			}
		} else {
			target := int(at * float64(n))
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			deadline := time.After(2 * time.Minute)
		wait:
			for sink.Total() < target {
				select {
				case err := <-exited:
					t.Fatalf("round %d: the sender ended before it was killed (%v):\n%s", round, err, out.String())
				case <-deadline:
					cmd.Process.Kill()
					t.Fatalf("round %d: %d of %d mails after 2 minutes", round, sink.Total(), target)
				case <-time.After(time.Millisecond):
					continue wait
				}
			}
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited
			t.Logf("round %d: SIGKILL with %d mails received", round, sink.Total())
		}
		for _, m := range inFlightLine.FindAllStringSubmatch(out.String(), -1) {
			k, _ := strconv.Atoi(m[1])
			requeued += k
			t.Logf("round %d: the sender found %d messages in flight and sent them again", round, k)
		}
		if round == 0 { // unsubscribe some who have not had the mail yet
			counts := sink.Counts()
			for i, left := n-1, 25; i >= 0 && left > 0; i-- {
				if a := emails[i]; !gone[a] && counts[a] == 0 {
					if err := store.Unsubscribe(ctx, a, time.Now()); err != nil {
						t.Fatal(err)
					}
					gone[a] = true
					left--
				}
			}
		}
	}
	counts := sink.Counts()
	missing, twice, unsubscribedMailed := 0, 0, 0
	for _, a := range emails {
		switch c := counts[a]; {
		case gone[a] && c > 0:
			unsubscribedMailed++
		case !gone[a] && c == 0:
			missing++
		case c > 1:
			twice += c - 1
		}
	}
	ob := store.(newsletter.Outbox)
	known, _ := ob.KnownPosts(ctx)
	var p newsletter.Progress
	for _, k := range known {
		if k.Mailing != 0 {
			p, _ = ob.Progress(ctx, k.Mailing)
		}
	}
	t.Logf("%d subscribers, %d unsubscribed: %d mails, %d missing, %d arrived twice (same Message-ID: %d), %d reported in flight, unsubscribed mailed %d; outbox %+v",
		n, len(gone), sink.Total(), missing, twice, sink.SameID(), requeued, unsubscribedMailed, p)
	if missing > 0 || unsubscribedMailed > 0 {
		t.Errorf("%d subscribers never got the post; %d unsubscribed got it", missing, unsubscribedMailed)
	}
	if twice > requeued || sink.SameID() != twice {
		t.Errorf("%d copies arrived twice, more than the %d reported in flight (or with new Message-IDs: %d)", twice, requeued, sink.SameID())
	}
	if p.Resent != requeued || p.Open() || p.Sent != n-len(gone) {
		t.Errorf("outbox %+v: want %d sent, %d resent", p, n-len(gone), requeued)
	}
}
