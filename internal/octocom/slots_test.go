package octocom

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/octosync/octosync/internal/provider"
)

// TestSlotsServeTheLowestOrderFirst: with every slot taken, a slot set
// free goes to the waiting request of the lowest provider.OrderOf (no
// order first), first come first served among equals; a request whose
// context ends stops waiting and takes no slot.
func TestSlotsServeTheLowestOrderFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSlots(1)
		if err := s.acquire(context.Background()); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var got []string
		var wg sync.WaitGroup
		canceled, cancel := context.WithCancel(provider.WithOrder(context.Background(), 1))
		for _, w := range []struct {
			name  string
			ctx   context.Context
			order int
		}{
			{"third", nil, 3}, {"first-a", nil, 1}, {"none", nil, 0}, {"gone", canceled, 0}, {"first-b", nil, 1}, {"second", nil, 2},
		} {
			ctx := w.ctx
			if ctx == nil {
				ctx = context.Background()
				if w.order > 0 {
					ctx = provider.WithOrder(ctx, w.order)
				}
			}
			wg.Go(func() {
				if err := s.acquire(ctx); err != nil {
					mu.Lock()
					got = append(got, w.name+" gave up")
					mu.Unlock()
					return
				}
				mu.Lock()
				got = append(got, w.name)
				mu.Unlock()
				s.release()
			})
			synctest.Wait() // queued before the next one comes
		}
		cancel()
		synctest.Wait()
		s.release()
		wg.Wait()
		want := []string{"gone gave up", "none", "first-a", "first-b", "second", "third"}
		if len(got) != len(want) {
			t.Fatalf("order %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("order %v, want %v", got, want)
			}
		}
		if s.used != 0 || len(s.waiting) != 0 {
			t.Errorf("%d slots used and %d waiting at the end, want none", s.used, len(s.waiting))
		}
	})
}
