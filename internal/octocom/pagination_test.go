package octocom

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// shiftingList serves a list of bot rules by id order, pageSize per page,
// and calls change after answering each request for page 1: somebody
// editing while the client reads the other pages.
type shiftingList struct {
	mu       sync.Mutex
	ids      []string
	pageSize int
	change   func(ids []string) []string
	reads    int
}

func (l *shiftingList) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reads++
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	lo := min((n-1)*l.pageSize, len(l.ids))
	hi := min(lo+l.pageSize, len(l.ids))
	data := []map[string]any{}
	for _, id := range l.ids[lo:hi] {
		data = append(data, map[string]any{"id": id, "version": 1, "title": id, "content": "c", "enabled": true})
	}
	body, _ := json.Marshal(map[string]any{"data": data, "pagination": map[string]int{
		"page": n, "pageSize": l.pageSize, "totalItems": len(l.ids), "totalPages": (len(l.ids) + l.pageSize - 1) / l.pageSize}})
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
	if n == 1 && l.change != nil {
		l.ids = l.change(l.ids)
		slices.Sort(l.ids)
	}
}

func listShifting(t *testing.T, l *shiftingList) ([]string, error) {
	t.Helper()
	srv := httptest.NewServer(l)
	t.Cleanup(srv.Close)
	// Parallelism 1: the pages after the first are read in order.
	c, err := New(Options{BaseURL: srv.URL + "/rest/v1", APIKey: testKey, Parallelism: 1})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.List(context.Background(), "demo", resource.KindBotRule, provider.ListOptions{})
	var ids []string
	for _, r := range got {
		ids = append(ids, r.ID)
	}
	return ids, err
}

// A restore (an item reappearing before the page boundary) and a delete
// (after it) between two page reads keep totalItems: the item at the
// boundary shifts onto the next page and is read twice, while the restored
// one is missed. The duplicate gives it away: the list is read again.
func TestListShiftWithSameCountIsReadAgain(t *testing.T) {
	changed := false
	l := &shiftingList{pageSize: 2, ids: []string{"a", "c", "d", "e", "f", "g"}, change: func(ids []string) []string {
		if changed {
			return ids
		}
		changed = true
		return append(slices.DeleteFunc(ids, func(id string) bool { return id == "g" }), "b")
	}}
	ids, err := listShifting(t, l)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids, ","); got != "a,b,c,d,e,f" || l.reads != 6 {
		t.Fatalf("ids = %s after %d requests, want a,b,c,d,e,f after 6 (a second reading)", got, l.reads)
	}
}

// A list that keeps shifting the same way fails after listAttempts readings
// instead of returning a duplicate.
func TestListShiftingEveryTimeFails(t *testing.T) {
	next := 0
	l := &shiftingList{pageSize: 2, ids: []string{"m1", "m2", "m3", "m4", "m5"}, change: func(ids []string) []string {
		next++
		return append(ids[:len(ids)-1], fmt.Sprintf("a%d", 100-next)) // one in front, the last one gone
	}}
	ids, err := listShifting(t, l)
	want := fmt.Sprintf("the list changed while it was read, %d times in a row", listAttempts)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("ids = %v, err = %v; want %q", ids, err, want)
	}
	if l.reads != 3*listAttempts {
		t.Fatalf("%d requests, want %d", l.reads, 3*listAttempts)
	}
}

// The items must add up to totalItems, also on a single page.
func TestListShortOfTotalItemsIsReadAgain(t *testing.T) {
	c, s, _, _ := scripted(t, Options{Parallelism: 1},
		page(1, 3, 2, "a"), page(2, 3, 2, "b"), // a third item announced but on no page
		page(1, 2, 2, "a"), page(2, 2, 2, "b"))
	got, err := c.List(context.Background(), "demo", resource.KindBotRule, provider.ListOptions{})
	if err != nil || len(got) != 2 || s.count() != 4 {
		t.Fatalf("List = %d items, %v after %d requests; want 2 after 4", len(got), err, s.count())
	}
}
