package newsletter_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/mailsink"
	"github.com/kopij/kopij/newsletter/postgres"
	"github.com/kopij/kopij/newsletter/sqlite"
	"github.com/kopij/kopij/newsletter/storetest"
)

// BenchmarkSend mails one post to every subscriber through a local SMTP
// sink with 4 connections and reports messages per second and the peak
// heap, for 10,000 and 100,000 subscribers. Run it once per size:
//
//	go test ./newsletter -run '^$' -bench Send -benchtime 1x
func BenchmarkSend(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("sqlite/%dk", n/1000), func(b *testing.B) {
			s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "s.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			benchSend(b, s, n)
		})
	}
	if os.Getenv("KOPIJ_TEST_POSTGRES") != "" {
		b.Run("postgres/10k", func(b *testing.B) {
			s, err := postgres.Open(context.Background(), storetest.PostgresDSN(b))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			benchSend(b, s, 10000)
		})
	}
}

func benchSend(b *testing.B, s0 sendStore, n int) {
	ctx := context.Background()
	s := &timedStore{sendStore: s0}
	for i := 0; i < n; i += 1000 {
		var sus []newsletter.Signup
		for j := i; j < min(i+1000, n); j++ {
			sus = append(sus, newsletter.Signup{Subscriber: newsletter.Subscriber{Email: fmt.Sprintf("b%06d@example.com", j)}, At: time.Now()})
		}
		if _, err := s.Subscribe(ctx, sus); err != nil {
			b.Fatal(err)
		}
	}
	sink := mailsink.Start(b, mailsink.Options{NoTally: true})
	site := os.DirFS("testdata/send")
	feed, err := newsletter.ReadFeed(site)
	if err != nil {
		b.Fatal(err)
	}
	r, _ := newsletter.NewRenderer()
	c, err := newsletter.NewComposer("Blog <blog@blog.example>", "https://blog.example/_newsletter/", newsletter.Signer{Key: sendSecret}, feed)
	if err != nil {
		b.Fatal(err)
	}
	s.MarkPosts(ctx, nil, time.Now())
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		post := feed.Posts[1]
		post.ID = fmt.Sprintf("/bench/%d/", i)
		q, err := newsletter.Queue(ctx, s, r, feed, newsletter.Plan{New: []newsletter.Post{post}}, newsletter.QueueOptions{Now: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		reports, err := newsletter.NewSender(s, newsletter.SMTPServer{Host: "127.0.0.1", Port: sink.Port}, c, newsletter.SendOptions{Connections: 4}).Send(ctx, q.Mailings...)
		if err != nil || reports[0].Progress.Sent != n {
			b.Fatalf("send: %v, %+v", err, reports)
		}
	}
	took := time.Since(start)
	b.StopTimer()
	close(stop)
	wg.Wait()
	if sink.Total() != n*b.N {
		b.Fatalf("the sink got %d of %d", sink.Total(), n*b.N)
	}
	b.ReportMetric(float64(n*b.N)/took.Seconds(), "msgs/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
	if k := s.exchanges.Load(); k > 0 {
		b.ReportMetric(float64(s.spent.Load())/float64(k)/1e6, "ms/exchange")
		b.ReportMetric(float64(n*b.N)/float64(k), "msgs/exchange")
	}
}

// timedStore times the outbox transactions of a send: each records
// answers and claims messages, and its commit (a disk sync) sets the pace.
type timedStore struct {
	sendStore
	exchanges, spent atomic.Int64
}

func (t *timedStore) Exchange(ctx context.Context, sender string, res []newsletter.Answer, m int64, n int, now time.Time) ([]newsletter.Delivery, error) {
	start := time.Now()
	ds, err := t.sendStore.Exchange(ctx, sender, res, m, n, now)
	t.spent.Add(int64(time.Since(start)))
	t.exchanges.Add(1)
	return ds, err
}
