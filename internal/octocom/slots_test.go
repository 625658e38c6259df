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

// queued is a request of a slots test, queued after the ones before it.
type queued struct {
	name      string
	ctx       context.Context // nil: a background context with order
	order     int
	laterPage bool
}

// serveQueued, inside a synctest bubble, takes the only slot of s, queues
// each of qs in turn, calls between, frees the slot and returns the order
// the requests were served in ("NAME gave up" for one whose context
// ended). Each request frees its slot at once.
func serveQueued(s *slots, qs []queued, between func()) []string {
	if err := s.acquire(context.Background(), false); err != nil {
		return []string{err.Error()}
	}
	var mu sync.Mutex
	var got []string
	var wg sync.WaitGroup
	for _, q := range qs {
		ctx := q.ctx
		if ctx == nil {
			ctx = context.Background()
			if q.order > 0 {
				ctx = provider.WithOrder(ctx, q.order)
			}
		}
		wg.Go(func() {
			err := s.acquire(ctx, q.laterPage)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				got = append(got, q.name+" gave up")
				return
			}
			got = append(got, q.name)
			s.release()
		})
		synctest.Wait() // queued before the next one comes
	}
	between()
	s.release()
	wg.Wait()
	return got
}

// TestSlotsServeTheLowestOrderFirst: with every slot taken, a slot set
// free goes to the waiting request of the lowest provider.OrderOf (no
// order first), first come first served among equals; a request whose
// context ends stops waiting and takes no slot.
func TestSlotsServeTheLowestOrderFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSlots(1)
		canceled, cancel := context.WithCancel(provider.WithOrder(context.Background(), 1))
		got := serveQueued(s, []queued{
			{name: "third", order: 3}, {name: "first-a", order: 1}, {name: "none"}, {name: "gone", ctx: canceled},
			{name: "first-b", order: 1}, {name: "second", order: 2},
		}, func() {
			cancel()
			synctest.Wait()
		})
		want := "gone gave up, none, first-a, first-b, second, third"
		if g := strings.Join(got, ", "); g != want {
			t.Fatalf("served %s, want %s", g, want)
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
		got := serveQueued(newSlots(1), []queued{
			{name: "b1 page 2", order: 1, laterPage: true}, {name: "b3 page 1", order: 3}, {name: "b2 page 2", order: 2, laterPage: true},
			{name: "b2 page 1", order: 2}, {name: "b1 page 3", order: 1, laterPage: true},
		}, func() {})
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
