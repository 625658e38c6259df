package sandbox

// AnnouncedLimit is what a rate limiter announces, for tests.
type AnnouncedLimit struct{ Quota, Window int }

// NewRateLimiterForTest returns what a limiter of perSecond announces.
func NewRateLimiterForTest(perSecond float64) AnnouncedLimit {
	l := newRateLimiter(perSecond, 0)
	return AnnouncedLimit{l.quota, l.window}
}
