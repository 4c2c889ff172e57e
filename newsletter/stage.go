package newsletter

import (
	"context"
	"iter"
	"time"
)

// Batch sizes of StageImport, in subscribers, and the time one batch
// should hold the database.
const (
	stageFirst = 500
	stageMin   = 100
	stageMax   = 20_000
	// StageHold is how long one batch of an import may hold the database.
	StageHold = 50 * time.Millisecond
)

// StageImport is the batching both stores' Import share. It reads subs,
// cleans each with Sanitize, and hands them to stage in batches. stage
// writes a batch, or as much of it as fits in StageHold but at least one
// row, in one short transaction, and returns how many rows it wrote and
// how long it held the database; the rest goes into the next batch. Batch
// sizes follow the rows written per StageHold. After each batch but the
// last StageImport waits twice as long as the batch held the database, and
// at least minPause, so that signups commit while the import's writes do
// not queue before theirs on the disk; SQLite, which lets one writer in at
// a time and whose waiting writers retry every 100 ms at most, needs a
// minPause above that. A negative minPause means no wait (a dry run). It
// stops at the first error of subs, stage or ctx.
func StageImport(ctx context.Context, subs iter.Seq2[Subscriber, error], minPause time.Duration, stage func([]Subscriber) (int, time.Duration, error)) error {
	size := stageFirst
	batch := make([]Subscriber, 0, stageMax)
	// flush writes one batch; with all, it goes on until every row is.
	flush := func(all bool) error {
		for len(batch) > 0 {
			n, took, err := stage(batch)
			if err != nil {
				return err
			}
			n = max(1, min(n, len(batch)))
			batch = append(batch[:0], batch[n:]...)
			next := int(float64(n) * float64(StageHold) / float64(max(took, time.Millisecond)))
			size = min(stageMax, max(stageMin, size/2, min(next, 2*size)))
			if last := all && len(batch) == 0; minPause >= 0 && !last {
				if err := wait(ctx, max(2*took, minPause)); err != nil {
					return err
				}
			}
			if !all {
				break
			}
		}
		return ctx.Err()
	}
	for s, err := range subs {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		batch = append(batch, Sanitize(s))
		if len(batch) >= size {
			if err := flush(false); err != nil {
				return err
			}
		}
	}
	return flush(true)
}

func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// FromSlice yields subs, for Store.Import.
func FromSlice(subs []Subscriber) iter.Seq2[Subscriber, error] {
	return func(yield func(Subscriber, error) bool) {
		for _, s := range subs {
			if !yield(s, nil) {
				return
			}
		}
	}
}
