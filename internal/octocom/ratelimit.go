package octocom

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// adaptiveLimiter paces the requests of one Client so that a rate-limited
// server sees few 429s and a bulk run finishes close to the server's limit.
//
// The algorithm, AIMD over a token bucket of capacity 1 (x/time/rate):
//
//	rate r       requests per second, or unlimited (∞)
//	ceiling C    min(Options.RateLimit, learned limit), ∞ when neither is known
//
//	start         r = Options.RateLimit, or ∞
//	learn L       a response carries X-RateLimit-Limit: L that differs from
//	              the last one learned: r = min(L, Options.RateLimit).
//	              The server's limit is taken as requests per second.
//	429           every request waits until Retry-After has passed (a pause
//	              shared by the whole client: the server limits the key, not
//	              the request), and r is halved (multiplicative decrease),
//	              with ∞ counting as the throughput measured over the last
//	              second. In-flight requests answered 429 by the same
//	              overload halve r only once: at most one halving per second.
//	Remaining: 0  every request waits until X-RateLimit-Reset seconds have
//	              passed (the bucket is full again); r is unchanged.
//	success       after every 10 answers in a row below 500 other than
//	              429, r = min(C, r·1.1) (additive-ish increase), so a
//	              client that was slowed down speeds up again over a few
//	              seconds. 5xx answers neither speed up nor slow down.
//
// r never drops below minRate, so a run always makes progress. A pause
// longer than maxRetryAfter is not taken: a 429 asking for one fails its
// request at once (Client.do) rather than stall the run for minutes without
// a word.
//
// The contract defines X-RateLimit-Limit as the server bucket's capacity,
// not a rate. Taking it as requests per second is exact when the capacity
// is one second's worth of requests (the sandbox's default) and errs on the
// slow side when the bucket is smaller: never more 429s, only a slower run.
type adaptiveLimiter struct {
	configured float64 // Options.RateLimit; 0 = none
	now        func() time.Time

	mu           sync.Mutex
	lim          *rate.Limiter
	learned      float64 // last X-RateLimit-Limit; 0 = unknown
	pauseUntil   time.Time
	streak       int       // successes since the last 429 or increase
	lastDecrease time.Time // zero: never
	starts       [64]time.Time
	next         int // index in starts of the oldest start
}

const (
	minRate          = 0.5 // requests per second
	increaseEvery    = 10  // successes per increase
	increaseFactor   = 1.1
	decreaseCooldown = time.Second
)

func newAdaptiveLimiter(configured float64) *adaptiveLimiter {
	l := &adaptiveLimiter{configured: configured, now: time.Now}
	limit := rate.Inf
	if configured > 0 {
		limit = rate.Limit(configured)
	}
	l.lim = rate.NewLimiter(limit, 1)
	return l
}

// wait blocks, through sleep, until the next request may start.
func (l *adaptiveLimiter) wait(ctx context.Context, sleepFn func(context.Context, time.Duration) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	now := l.now()
	d := l.pauseUntil.Sub(now)
	r := l.lim.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > d {
		d = delay
	}
	l.mu.Unlock()
	if d > 0 {
		if err := sleepFn(ctx, d); err != nil {
			r.Cancel()
			return err
		}
	}
	l.mu.Lock()
	l.starts[l.next] = l.now()
	l.next = (l.next + 1) % len(l.starts)
	l.mu.Unlock()
	return nil
}

// observe adapts the rate to one answer of the server.
func (l *adaptiveLimiter) observe(status int, h http.Header, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if limit, ok := headerFloat(h, "X-RateLimit-Limit"); ok && limit > 0 && limit != l.learned {
		l.learned = limit
		l.setRate(l.ceiling())
	}
	if remaining, ok := headerFloat(h, "X-RateLimit-Remaining"); ok && remaining <= 0 {
		if reset, ok := headerFloat(h, "X-RateLimit-Reset"); ok && reset > 0 {
			l.pause(now, resetDuration(reset, now))
		}
	}
	if status >= 500 {
		return
	}
	if status != http.StatusTooManyRequests {
		l.streak++
		if l.streak >= increaseEvery {
			l.streak = 0
			if cur := float64(l.lim.Limit()); l.lim.Limit() != rate.Inf {
				l.setRate(math.Min(cur*increaseFactor, l.ceiling()))
			}
		}
		return
	}
	l.streak = 0
	l.pause(now, retryAfter)
	if !l.lastDecrease.IsZero() && now.Sub(l.lastDecrease) < decreaseCooldown {
		return
	}
	l.lastDecrease = now
	cur := float64(l.lim.Limit())
	if l.lim.Limit() == rate.Inf {
		cur = l.throughput(now)
	}
	l.setRate(math.Max(minRate, cur/2))
}

// ceiling is C of the algorithm; +Inf when unknown.
func (l *adaptiveLimiter) ceiling() float64 {
	c := math.Inf(1)
	if l.configured > 0 {
		c = l.configured
	}
	if l.learned > 0 {
		c = math.Min(c, l.learned)
	}
	return c
}

func (l *adaptiveLimiter) setRate(r float64) {
	if math.IsInf(r, 1) {
		l.lim.SetLimitAt(l.now(), rate.Inf)
		return
	}
	l.lim.SetLimitAt(l.now(), rate.Limit(math.Max(minRate, r)))
}

// pause makes every request wait until now+d. A pause longer than
// maxRetryAfter is ignored: the request that hears it fails instead (see
// Client.do), and the client does not stall silently.
func (l *adaptiveLimiter) pause(now time.Time, d time.Duration) {
	if d > maxRetryAfter {
		return
	}
	if until := now.Add(d); d > 0 && until.After(l.pauseUntil) {
		l.pauseUntil = until
	}
}

// throughput is the number of requests started in the last second, at
// least 1.
func (l *adaptiveLimiter) throughput(now time.Time) float64 {
	n := 0
	for _, t := range l.starts {
		if !t.IsZero() && now.Sub(t) <= time.Second {
			n++
		}
	}
	return math.Max(1, float64(n))
}

// rate is the current pace in requests per second; +Inf when unlimited.
func (l *adaptiveLimiter) rate() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lim.Limit() == rate.Inf {
		return math.Inf(1)
	}
	return float64(l.lim.Limit())
}

func headerFloat(h http.Header, name string) (float64, bool) {
	v := strings.TrimSpace(h.Get(name))
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// resetDuration reads X-RateLimit-Reset: seconds from now (what the API
// sends), or a Unix time when it is too large to be a delay.
func resetDuration(v float64, now time.Time) time.Duration {
	if v > 1e9 {
		return max(time.Unix(int64(v), 0).Sub(now), 0)
	}
	return time.Duration(min(v, 1e6) * float64(time.Second))
}
