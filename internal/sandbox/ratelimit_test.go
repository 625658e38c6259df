package sandbox_test

import (
	"net/http"
	"strconv"
	"strings"
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
		// 0.5 requests per second is announced as 1 per 2-second window.
		if got := resp.header.Get("X-RateLimit-Limit"); got != "1" {
			t.Errorf("X-RateLimit-Limit %q, want 1 (per window)", got)
		}
		if got := resp.header.Get("RateLimit-Policy"); got != `"default";q=1;w=2` {
			t.Errorf("RateLimit-Policy %q, want 1 request per 2 s", got)
		}
		if got, want := resp.header.Get("RateLimit"), `"default";r=`+strconv.Itoa(2-i)+`;t=`; !strings.HasPrefix(got, want) {
			t.Errorf("RateLimit %q, want %s…", got, want)
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
	if resp.header.Get("X-RateLimit-Limit") != "" || resp.header.Get("RateLimit-Policy") != "" {
		t.Error("rate-limit headers without rate limiting")
	}
}

func TestRateLimitAnnouncedPerWindow(t *testing.T) {
	for _, tt := range []struct {
		perSecond     float64
		quota, window int
	}{
		{50, 50, 1},
		{0.5, 1, 2},
		{2.5, 5, 2},
		{0.1, 1, 10},
	} {
		l := sandbox.NewRateLimiterForTest(tt.perSecond)
		if l.Quota != tt.quota || l.Window != tt.window {
			t.Errorf("%v/s announced as %d per %d s, want %d per %d s", tt.perSecond, l.Quota, l.Window, tt.quota, tt.window)
		}
	}
}
