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
// carries them:
//   - X-RateLimit-Limit: the bucket's capacity (the burst), in requests;
//   - X-RateLimit-Remaining: whole requests left in the bucket after this one;
//   - X-RateLimit-Reset: whole seconds until the bucket is full again.
const (
	RateLimitLimitHeader     = "X-RateLimit-Limit"
	RateLimitRemainingHeader = "X-RateLimit-Remaining"
	RateLimitResetHeader     = "X-RateLimit-Reset"
)

// rateLimiter is a token bucket per API key (the X-API-Key value as sent,
// so also an unknown or missing key has one).
type rateLimiter struct {
	limit rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

func newRateLimiter(perSecond float64, burst int) *rateLimiter {
	if burst <= 0 {
		burst = max(1, int(perSecond))
	}
	return &rateLimiter{limit: rate.Limit(perSecond), burst: burst, buckets: map[string]*rate.Limiter{}}
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

	h.Set(RateLimitLimitHeader, strconv.Itoa(l.burst))
	h.Set(RateLimitRemainingHeader, strconv.Itoa(max(0, int(math.Floor(tokens)))))
	h.Set(RateLimitResetHeader, strconv.Itoa(l.seconds(float64(l.burst)-tokens)))
	if allowed {
		return nil
	}
	retry := max(1, l.seconds(1-tokens))
	h.Set("Retry-After", strconv.Itoa(retry))
	return &APIError{
		Status:  http.StatusTooManyRequests,
		Code:    CodeRateLimited,
		Message: fmt.Sprintf("rate limit of %v requests per second exceeded; retry in %d s", float64(l.limit), retry),
	}
}

// seconds is the whole seconds, rounded up, the bucket needs to gain tokens.
func (l *rateLimiter) seconds(tokens float64) int {
	if tokens <= 0 {
		return 0
	}
	return int(math.Ceil(tokens / float64(l.limit)))
}
