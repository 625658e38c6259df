package octocom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/version"
)

// These tests drive the retry rules with small scripted handlers.

// step is one scripted answer: a status with a body and headers, or a
// dropped connection.
type step struct {
	status int
	body   string
	header map[string]string
	drop   bool
}

var (
	ok200    = step{status: 200, body: `{"id":"art_1","version":2,"title":"T","content":"c","language":"en","tags":[],"enabled":true,"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","deletedAt":null}`}
	list200  = step{status: 200, body: `{"data":[],"pagination":{"page":1,"pageSize":50,"totalItems":0,"totalPages":0}}`}
	no204    = step{status: 204}
	drop     = step{drop: true}
	fail500  = apiStep(500, "internal_error", "boom")
	fail503  = apiStep(503, "unavailable", "down for maintenance")
	limit429 = step{status: 429, body: `{"error":{"code":"rate_limited","message":"slow down","details":[]}}`, header: map[string]string{"Retry-After": "1"}}
)

func apiStep(status int, code, msg string) step {
	return step{status: status, body: fmt.Sprintf(`{"error":{"code":%q,"message":%q,"details":[]}}`, code, msg)}
}

// script answers the n-th request with steps[n], repeating the last step,
// and records every request.
type script struct {
	mu    sync.Mutex
	steps []step
	reqs  []*http.Request
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	n := len(s.reqs)
	s.reqs = append(s.reqs, r)
	st := s.steps[min(n, len(s.steps)-1)]
	s.mu.Unlock()
	if st.drop {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		conn.Close()
		return
	}
	for k, v := range st.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(st.status)
	io.WriteString(w, st.body)
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// scripted starts a handler answering with steps and a client for it whose
// waits are recorded, not slept.
func scripted(t *testing.T, opts Options, steps ...step) (*Client, *script, *sleeps, *strings.Builder) {
	t.Helper()
	s := &script{steps: steps}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	sl := &sleeps{}
	log := &strings.Builder{}
	opts.BaseURL = srv.URL + "/rest/v1"
	if opts.APIKey == "" {
		opts.APIKey = testKey
	}
	opts.Sleep = sl.sleep
	opts.Verbose = &lockedWriter{w: log}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	c.limiter.now = sl.now
	return c, s, sl, log
}

// op is one client call of each method, by name.
var ops = map[string]func(*Client) error{
	"GET": func(c *Client) error {
		_, err := c.Get(context.Background(), "demo", resource.KindArticle, "art_1")
		return err
	},
	"PUT": func(c *Client) error {
		_, err := c.Update(context.Background(), "demo", "art_1", testArticle, nil, 1)
		return err
	},
	"DELETE": func(c *Client) error {
		return c.Delete(context.Background(), "demo", resource.KindArticle, "art_1", 1)
	},
	"POST": func(c *Client) error {
		_, err := c.Create(context.Background(), "demo", testArticle, provider.CreateOptions{IdempotencyKey: "k1"})
		return err
	},
	"restore": func(c *Client) error {
		_, err := c.Restore(context.Background(), "demo", resource.KindArticle, "art_1", 1, 0)
		return err
	},
}

func success(op string) step {
	if op == "DELETE" {
		return no204
	}
	return ok200
}

func TestRetryAfterIsHonoured(t *testing.T) {
	c, s, sl, _ := scripted(t, Options{}, limit429, list200)
	if _, err := c.Businesses(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.count() != 2 {
		t.Fatalf("%d requests, want 2", s.count())
	}
	if got := sl.total(); got != time.Second {
		t.Fatalf("waited %v (%v), want 1 s: Retry-After, not backoff on top", got, sl.ds)
	}
	if st := c.Stats(); st.RateLimited != 1 || st.Retries != 1 || st.Get != 2 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestRetriesWhatIsSafe(t *testing.T) {
	for _, op := range []string{"GET", "PUT", "DELETE"} {
		for name, fail := range map[string]step{"500": fail500, "503": fail503, "drop": drop, "429": limit429} {
			t.Run(op+" "+name, func(t *testing.T) {
				c, s, _, _ := scripted(t, Options{}, fail, success(op))
				if err := ops[op](c); err != nil {
					t.Fatalf("err = %v, want success after a retry", err)
				}
				if s.count() != 2 {
					t.Fatalf("%d requests, want 2", s.count())
				}
			})
		}
	}
}

func TestPostIsNotRetriedBlindly(t *testing.T) {
	for _, op := range []string{"POST", "restore"} {
		for name, fail := range map[string]step{"500": fail500, "503": fail503, "drop": drop} {
			t.Run(op+" "+name, func(t *testing.T) {
				c, s, _, _ := scripted(t, Options{}, fail, success(op))
				err := ops[op](c)
				if !errors.Is(err, provider.ErrOutcomeUnknown) {
					t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
				}
				if s.count() != 1 {
					t.Fatalf("%d requests, want exactly 1", s.count())
				}
				if !strings.Contains(err.Error(), "run plan") {
					t.Fatalf("err = %q lacks advice", err)
				}
			})
		}
		t.Run(op+" 429", func(t *testing.T) {
			c, s, _, _ := scripted(t, Options{}, limit429, success(op))
			if err := ops[op](c); err != nil {
				t.Fatalf("err = %v: a 429 was not processed, retrying it is safe", err)
			}
			if s.count() != 2 {
				t.Fatalf("%d requests, want 2", s.count())
			}
		})
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	tests := []struct {
		status int
		code   string
		is     error
	}{
		{400, "bad_request", provider.ErrValidation},
		{401, "unauthorized", provider.ErrUnauthorized},
		{404, "not_found", provider.ErrNotFound},
		{412, "version_conflict", provider.ErrConflict},
		{422, "validation_error", provider.ErrValidation},
	}
	for _, tt := range tests {
		for op := range ops {
			t.Run(fmt.Sprint(tt.status, " ", op), func(t *testing.T) {
				c, s, _, _ := scripted(t, Options{}, apiStep(tt.status, tt.code, "no"), success(op))
				err := ops[op](c)
				if !errors.Is(err, tt.is) || errors.Is(err, provider.ErrOutcomeUnknown) {
					t.Fatalf("err = %v, want %v only", err, tt.is)
				}
				if s.count() != 1 {
					t.Fatalf("%d requests, want 1", s.count())
				}
			})
		}
	}
}

func TestMaxAttempts(t *testing.T) {
	tests := []struct {
		op      string
		fail    step
		unknown bool // the error matches ErrOutcomeUnknown
		is      error
	}{
		{"GET", fail500, false, nil},
		{"GET", drop, false, nil},
		{"GET", limit429, false, provider.ErrRateLimited},
		{"PUT", fail500, true, nil},
		{"DELETE", drop, true, nil},
		{"POST", limit429, false, provider.ErrRateLimited},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			c, s, _, _ := scripted(t, Options{MaxAttempts: 3}, tt.fail)
			err := ops[tt.op](c)
			if err == nil {
				t.Fatal("no error from a server that always fails")
			}
			if s.count() != 3 {
				t.Fatalf("%d requests, want MaxAttempts = 3", s.count())
			}
			if errors.Is(err, provider.ErrOutcomeUnknown) != tt.unknown {
				t.Fatalf("err = %v; ErrOutcomeUnknown should be %v", err, tt.unknown)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
		})
	}
}

func TestRetryRefusedAfterLostWriteIsUnknown(t *testing.T) {
	for _, tt := range []struct {
		op   string
		then step
	}{
		{"PUT", apiStep(412, "version_conflict", "version is 2")},
		{"DELETE", apiStep(404, "not_found", "no such article")},
	} {
		t.Run(tt.op, func(t *testing.T) {
			c, s, _, _ := scripted(t, Options{}, drop, tt.then)
			err := ops[tt.op](c)
			if !errors.Is(err, provider.ErrOutcomeUnknown) || errors.Is(err, provider.ErrConflict) || errors.Is(err, provider.ErrNotFound) {
				t.Fatalf("err = %v, want ErrOutcomeUnknown only: the lost attempt may have succeeded", err)
			}
			if s.count() != 2 {
				t.Fatalf("%d requests, want 2", s.count())
			}
		})
	}
}

func TestBackoffIsJitteredAndGrows(t *testing.T) {
	c, _, sl, _ := scripted(t, Options{MaxAttempts: 5, Rand: func() float64 { return 0.5 }}, fail503)
	ops["GET"](c)
	want := []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}
	if fmt.Sprint(sl.ds) != fmt.Sprint(want) {
		t.Fatalf("waits = %v, want %v", sl.ds, want)
	}
}

func TestUnreachable(t *testing.T) {
	for _, op := range []string{"GET", "POST"} {
		t.Run(op, func(t *testing.T) {
			sl := &sleeps{}
			c, err := New(Options{BaseURL: "http://127.0.0.1:1/rest/v1", APIKey: testKey, Sleep: sl.sleep})
			if err != nil {
				t.Fatal(err)
			}
			err = ops[op](c)
			want := "cannot reach the Octocom API at http://127.0.0.1:1/rest/v1: connection refused; check --api-url or OCTOCOM_API_URL"
			if err == nil || err.Error() != want {
				t.Fatalf("err = %v\nwant  %s", err, want)
			}
			if errors.Is(err, provider.ErrOutcomeUnknown) {
				t.Fatal("a request that never left is not of unknown outcome")
			}
			if st := c.Stats(); st.Requests != dialAttempts {
				t.Fatalf("%d attempts, want %d", st.Requests, dialAttempts)
			}
			if got := sl.total(); got > 300*time.Millisecond {
				t.Fatalf("waited %v, want at most 300 ms", got)
			}
		})
	}
}

func TestRequestHeaders(t *testing.T) {
	c, s, _, _ := scripted(t, Options{}, ok200)
	ctx := context.Background()
	c.Update(ctx, "demo", "art_1", testArticle, nil, 3)
	c.Update(ctx, "demo", "art_1", testArticle, nil, 0)
	c.Create(ctx, "demo", testArticle, provider.CreateOptions{IdempotencyKey: "idem-7"})
	c.Create(ctx, "demo", testArticle, provider.CreateOptions{})
	var got []string
	for _, r := range s.reqs {
		got = append(got, fmt.Sprintf("%s %s key=%s ua=%s ct=%s if-match=%s idem=%s",
			r.Method, r.URL.Path, r.Header.Get("X-API-Key"), r.Header.Get("User-Agent"), r.Header.Get("Content-Type"),
			r.Header.Get("If-Match"), r.Header.Get("Idempotency-Key")))
	}
	ua := "octosync/" + version.String()
	want := []string{
		`PUT /rest/v1/businesses/demo/articles/art_1 key=sandbox-key ua=` + ua + ` ct=application/json if-match="3" idem=`,
		`PUT /rest/v1/businesses/demo/articles/art_1 key=sandbox-key ua=` + ua + ` ct=application/json if-match= idem=`,
		`POST /rest/v1/businesses/demo/articles key=sandbox-key ua=` + ua + ` ct=application/json if-match= idem=idem-7`,
		`POST /rest/v1/businesses/demo/articles key=sandbox-key ua=` + ua + ` ct=application/json if-match= idem=`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPathsAreEscaped(t *testing.T) {
	c, s, _, _ := scripted(t, Options{}, ok200)
	c.Get(context.Background(), "a b", resource.KindBotRule, "x/y")
	if got := s.reqs[0].URL.EscapedPath(); got != "/rest/v1/businesses/a%20b/bot-rules/x%2Fy" {
		t.Fatalf("path = %s", got)
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	c, s, _, _ := scripted(t, Options{}, step{status: 301, header: map[string]string{"Location": "http://elsewhere.example/"}})
	err := ops["GET"](c)
	if err == nil || !strings.Contains(err.Error(), "301") || !strings.Contains(err.Error(), "check --api-url") {
		t.Fatalf("err = %v, want a 301 error with advice", err)
	}
	if s.count() != 1 {
		t.Fatalf("%d requests", s.count())
	}
}

func TestKeyNeverLeaks(t *testing.T) {
	const key = "sk-live-0123456789abcdef"
	echo := []step{
		apiStep(500, "internal_error", "bad key "+key+" in header"),
		{status: 422, body: `{"error":{"code":"validation_error","message":"x","details":[{"field":"` + key + `","message":"was ` + key + `"}]}}`},
		{status: 502, body: "<html>proxy error for X-API-Key: " + key + "</html>"},
		apiStep(401, "unauthorized", "unknown key "+key),
	}
	for i, st := range echo {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			c, _, _, log := scripted(t, Options{APIKey: key, MaxAttempts: 2}, st)
			for name, op := range ops {
				err := op(c)
				if err == nil {
					t.Fatalf("%s: no error", name)
				}
				for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmt.Sprintf("%v", errors.Unwrap(err))} {
					if strings.Contains(s, key) {
						t.Fatalf("%s: the key leaked: %s", name, s)
					}
				}
				var apiErr *Error
				if errors.As(err, &apiErr) && !strings.Contains(apiErr.Message+fmt.Sprint(apiErr.Details), redacted) && st.status != 401 {
					t.Fatalf("%s: %#v: want [redacted] where the key was", name, apiErr)
				}
			}
			if strings.Contains(log.String(), key) {
				t.Fatalf("the key leaked into the verbose log:\n%s", log)
			}
		})
	}
}

func TestVerboseLog(t *testing.T) {
	c, _, _, log := scripted(t, Options{}, fail503, list200)
	if _, err := c.Businesses(context.Background()); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^GET /businesses\?page=1 503 \d+ms attempt 1\nGET /businesses\?page=1 200 \d+ms attempt 2\n$`)
	if !re.MatchString(log.String()) {
		t.Fatalf("log:\n%s", log)
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	s := &script{steps: []step{fail503}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, APIKey: testKey, MaxAttempts: 50})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.Businesses(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's error", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("returned after %v", d)
	}
}

func TestUnreadableAnswer(t *testing.T) {
	c, s, _, _ := scripted(t, Options{}, step{status: 200, body: "<html>a login page</html>"})
	err := ops["GET"](c)
	if err == nil || !strings.Contains(err.Error(), "the answer is not the JSON the API sends") || !strings.Contains(err.Error(), "check --api-url") {
		t.Fatalf("err = %v", err)
	}
	if s.count() != 1 {
		t.Fatalf("%d requests, want 1", s.count())
	}
}

func page(n, totalItems, totalPages int, ids ...string) step {
	var data []string
	for _, id := range ids {
		data = append(data, fmt.Sprintf(`{"id":%q,"version":1,"title":%q,"content":"c"}`, id, id))
	}
	return step{status: 200, body: fmt.Sprintf(`{"data":[%s],"pagination":{"page":%d,"pageSize":1,"totalItems":%d,"totalPages":%d}}`,
		strings.Join(data, ","), n, totalItems, totalPages)}
}

func TestListChangingWhileRead(t *testing.T) {
	list := func(c *Client) ([]resource.Resource, error) {
		return c.List(context.Background(), "demo", resource.KindBotRule, provider.ListOptions{})
	}
	t.Run("read again", func(t *testing.T) {
		c, s, _, _ := scripted(t, Options{Parallelism: 1}, // pages in order: the script answers by arrival
			page(1, 2, 2, "a"), page(2, 3, 3, "a"), // "new" was inserted before a: a shifted to page 2
			page(1, 3, 3, "new"), page(2, 3, 3, "a"), page(3, 3, 3, "b"))
		got, err := list(c)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range got {
			ids = append(ids, r.ID)
		}
		if strings.Join(ids, ",") != "new,a,b" || s.count() != 5 {
			t.Fatalf("ids = %v after %d requests, want new,a,b after 5", ids, s.count())
		}
	})
	t.Run("give up", func(t *testing.T) {
		c, _, _, _ := scripted(t, Options{Parallelism: 1},
			page(1, 2, 2, "a"), page(2, 3, 2, "b"),
			page(1, 2, 2, "a"), page(2, 3, 2, "b"),
			page(1, 2, 2, "a"), page(2, 3, 2, "b"))
		_, err := list(c)
		if err == nil || !strings.Contains(err.Error(), "the list changed while it was read, 3 times in a row") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestBadArguments(t *testing.T) {
	c, s, _, _ := scripted(t, Options{}, ok200)
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"no business", func() error { _, err := c.List(ctx, "", resource.KindArticle, provider.ListOptions{}); return err }, "no business slug"},
		{"bad kind", func() error { _, err := c.Get(ctx, "demo", resource.Kind("page"), "x"); return err }, `kind "page"`},
		{"no id", func() error { return c.Delete(ctx, "demo", resource.KindArticle, "", 0) }, "no id given"},
		{"no spec", func() error { _, err := c.Create(ctx, "demo", nil, provider.CreateOptions{}); return err }, "no content"},
		{"no spec update", func() error { _, err := c.Update(ctx, "demo", "x", nil, nil, 0); return err }, "no content"},
	}
	for _, tt := range tests {
		if err := tt.call(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
	if s.count() != 0 {
		t.Fatalf("%d requests sent for bad arguments", s.count())
	}
}

func TestLongRetryAfterIsNotWaited(t *testing.T) {
	c, s, sl, _ := scripted(t, Options{}, step{status: 429, header: map[string]string{"Retry-After": "3600"}}, list200)
	_, err := c.Businesses(context.Background())
	if !errors.Is(err, provider.ErrRateLimited) || !strings.Contains(err.Error(), "the server asks to wait 1h0m0s") {
		t.Fatalf("err = %v", err)
	}
	if s.count() != 1 || sl.total() != 0 {
		t.Fatalf("%d requests, waited %v; want 1 and none", s.count(), sl.total())
	}
}
