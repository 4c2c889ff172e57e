package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/sqlite"
)

// BenchmarkSubscribe measures durable commits of batches of signups; the
// per-signup cost falls with the batch size because the disk sync is shared.
func BenchmarkSubscribe(b *testing.B) {
	for _, size := range []int{1, 16, 64, 256} {
		b.Run(fmt.Sprintf("batch%d", size), func(b *testing.B) {
			s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			batch := make([]newsletter.Signup, size)
			n := 0
			for b.Loop() {
				for i := range batch {
					n++
					batch[i] = newsletter.Signup{Subscriber: newsletter.Subscriber{Email: fmt.Sprintf("b%d@example.com", n), Consent: "yes", Source: "/posts/x/"}, At: time.Now()}
				}
				if _, err := s.Subscribe(context.Background(), batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "signups/s")
		})
	}
}
