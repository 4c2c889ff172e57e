package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kopij/kopij/newsletter"
)

// TestImportCutOff leaves staged rows behind as a killed import would and
// checks that the next import waits while it may still run, then removes
// them instead of counting their addresses as stored.
func TestImportCutOff(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	subs := make([]newsletter.Subscriber, 50)
	for i := range subs {
		subs[i] = newsletter.Subscriber{Email: fmt.Sprintf("cut%d@example.com", i), Status: newsletter.StatusConfirmed, CreatedAt: time.Now()}
	}
	w, err := s.importWriter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := w.begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var st newsletter.ImportStats
	// A stage holds the write lock for at most StageHold, so on a loaded
	// machine the 30 take several, as in a real import.
	for staged := 0; staged < 30; {
		n, _, err := w.stage(ctx, id, subs[staged:30], &st)
		if err != nil || n == 0 {
			t.Fatalf("stage after %d: %d staged, %v", staged, n, err)
		}
		staged += n
	}
	w.close()
	// The process is killed here: no publish, no discard.
	if _, err := s.Import(ctx, newsletter.FromSlice(subs), false); !errors.Is(err, newsletter.ErrImportRunning) {
		t.Fatalf("import while the other may still run = %v, want ErrImportRunning", err)
	}
	if _, err := s.db.Exec(`UPDATE imports SET alive_at = ? WHERE id = ?`, time.Now().Add(-staleImport-time.Second).UnixMicro(), id); err != nil {
		t.Fatal(err)
	}
	got, err := s.Import(ctx, newsletter.FromSlice(subs), false)
	if err != nil || got != (newsletter.ImportStats{Added: 50}) {
		t.Fatalf("import after the cut-off one = %+v, %v; want all 50 added", got, err)
	}
	var imports, events int
	s.db.QueryRow(`SELECT count(*) FROM imports`).Scan(&imports)
	s.db.QueryRow(`SELECT count(*) FROM events`).Scan(&events)
	if imports != 1 || events != 50 {
		t.Errorf("%d imports and %d events left, want 1 and 50", imports, events)
	}
	// The cut-off import cannot come back and publish what it no longer has.
	w, err = s.importWriter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	if _, err := w.tx(ctx, func(tx *sql.Tx) error { return publish(ctx, tx, id) }); !errors.Is(err, errImportLost) {
		t.Errorf("publish of the removed import = %v, want errImportLost", err)
	}
}
