package sandbox_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

func TestRateLimit(t *testing.T) {
	seed, err := sandbox.ParseSeed([]byte(`{"organizations": [{"name": "o", "apiKeys": ["k1", "k2"], "businesses": [{"slug": "demo"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, c := newTestServer(t, sandbox.Options{Seed: seed, RateLimit: 0.5, Burst: 3})
	c1 := c.withKey("k1")
	for i := range 3 {
		resp := c1.do("GET", "/businesses", nil).want(t, http.StatusOK)
		if got := resp.header.Get("X-RateLimit-Limit"); got != "3" {
			t.Errorf("X-RateLimit-Limit %q, want 3", got)
		}
		if got := resp.header.Get("X-RateLimit-Remaining"); got != strconv.Itoa(2-i) {
			t.Errorf("request %d: X-RateLimit-Remaining %q, want %d", i, got, 2-i)
		}
		if reset, err := strconv.Atoi(resp.header.Get("X-RateLimit-Reset")); err != nil || reset < 1 || reset > 6 {
			t.Errorf("X-RateLimit-Reset %q", resp.header.Get("X-RateLimit-Reset"))
		}
	}
	resp := c1.do("GET", "/businesses", nil).want(t, http.StatusTooManyRequests, "rate_limited")
	if ra, err := strconv.Atoi(resp.header.Get("Retry-After")); err != nil || ra < 1 || ra > 2 {
		t.Errorf("Retry-After %q, want 1 or 2 (0.5 requests per second)", resp.header.Get("Retry-After"))
	}
	if resp.header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("429 with X-RateLimit-Remaining %q", resp.header.Get("X-RateLimit-Remaining"))
	}
	// Buckets are per key.
	c.withKey("k2").do("GET", "/businesses", nil).want(t, http.StatusOK)
	// A write is limited too and has no effect.
	c1.do("POST", "/businesses/demo/articles", article("A")).want(t, http.StatusTooManyRequests, "rate_limited")
	c1.do("GET", "/_sandbox/state", nil).want(t, http.StatusOK) // never limited
}

func TestNoRateLimitHeadersWhenOff(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	resp := c.do("GET", "/businesses", nil).want(t, http.StatusOK)
	if resp.header.Get("X-RateLimit-Limit") != "" {
		t.Error("rate-limit headers without rate limiting")
	}
}
