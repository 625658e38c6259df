package octocom

import (
	"context"
	"math"
	"net/http"
	"sync"
	"time"
)

// adaptiveLimiter paces the requests of one Client so that a bulk run
// finishes close to the server's limit, whatever kind of bucket the server
// has and whatever its headers call a limit, with few 429s.
//
// A bare limit in the server's headers is a starting point, not a
// ceiling: some servers report the rate per window there, others the
// bucket's capacity, and a capacity is far below what the server allows
// over time. So the limiter probes upward until the server pushes back,
// then backs off (AIMD). A limit announced with its window (a policy) is
// the server's rate, and the ceiling of the probing: above it the bucket
// only drains, and the 429 that follows costs a Retry-After pause of a
// second or more, longer than the probing could ever win.
//
//	rate r        requests per second, or unlimited (∞)
//	ceiling C     Options.RateLimit, ∞ when not set; r ≤ C always
//
//	start         r = C (∞ unless configured)
//	learn         an answer announces a limit L per second that differs
//	              from the last one announced (RateLimit-Policy q/w, else
//	              RateLimit-Limit or X-RateLimit-Limit taken per second):
//	              r = min(L, C). A limit with a window (a policy) is
//	              trusted; a bare one may be a bucket's capacity, so the
//	              limiter probes fast (slow start) until the first pushback.
//	probe         after every 10 answers in a row without pushback (and
//	              with Remaining not below 2 when reported), r = min(P,
//	              r·1.05); during slow start, after every 5, r = min(P,
//	              r·1.5). P is C, and the announced L when it came with a
//	              window: probing climbs back to the server's rate after
//	              a pushback, never above it.
//	              Slow start also ends, with r = the measured refill rate
//	              (see pushback), as soon as the bucket is seen draining.
//	pushback      Remaining: 0 (the bucket is empty: the next request
//	              would be refused): r = r·0.85.
//	              429: r = r·0.5, ∞ counting as the throughput of the last
//	              second, and every request waits out Retry-After (seconds
//	              or an HTTP date; without it, the reset time the headers
//	              give): the server limits the key, not the request.
//	              When the answers before the pushback show the bucket
//	              draining (drainMeter), r is instead 0.95 times the
//	              bucket's refill rate measured from them: the server's
//	              real rate, whatever its headers call a limit.
//	              Pushback ends slow start. Pushback from a request that
//	              started before the last decrease or pause is the same
//	              overload heard late and is ignored.
//	5xx           neither speeds up nor slows down.
//
// r never drops below minRate, so a run always makes progress. A pause
// longer than maxRetryAfter is not taken: a 429 asking for one fails its
// request at once (Client.do) rather than stall the run without a word.
//
// Requests are spaced 1/r apart (a bucket of one). A decrease or a pause
// takes effect at once: a request already waiting for a slot under the old
// rate takes a new one.
type adaptiveLimiter struct {
	configured float64 // Options.RateLimit; 0 = none
	now        func() time.Time

	mu         sync.Mutex
	rate       float64       // +Inf: unlimited
	interval   time.Duration // 1/rate; 0 when unlimited
	next       time.Time     // earliest start of the next request
	lastStart  time.Time
	pauseUntil time.Time
	gen        int     // bumped by every decrease and pause
	announced  float64 // the last limit the server announced; 0 = none
	windowed   bool    // announced came with a window: a rate, not a capacity
	slowStart  bool
	streak     int // answers without pushback since the last change
	starts     [64]time.Time
	nextStart  int // index in starts of the oldest start
	drain      drainMeter
}

// ticket is what a request holds from its start to its answer: the
// limiter's generation when it started.
type ticket struct{ gen int }

const (
	minRate         = 0.5 // requests per second
	increaseEvery   = 10  // answers per increase
	slowStartEvery  = 5   // answers per increase during slow start
	slowStartFactor = 1.5
	probeFactor     = 1.05
	softDecrease    = 0.85 // Remaining: 0
	hardDecrease    = 0.5  // 429
	lowRemaining    = 2    // no probing below this many requests left
	refillShare     = 0.95 // of the measured refill rate, after pushback
	slowStartDrain  = 3    // requests lost from the bucket that end slow start
)

func newAdaptiveLimiter(configured float64) *adaptiveLimiter {
	l := &adaptiveLimiter{configured: configured, now: time.Now}
	l.setRate(l.ceiling())
	return l
}

// wait blocks, through sleep, until the next request may start, and
// returns the request's ticket.
func (l *adaptiveLimiter) wait(ctx context.Context, sleepFn func(context.Context, time.Duration) error) (ticket, error) {
	for {
		if err := ctx.Err(); err != nil {
			return ticket{}, err
		}
		l.mu.Lock()
		now := l.now()
		at := latest(now, l.pauseUntil, l.next)
		gen := l.gen
		if l.interval > 0 {
			l.next = at.Add(l.interval)
		}
		l.mu.Unlock()
		if d := at.Sub(now); d > 0 {
			if err := sleepFn(ctx, d); err != nil {
				return ticket{}, err
			}
		}
		l.mu.Lock()
		if l.gen != gen {
			// Slowed down or paused while waiting: take a new slot.
			l.mu.Unlock()
			continue
		}
		t := l.now()
		l.lastStart = t
		l.starts[l.nextStart] = t
		l.nextStart = (l.nextStart + 1) % len(l.starts)
		l.mu.Unlock()
		return ticket{gen: gen}, nil
	}
}

// observe adapts the rate to one answer of the server to the request
// holding t. retryAfter is the answer's Retry-After, 0 when absent.
func (l *adaptiveLimiter) observe(t ticket, status int, h http.Header, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	q := readQuota(h, now)
	if q.perSecond > 0 && q.perSecond != l.announced {
		l.announced, l.windowed = q.perSecond, q.windowed
		l.slowStart = !q.windowed
		l.streak = 0
		l.setRate(math.Min(q.perSecond, l.ceiling()))
	}
	if q.hasRemaining && status != http.StatusTooManyRequests {
		l.drain.record(now, q.remaining)
	}
	switch {
	case status == http.StatusTooManyRequests:
		l.decrease(t, now, hardDecrease)
		if retryAfter == 0 && q.hasReset {
			retryAfter = q.reset
		}
		l.pause(now, retryAfter)
	case q.hasRemaining && q.remaining <= 0:
		l.decrease(t, now, softDecrease)
	case status >= 500:
	case q.hasRemaining && q.remaining < lowRemaining:
		l.streak = 0
	case l.slowStart && l.drainingFast(now):
	default:
		l.streak++
		every, factor := increaseEvery, probeFactor
		if l.slowStart {
			every, factor = slowStartEvery, slowStartFactor
		}
		if l.streak >= every && !math.IsInf(l.rate, 1) {
			l.streak = 0
			l.setRate(math.Min(l.rate*factor, l.probeCeiling()))
		}
	}
}

// decrease multiplies the rate by factor, unless the request holding t
// started before the last decrease or pause.
func (l *adaptiveLimiter) decrease(t ticket, now time.Time, factor float64) {
	l.streak = 0
	if t.gen != l.gen {
		return
	}
	l.slowStart = false
	cur := l.rate
	if math.IsInf(cur, 1) {
		cur = l.throughput(now)
	}
	next := cur * factor
	if refill, _ := l.drain.refillRate(now); refill > 0 {
		// The bucket's measured refill rate beats any guess.
		next = math.Min(cur, refill*refillShare)
	}
	l.setRate(math.Max(minRate, next))
	l.gen++
	l.next = l.lastStart.Add(l.interval)
}

// drainingFast ends slow start when the bucket is seen draining: the rate
// settles at the measured refill rate before the bucket is empty.
func (l *adaptiveLimiter) drainingFast(now time.Time) bool {
	refill, drained := l.drain.refillRate(now)
	if refill <= 0 || drained < slowStartDrain || refill >= l.rate {
		return false
	}
	l.slowStart = false
	l.streak = 0
	l.setRate(math.Min(refill, l.ceiling()))
	return true
}

// ceiling is C of the algorithm; +Inf when not configured.
func (l *adaptiveLimiter) ceiling() float64 {
	if l.configured > 0 {
		return l.configured
	}
	return math.Inf(1)
}

// probeCeiling is P of the algorithm: how high probing takes the rate.
func (l *adaptiveLimiter) probeCeiling() float64 {
	if l.windowed && l.announced > 0 {
		return math.Min(l.announced, l.ceiling())
	}
	return l.ceiling()
}

func (l *adaptiveLimiter) setRate(r float64) {
	if math.IsInf(r, 1) {
		l.rate, l.interval = r, 0
		return
	}
	l.rate = math.Max(minRate, r)
	l.interval = time.Duration(float64(time.Second) / l.rate)
}

// pause makes every request wait until now+d. A pause longer than
// maxRetryAfter is ignored: the request that hears it fails instead (see
// Client.do), and the client does not stall silently.
func (l *adaptiveLimiter) pause(now time.Time, d time.Duration) {
	if d <= 0 || d > maxRetryAfter {
		return
	}
	if until := now.Add(d); until.After(l.pauseUntil) {
		// The server asked for this much: the first request after the
		// pause goes at once, the next ones at the rate.
		l.pauseUntil = until
		l.next = until
		l.gen++
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

// currentRate is the pace in requests per second; +Inf when unlimited.
func (l *adaptiveLimiter) currentRate() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rate
}

func latest(t time.Time, others ...time.Time) time.Time {
	for _, o := range others {
		if o.After(t) {
			t = o
		}
	}
	return t
}
