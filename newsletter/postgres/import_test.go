package postgres

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/storetest"
)

// TestImportCutOff leaves staged rows behind as a killed import would and
// checks that the next import waits while it may still run, then removes
// them instead of counting their addresses as stored.
func TestImportCutOff(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, storetest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	subs := make([]newsletter.Subscriber, 50)
	for i := range subs {
		subs[i] = newsletter.Subscriber{Email: fmt.Sprintf("cut%d@example.com", i), Status: newsletter.StatusConfirmed, CreatedAt: time.Now()}
	}
	id, _, err := s.beginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var st newsletter.ImportStats
	if err := s.stageAll(ctx, id, newsletter.FromSlice(subs[:30]), &st); err != nil {
		t.Fatal(err)
	}
	// The process is killed here: no publish, no discard.
	if _, err := s.Import(ctx, newsletter.FromSlice(subs), false); !errors.Is(err, newsletter.ErrImportRunning) {
		t.Fatalf("import while the other may still run = %v, want ErrImportRunning", err)
	}
	if _, err := s.pool.Exec(ctx, `UPDATE imports SET alive_at = now() - make_interval(secs => $1) WHERE id = $2`, staleImport.Seconds()+1, id); err != nil {
		t.Fatal(err)
	}
	got, err := s.Import(ctx, newsletter.FromSlice(subs), false)
	if err != nil || got != (newsletter.ImportStats{Added: 50}) {
		t.Fatalf("import after the cut-off one = %+v, %v; want all 50 added", got, err)
	}
	var imports, events int
	s.pool.QueryRow(ctx, `SELECT count(*) FROM imports`).Scan(&imports)
	s.pool.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&events)
	if imports != 1 || events != 50 {
		t.Errorf("%d imports and %d events left, want 1 and 50", imports, events)
	}
	if err := s.publish(ctx, id); !errors.Is(err, errImportLost) {
		t.Errorf("publish of the removed import = %v, want errImportLost", err)
	}
}
