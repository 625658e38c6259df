package sandbox_test

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

// TestConcurrentWrites runs optimistic-concurrency writers against one
// resource and creators side by side (run it with -race): no update is lost,
// no ID is handed out twice, and the data file holds it all.
func TestConcurrentWrites(t *testing.T) {
	data := filepath.Join(t.TempDir(), "sandbox.json")
	sb, c := newTestServer(t, sandbox.Options{DataFile: data, FailRate: 0})
	a := c.create("articles", article("A"))
	path := "/businesses/demo/articles/" + a.ID
	const writers, updates = 6, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*2)
	for w := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < updates; {
				cur, err := c.try("GET", path, nil)
				if err != nil {
					errs <- err
					return
				}
				resp, err := c.try("PUT", path, article(fmt.Sprint(w, "-", i)), "If-Match", cur.header.Get("ETag"))
				if err != nil {
					errs <- err
					return
				}
				switch resp.status {
				case http.StatusOK:
					i++
				case http.StatusPreconditionFailed:
				default:
					errs <- fmt.Errorf("PUT: %d %s", resp.status, resp.body)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := range updates {
				resp, err := c.try("POST", "/businesses/demo/bot-rules", map[string]any{"title": fmt.Sprint(w, i), "content": "c", "enabled": false})
				if err != nil || resp.status != http.StatusCreated {
					errs <- fmt.Errorf("POST: %v %v", err, resp)
					return
				}
				c.try("GET", "/businesses/demo/bot-rules?page=1", nil)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got := decode[resource](t, c.do("GET", path, nil))
	if got.Version != 1+writers*updates {
		t.Errorf("version %d, want %d: updates were lost", got.Version, 1+writers*updates)
	}
	st := sb.State()
	seen := map[string]bool{}
	for _, r := range st.Organizations[0].Businesses[0].BotRules {
		if seen[r.ID] {
			t.Errorf("ID %s handed out twice", r.ID)
		}
		seen[r.ID] = true
	}
	if len(seen) != writers*updates {
		t.Errorf("%d bot rules, want %d", len(seen), writers*updates)
	}
	if err := sb.Close(); err != nil { // hand the data file over
		t.Fatal(err)
	}
	reloaded, err := sandbox.New(sandbox.Options{DataFile: data})
	if err != nil {
		t.Fatal(err)
	}
	defer reloaded.Close()
	if stateJSON(t, reloaded) != stateJSON(t, sb) {
		t.Error("the data file lags behind acknowledged writes")
	}
	if n := strings.Count(stateJSON(t, sb), `"changeType":"update"`); n != writers*updates {
		t.Errorf("%d update versions, want %d", n, writers*updates)
	}
}
