package sandbox

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate-limit response headers. With rate limiting on, every API response
// carries what a real server says about its limit: the requests allowed
// per window, how many are left, and when the quota is restored.
//   - X-RateLimit-Limit: requests allowed per window (RateLimitWindow);
//   - X-RateLimit-Remaining: whole requests left in the bucket after this one;
//   - X-RateLimit-Reset: whole seconds until the bucket is full again;
//   - RateLimit-Policy: `"default";q=<limit>;w=<window seconds>` and
//     RateLimit: `"default";r=<remaining>;t=<reset>`, the same numbers in
//     the form of the IETF draft (draft-ietf-httpapi-ratelimit-headers).
//
// The bucket's capacity (the burst) is not announced: like most real
// servers, the sandbox leaves it to the client to find.
const (
	RateLimitLimitHeader     = "X-RateLimit-Limit"
	RateLimitRemainingHeader = "X-RateLimit-Remaining"
	RateLimitResetHeader     = "X-RateLimit-Reset"
	RateLimitPolicyHeader    = "RateLimit-Policy"
	RateLimitHeader          = "RateLimit"
)

// rateLimiter is a token bucket per API key (the X-API-Key value as sent,
// so also an unknown or missing key has one).
type rateLimiter struct {
	limit rate.Limit
	burst int
	// quota requests per window seconds is the limit as announced: the
	// shortest whole-second window in which the rate is a whole number
	// of requests.
	quota, window int

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

func newRateLimiter(perSecond float64, burst int) *rateLimiter {
	if burst <= 0 {
		burst = max(1, int(perSecond))
	}
	l := &rateLimiter{limit: rate.Limit(perSecond), burst: burst, buckets: map[string]*rate.Limiter{}}
	l.quota, l.window = announced(perSecond)
	return l
}

// announced expresses perSecond as quota requests per window seconds.
func announced(perSecond float64) (quota, window int) {
	for w := 1; w <= 3600; w++ {
		q := perSecond * float64(w)
		if q >= 1 && math.Abs(q-math.Round(q)) < 1e-9 {
			return int(math.Round(q)), w
		}
	}
	return max(1, int(perSecond)), 1
}

// take spends a token of key's bucket and sets the rate-limit headers on h.
// An empty bucket is a 429 rate_limited, with Retry-After set to the whole
// seconds (at least 1) until a token is back.
func (l *rateLimiter) take(key string, h http.Header) *APIError {
	now := time.Now()
	l.mu.Lock()
	b, ok := l.buckets[key]
	if !ok {
		b = rate.NewLimiter(l.limit, l.burst)
		l.buckets[key] = b
	}
	allowed := b.AllowN(now, 1)
	tokens := b.TokensAt(now)
	l.mu.Unlock()

	remaining := max(0, int(math.Floor(tokens)))
	reset := l.seconds(float64(l.burst) - tokens)
	h.Set(RateLimitLimitHeader, strconv.Itoa(l.quota))
	h.Set(RateLimitRemainingHeader, strconv.Itoa(remaining))
	h.Set(RateLimitResetHeader, strconv.Itoa(reset))
	h.Set(RateLimitPolicyHeader, fmt.Sprintf(`"default";q=%d;w=%d`, l.quota, l.window))
	h.Set(RateLimitHeader, fmt.Sprintf(`"default";r=%d;t=%d`, remaining, reset))
	if allowed {
		return nil
	}
	retry := max(1, l.seconds(1-tokens))
	h.Set("Retry-After", strconv.Itoa(retry))
	return &APIError{
		Status:  http.StatusTooManyRequests,
		Code:    CodeRateLimited,
		Message: fmt.Sprintf("rate limit of %d requests per %d s exceeded; retry in %d s", l.quota, l.window, retry),
	}
}

// seconds is the whole seconds, rounded up, the bucket needs to gain tokens.
func (l *rateLimiter) seconds(tokens float64) int {
	if tokens <= 0 {
		return 0
	}
	return int(math.Ceil(tokens / float64(l.limit)))
}
