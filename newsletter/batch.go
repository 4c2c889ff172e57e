package newsletter

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// errClosed is returned for signups queued after the handler was closed.
var errClosed = errors.New("signup queue closed")

// batcher commits concurrent signups in groups. Each writer takes the first
// waiting signup, then everything else already queued (up to max), and
// stores them in one transaction. Under load the queue fills while a commit
// runs, so one disk sync serves many requests; when idle a signup is
// committed alone without waiting.
type batcher struct {
	store Store
	max   int
	queue chan *pending
	done  chan struct{}
	wg    sync.WaitGroup

	// mu guards closed; senders hold it shared so close waits for them and
	// nothing is queued after the writers have drained the queue.
	mu     sync.RWMutex
	closed bool
}

type pending struct {
	ctx    context.Context
	signup Signup
	result Result
	err    error
	ready  chan struct{}
}

func newBatcher(store Store, writers, max int) *batcher {
	b := &batcher{store: store, max: max, queue: make(chan *pending, 4*max), done: make(chan struct{})}
	for range writers {
		b.wg.Add(1)
		go b.loop()
	}
	return b
}

// do queues s and waits until it is committed or ctx ends.
func (b *batcher) do(ctx context.Context, s Signup) (Result, error) {
	p := &pending{ctx: ctx, signup: s, ready: make(chan struct{})}
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return Result{}, errClosed
	}
	select {
	case b.queue <- p:
		b.mu.RUnlock()
	case <-ctx.Done():
		b.mu.RUnlock()
		return Result{}, ctx.Err()
	}
	// Once queued, wait for the commit even if ctx ends: the answer must
	// match what was stored.
	<-p.ready
	return p.result, p.err
}

func (b *batcher) loop() {
	defer b.wg.Done()
	batch := make([]*pending, 0, b.max)
	for {
		batch = batch[:0]
		select {
		case p := <-b.queue:
			batch = append(batch, p)
		case <-b.done:
			b.drain()
			return
		}
	fill:
		for len(batch) < b.max {
			select {
			case p := <-b.queue:
				batch = append(batch, p)
			default:
				break fill
			}
		}
		b.commit(batch)
	}
}

// drain commits what was queued before close, so no caller waits forever.
func (b *batcher) drain() {
	for {
		select {
		case p := <-b.queue:
			b.commit([]*pending{p})
		default:
			return
		}
	}
}

func (b *batcher) commit(batch []*pending) {
	signups := make([]Signup, len(batch))
	for i, p := range batch {
		signups[i] = p.signup
	}
	// The store call outlives any one request: a request that gave up must
	// not roll back the others.
	results, err := b.store.Subscribe(context.WithoutCancel(batch[0].ctx), signups)
	if err == nil && len(results) != len(batch) {
		err = fmt.Errorf("store gave %d results for %d signups", len(results), len(batch))
	}
	for i, p := range batch {
		if err != nil {
			p.err = err
		} else {
			p.result = results[i]
		}
		close(p.ready)
	}
}

// close stops the writers after the queued signups are committed.
func (b *batcher) close() {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.done)
	}
	b.mu.Unlock()
	b.wg.Wait()
}
