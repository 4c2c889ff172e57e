package newsletter

import (
	"context"
	"iter"
	"time"
)

// Batch sizes of StageImport, in subscribers, and the time one batch
// should hold the database.
const (
	stageFirst  = 500
	stageMin    = 100
	stageMax    = 20_000
	stageTarget = 100 * time.Millisecond
)

// StageImport is the batching both stores' Import share. It reads subs,
// cleans each with Sanitize, and hands them to stage in batches, each of
// which the store writes in one short transaction. Batch sizes follow how
// long stage takes, so one holds the database for about 100 ms. With pause
// it waits as long again, at least 110 ms, before each next batch:
// SQLite lets one writer in at a time and a waiting writer retries every
// 100 ms at most, so a signup waiting on the lock gets its turn between
// two batches. It stops at the first error of subs, stage or ctx.
func StageImport(ctx context.Context, subs iter.Seq2[Subscriber, error], pause bool, stage func([]Subscriber) error) error {
	size := stageFirst
	batch := make([]Subscriber, 0, size)
	flush := func(last bool) error {
		if len(batch) == 0 {
			return nil
		}
		start := time.Now()
		if err := stage(batch); err != nil {
			return err
		}
		took := time.Since(start)
		next := int(float64(size) * float64(stageTarget) / float64(max(took, time.Millisecond)))
		size = min(stageMax, max(stageMin, size/2, min(next, 2*size)))
		batch = batch[:0]
		if !pause || last {
			return ctx.Err()
		}
		t := time.NewTimer(max(took, 110*time.Millisecond))
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			return nil
		}
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
