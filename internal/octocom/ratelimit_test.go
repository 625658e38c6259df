package octocom

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"
)

// clock is a settable time for the limiter.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func rateHeaders(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

func newTestLimiter(configured float64) (*adaptiveLimiter, *clock) {
	clk := &clock{t: virtualEpoch}
	l := newAdaptiveLimiter(configured)
	l.now = clk.now
	return l, clk
}

func TestLimiterLearnsServerLimit(t *testing.T) {
	tests := []struct {
		configured, limit, want float64
	}{
		{0, 50, 50},
		{20, 50, 20},
		{80, 50, 50},
	}
	for _, tt := range tests {
		l, _ := newTestLimiter(tt.configured)
		l.observe(200, rateHeaders("X-RateLimit-Limit", "50", "X-RateLimit-Remaining", "49", "X-RateLimit-Reset", "1"), 0)
		if got := l.rate(); got != tt.want {
			t.Errorf("configured %v, server %v: rate = %v, want %v", tt.configured, tt.limit, got, tt.want)
		}
	}
}

func TestLimiterAIMD(t *testing.T) {
	l, clk := newTestLimiter(0)
	ok := rateHeaders("X-RateLimit-Limit", "40", "X-RateLimit-Remaining", "10")
	l.observe(200, ok, 0)
	if l.rate() != 40 {
		t.Fatalf("rate = %v, want the learned 40", l.rate())
	}
	// Three 429s from one overload halve once.
	for range 3 {
		l.observe(429, ok, time.Second)
	}
	if l.rate() != 20 {
		t.Fatalf("rate after one overload = %v, want 20", l.rate())
	}
	clk.advance(2 * time.Second)
	l.observe(429, ok, time.Second)
	if l.rate() != 10 {
		t.Fatalf("rate after a second overload = %v, want 10", l.rate())
	}
	// Additive-ish increase: +10% per 10 successes, up to the ceiling.
	for range 9 {
		l.observe(200, ok, 0)
	}
	if l.rate() != 10 {
		t.Fatalf("rate after 9 successes = %v, want 10", l.rate())
	}
	l.observe(200, ok, 0)
	if math.Abs(l.rate()-11) > 1e-9 {
		t.Fatalf("rate after 10 successes = %v, want 11", l.rate())
	}
	for range 1000 {
		l.observe(200, ok, 0)
	}
	if l.rate() != 40 {
		t.Fatalf("rate after many successes = %v, want the ceiling 40", l.rate())
	}
	// Never below the floor.
	for range 20 {
		clk.advance(2 * time.Second)
		l.observe(429, ok, 0)
	}
	if l.rate() != minRate {
		t.Fatalf("rate = %v, want the floor %v", l.rate(), minRate)
	}
}

func TestLimiterUnlimitedHalvesMeasuredThroughput(t *testing.T) {
	l, clk := newTestLimiter(0)
	sl := &sleeps{}
	for range 30 {
		if err := l.wait(context.Background(), sl.sleep); err != nil {
			t.Fatal(err)
		}
		clk.advance(10 * time.Millisecond)
	}
	if !math.IsInf(l.rate(), 1) || len(sl.ds) != 0 {
		t.Fatalf("rate = %v, waits %v; want unlimited and no waits", l.rate(), sl.ds)
	}
	l.observe(429, http.Header{}, 0)
	if l.rate() != 15 {
		t.Fatalf("rate = %v, want half of the 30 requests of the last second", l.rate())
	}
}

func TestLimiterPauses(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		header     http.Header
		retryAfter time.Duration
		want       time.Duration
	}{
		{"retry-after", 429, http.Header{}, 2 * time.Second, 2 * time.Second},
		{"remaining 0", 200, rateHeaders("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "3"), 0, 3 * time.Second},
		{"remaining 1", 200, rateHeaders("X-RateLimit-Remaining", "1", "X-RateLimit-Reset", "3"), 0, 0},
		{"both, longest wins", 429, rateHeaders("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "4"), time.Second, 4 * time.Second},
		{"too long to wait", 429, rateHeaders("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "3600"), time.Hour, 0},
		{"reset as a unix time", 200, rateHeaders("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1767323050"), 0, 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newTestLimiter(0)
			l.observe(tt.status, tt.header, tt.retryAfter)
			sl := &sleeps{}
			if err := l.wait(context.Background(), sl.sleep); err != nil {
				t.Fatal(err)
			}
			if sl.total() != tt.want {
				t.Fatalf("waited %v, want %v", sl.total(), tt.want)
			}
		})
	}
}

func TestLimiterPacesAtItsRate(t *testing.T) {
	l, _ := newTestLimiter(10)
	sl := &sleeps{}
	for range 5 {
		if err := l.wait(context.Background(), sl.sleep); err != nil {
			t.Fatal(err)
		}
	}
	// The clock stands still: the first request goes at once, each next
	// one is booked 100 ms after the previous.
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond, 400 * time.Millisecond}
	if len(sl.ds) != len(want) {
		t.Fatalf("waits = %v, want %v", sl.ds, want)
	}
	for i := range want {
		if sl.ds[i] != want[i] {
			t.Fatalf("waits = %v, want %v", sl.ds, want)
		}
	}
}

func TestLimiterWaitStopsOnCancel(t *testing.T) {
	l, _ := newTestLimiter(0)
	l.observe(429, http.Header{}, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.wait(ctx, sleep); err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
