package octocom

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff schedule of retries: full jitter over an exponential envelope,
// attempt n (1-based, the attempt that just failed) waiting a uniformly
// random duration in [0, min(backoffCap, backoffBase·2^(n-1))). Full jitter
// spreads the retries of parallel requests that failed together, so they do
// not hit a recovering server in lockstep.
const (
	backoffBase = 100 * time.Millisecond
	backoffCap  = 5 * time.Second
)

// dialAttempts bounds the attempts of a request whose attempts fail to
// connect at all: with full jitter the waits total at most 300 ms, so a
// wrong --api-url fails fast while a server restart still gets a chance.
const dialAttempts = 3

// backoff is the wait after failed attempt n; r is in [0, 1).
func backoff(n int, r float64) time.Duration {
	envelope := float64(backoffCap)
	if n < 32 {
		envelope = math.Min(envelope, float64(backoffBase)*math.Exp2(float64(n-1)))
	}
	return time.Duration(r * envelope)
}

// parseRetryAfter reads a Retry-After header: whole seconds (what the API
// sends) or an HTTP date. It returns 0 when absent or unparsable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s <= 0 || math.IsNaN(s) || s > 24*3600 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// sleep is the default Options.Sleep: a timer that gives up when ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
