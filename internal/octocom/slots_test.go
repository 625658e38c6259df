package octocom

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// TestSlotsServeTheLowestOrderFirst: with every slot taken, a slot set
// free goes to the waiting request of the lowest provider.OrderOf (no
// order first), first come first served among equals; a request whose
// context ends stops waiting and takes no slot.
func TestSlotsServeTheLowestOrderFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSlots(1)
		if err := s.acquire(context.Background(), false); err != nil {
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
				if err := s.acquire(ctx, false); err != nil {
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

// TestSlotsServeFirstPagesFirst: a list's first page, which tells how
// many pages follow, gets a free slot before any later page, whatever
// their orders; later pages then go by order.
func TestSlotsServeFirstPagesFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSlots(1)
		if err := s.acquire(context.Background(), false); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var got []string
		var wg sync.WaitGroup
		for _, w := range []struct {
			name      string
			order     int
			laterPage bool
		}{
			{"b1 page 2", 1, true}, {"b3 page 1", 3, false}, {"b2 page 2", 2, true}, {"b2 page 1", 2, false}, {"b1 page 3", 1, true},
		} {
			wg.Go(func() {
				if err := s.acquire(provider.WithOrder(context.Background(), w.order), w.laterPage); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				got = append(got, w.name)
				mu.Unlock()
				s.release()
			})
			synctest.Wait()
		}
		s.release()
		wg.Wait()
		want := "b2 page 1, b3 page 1, b1 page 2, b1 page 3, b2 page 2"
		if g := strings.Join(got, ", "); g != want {
			t.Fatalf("served %s, want %s", g, want)
		}
	})
}

// TestAListsFirstPageGoesBeforeAnotherListsLaterPages: with one slot free
// of two, the first page of the second business's list, asked for while
// the first business's list has a later page waiting, is sent before it:
// its first page may announce pages of its own.
func TestAListsFirstPageGoesBeforeAnotherListsLaterPages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var served []string
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			business := strings.Split(r.URL.Path, "/")[4] // /rest/v1/businesses/B/bot-rules
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			pages := map[string]int{"x": 3, "y": 1, "z": 1}[business]
			mu.Lock()
			served = append(served, fmt.Sprintf("%s%d", business, page))
			mu.Unlock()
			if business == "z" {
				time.Sleep(time.Second) // holds one of the two slots throughout
			}
			time.Sleep(50 * time.Millisecond)
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"data":[{"id":"%s%d","version":1,"title":"%s%d","content":"c","enabled":true}],"pagination":{"page":%d,"pageSize":1,"totalItems":%d,"totalPages":%d}}`,
				business, page, business, page, page, pages, pages)
		})
		hc, stop := serveMem(t, h)
		defer stop()
		c, err := New(Options{BaseURL: memBaseURL, APIKey: testKey, HTTPClient: hc, Parallelism: 2})
		if err != nil {
			t.Fatal(err)
		}
		list := func(order int, business string) {
			if _, err := c.List(provider.WithOrder(context.Background(), order), business, resource.KindBotRule, provider.ListOptions{}); err != nil {
				t.Error(err)
			}
		}
		var wg sync.WaitGroup
		wg.Go(func() { list(0, "z") })
		synctest.Wait()
		wg.Go(func() { list(1, "x") }) // x1 at 0 ms, a later page at 50 ms, the other waits
		wg.Go(func() {
			time.Sleep(60 * time.Millisecond) // y1 waits too
			list(2, "y")
		})
		wg.Wait()
		if got := strings.Join(served, " "); got != "z1 x1 x2 y1 x3" && got != "z1 x1 x3 y1 x2" {
			t.Errorf("served %s, want y1 before x's last page", got)
		}
	})
}
