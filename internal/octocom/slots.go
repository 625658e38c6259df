package octocom

import (
	"container/heap"
	"context"
	"sync"

	"github.com/octosync/octosync/internal/provider"
)

// slots bounds a Client's requests in flight (Options.Parallelism). A
// request that finds every slot taken waits; a slot set free goes to a
// list's first page before any later page, then to the waiting request of
// the lowest provider.OrderOf, the one that came first among equals.
//
// A first page is what tells how many pages a list has: sent early, it
// turns into later pages that keep every slot busy to the end, where a
// list started last would leave its pages for rounds of their own.
// live.Fetch orders its lists by business, so a business's pages are not
// held up behind the next one's and the businesses finish one after
// another; requests without an order go first.
type slots struct {
	n int

	mu      sync.Mutex
	used    int
	waiting waiters
	seq     uint64
}

func newSlots(n int) *slots { return &slots{n: n} }

// acquire takes a slot, waiting for one when none is free; ctx ends the
// wait (its error is returned, and no slot is held).
func (s *slots) acquire(ctx context.Context, laterPage bool) error {
	s.mu.Lock()
	if s.used < s.n {
		s.used++
		s.mu.Unlock()
		return nil
	}
	w := &waiter{laterPage: laterPage, order: provider.OrderOf(ctx), seq: s.seq, ready: make(chan struct{})}
	s.seq++
	heap.Push(&s.waiting, w)
	s.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		granted := w.index < 0
		if !granted {
			heap.Remove(&s.waiting, w.index)
		}
		s.mu.Unlock()
		if granted {
			s.release() // handed over as ctx ended: pass it on
		}
		return ctx.Err()
	}
}

// release frees a slot: it goes straight to the first waiting request.
func (s *slots) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.waiting) > 0 {
		w := heap.Pop(&s.waiting).(*waiter)
		close(w.ready)
		return
	}
	s.used--
}

// waiter is a request waiting for a slot; index is its place in the heap,
// -1 once it was given one.
type waiter struct {
	laterPage bool
	order     int
	seq       uint64
	ready     chan struct{}
	index     int
}

// waiters is a heap of waiters: first pages before later pages, then
// lowest order first, then first come.
type waiters []*waiter

func (h waiters) Len() int { return len(h) }
func (h waiters) Less(i, j int) bool {
	if h[i].laterPage != h[j].laterPage {
		return !h[i].laterPage
	}
	if h[i].order != h[j].order {
		return h[i].order < h[j].order
	}
	return h[i].seq < h[j].seq
}
func (h waiters) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *waiters) Push(x any) {
	w := x.(*waiter)
	w.index = len(*h)
	*h = append(*h, w)
}
func (h *waiters) Pop() any {
	old := *h
	w := old[len(old)-1]
	old[len(old)-1] = nil
	w.index = -1
	*h = old[:len(old)-1]
	return w
}
