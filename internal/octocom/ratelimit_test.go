package octocom

import (
	"context"
	"math"
	"net/http"
	"strconv"
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

// start takes a ticket as a request would, on a clock that stands still.
func (l *adaptiveLimiter) start(t *testing.T) ticket {
	t.Helper()
	tk, err := l.wait(context.Background(), func(context.Context, time.Duration) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestLimiterStartsFromWhatTheServerAnnounces(t *testing.T) {
	tests := []struct {
		name       string
		configured float64
		header     http.Header
		want       float64
	}{
		{"x-ratelimit-limit", 0, rateHeaders("X-RateLimit-Limit", "50", "X-RateLimit-Remaining", "49"), 50},
		{"configured ceiling", 20, rateHeaders("X-RateLimit-Limit", "50"), 20},
		{"configured above", 80, rateHeaders("X-RateLimit-Limit", "50"), 50},
		{"policy per window", 0, rateHeaders("RateLimit-Policy", `"default";q=100;w=10`, "X-RateLimit-Limit", "100"), 10},
		{"most restrictive policy", 0, rateHeaders("RateLimit-Policy", `"second";q=100;w=1, "minute";q=300;w=60`), 5},
		{"draft 07 policy", 0, rateHeaders("RateLimit-Policy", `30;w=2`), 15},
		{"a daily quota does not pace", 0, rateHeaders("RateLimit-Policy", `"burst";q=20;w=1, "day";q=1000;w=86400`), 20},
		{"draft 06 limit", 0, rateHeaders("RateLimit-Limit", "7"), 7},
		{"draft 07 dictionary", 0, rateHeaders("RateLimit", "limit=12, remaining=3, reset=1"), 12},
		{"nothing announced", 0, http.Header{}, math.Inf(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newTestLimiter(tt.configured)
			l.observe(l.start(t), 200, tt.header, 0)
			if got := l.currentRate(); got != tt.want {
				t.Errorf("rate = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLimiterProbesAboveTheAnnouncedLimit(t *testing.T) {
	for _, tt := range []struct {
		name   string
		header http.Header
		every  int     // answers per increase
		want   float64 // after that many answers without pushback
	}{
		{"a bare limit may be a capacity: slow start", rateHeaders("X-RateLimit-Limit", "10", "X-RateLimit-Remaining", "5"), 5, 15},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newTestLimiter(0)
			for range tt.every - 1 {
				l.observe(l.start(t), 200, tt.header, 0)
			}
			if got := l.currentRate(); got != 10 {
				t.Fatalf("rate after %d answers = %v, want 10", tt.every-1, got)
			}
			l.observe(l.start(t), 200, tt.header, 0)
			if got := l.currentRate(); math.Abs(got-tt.want) > 1e-9 {
				t.Fatalf("rate after %d answers = %v, want %v: the announced limit is a start, not a ceiling", tt.every, got, tt.want)
			}
		})
	}
}

// TestLimiterKeepsToAnAnnouncedPolicy: a limit announced with its window
// is the server's rate: no answer without pushback takes the rate above
// it, and after a pushback probing climbs back up to it, not beyond.
func TestLimiterKeepsToAnAnnouncedPolicy(t *testing.T) {
	policy := rateHeaders("RateLimit-Policy", `"d";q=10;w=1`, "RateLimit", `"d";r=5;t=1`)
	l, _ := newTestLimiter(0)
	for range 100 {
		l.observe(l.start(t), 200, policy, 0)
	}
	if got := l.currentRate(); got != 10 {
		t.Fatalf("rate after 100 answers = %v, want the announced 10", got)
	}
	l.observe(l.start(t), 200, rateHeaders("RateLimit-Policy", `"d";q=10;w=1`, "RateLimit", `"d";r=0;t=1`), 0)
	if got := l.currentRate(); got >= 10 {
		t.Fatalf("rate after an empty bucket = %v, want below 10", got)
	}
	for range 1000 {
		l.observe(l.start(t), 200, policy, 0)
	}
	if got := l.currentRate(); got != 10 {
		t.Errorf("rate after 1,000 more answers = %v, want back at the announced 10 and no higher", got)
	}
	configured, _ := newTestLimiter(8)
	for range 100 {
		configured.observe(configured.start(t), 200, policy, 0)
	}
	if got := configured.currentRate(); got != 8 {
		t.Errorf("with a configured ceiling of 8: rate %v, want 8", got)
	}
}

func TestLimiterSettlesAtTheMeasuredRefillRate(t *testing.T) {
	// A server announcing only its bucket's capacity (10) while it refills
	// 50 per second: slow start overshoots, the bucket drains, and the
	// rate settles at the refill rate measured from Remaining.
	l, clk := newTestLimiter(0)
	tokens, last := 10.0, clk.now()
	for range 200 {
		tk := l.start(t)
		clk.advance(time.Duration(float64(time.Second) / l.currentRate()))
		tokens = math.Min(10, tokens+clk.now().Sub(last).Seconds()*50)
		last = clk.now()
		if tokens < 1 {
			t.Fatalf("the client outran the bucket at %.1f/s", l.currentRate())
		}
		tokens--
		l.observe(tk, 200, rateHeaders("X-RateLimit-Limit", "10", "X-RateLimit-Remaining", strconv.Itoa(int(tokens))), 0)
	}
	if got := l.currentRate(); got < 45 || got > 56 {
		t.Fatalf("rate = %.1f/s, want close to the 50/s the bucket refills", got)
	}
}

func TestLimiterBacksOffOnPushback(t *testing.T) {
	l, _ := newTestLimiter(0)
	ok := rateHeaders("X-RateLimit-Limit", "40", "X-RateLimit-Remaining", "10")
	l.observe(l.start(t), 200, ok, 0)
	// Remaining: 0 is pushback before any refusal.
	l.observe(l.start(t), 200, rateHeaders("X-RateLimit-Limit", "40", "X-RateLimit-Remaining", "0"), 0)
	if got := l.currentRate(); math.Abs(got-34) > 1e-9 {
		t.Fatalf("rate after Remaining: 0 = %v, want 40·0.85 = 34", got)
	}
	// Three 429s of requests that started together halve once.
	a, b, c := l.start(t), l.start(t), l.start(t)
	for _, tk := range []ticket{a, b, c} {
		l.observe(tk, 429, ok, time.Second)
	}
	if got := l.currentRate(); got != 17 {
		t.Fatalf("rate after one overload = %v, want 17", got)
	}
	// Slow start is over: probing is gentle now.
	for range 10 {
		l.observe(l.start(t), 200, ok, 0)
	}
	if got := l.currentRate(); math.Abs(got-17*1.05) > 1e-9 {
		t.Fatalf("rate after 10 answers = %v, want 17·1.05", got)
	}
	// Remaining below 2 holds the rate.
	for range 30 {
		l.observe(l.start(t), 200, rateHeaders("X-RateLimit-Remaining", "1"), 0)
	}
	if got := l.currentRate(); math.Abs(got-17*1.05) > 1e-9 {
		t.Fatalf("rate with 1 remaining = %v, want it held at 17·1.05", got)
	}
	// Never below the floor.
	for range 40 {
		l.observe(l.start(t), 429, ok, 0)
	}
	if got := l.currentRate(); got != minRate {
		t.Fatalf("rate = %v, want the floor %v", got, minRate)
	}
}

func TestLimiterUnlimitedHalvesMeasuredThroughput(t *testing.T) {
	l, clk := newTestLimiter(0)
	var tk ticket
	for range 30 {
		tk = l.start(t)
		clk.advance(10 * time.Millisecond)
	}
	if !math.IsInf(l.currentRate(), 1) {
		t.Fatalf("rate = %v, want unlimited", l.currentRate())
	}
	l.observe(tk, 429, http.Header{}, 0)
	if got := l.currentRate(); got != 15 {
		t.Fatalf("rate = %v, want half of the 30 requests of the last second", got)
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
		{"429 without retry-after waits for the reset", 429, rateHeaders("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "3"), 0, 3 * time.Second},
		{"429 with the draft's reset", 429, rateHeaders("RateLimit", `"d";r=0;t=4`), 0, 4 * time.Second},
		{"remaining 0 slows down but does not stop", 200, rateHeaders("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "3"), 0, 0},
		{"retry-after wins over the reset", 429, rateHeaders("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "4"), time.Second, time.Second},
		{"too long to wait", 429, rateHeaders("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "3600"), time.Hour, 0},
		{"reset as a unix time", 429, rateHeaders("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1767323050"), 0, 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newTestLimiter(0)
			l.observe(l.start(t), tt.status, tt.header, tt.retryAfter)
			l.setRate(math.Inf(1)) // only the pause counts here
			l.next = time.Time{}
			sl := &sleeps{}
			if _, err := l.wait(context.Background(), sl.sleep); err != nil {
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
		if _, err := l.wait(context.Background(), sl.sleep); err != nil {
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
	l.observe(l.start(t), 429, http.Header{}, 30*time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.wait(ctx, sleep); err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
