package octocom

import (
	"math"
	"net/http"
	"testing"
	"time"
)

// FuzzReadQuota feeds server-chosen rate-limit headers (RFC 8941
// structured fields and the older drafts' forms) to readQuota: it never
// panics, and what it reads is a pace and a wait the client can act on
// (finite and not negative; the pause caps a long reset, see pause).
// The seeds run with every `go test`.
func FuzzReadQuota(f *testing.F) {
	f.Add(`"default";q=100;w=10`, `"default";r=50;t=30`, "", "", "")
	f.Add(`100;w=10`, `limit=100, remaining=50, reset=30`, "", "", "")
	f.Add(`"burst";q=10;w=1, "day";q=5000;w=86400`, `"burst";r=0;t=1, "day";r=4000;t=3600`, "", "", "")
	f.Add("", "", "100", "7", "1893456000")
	f.Add(`"a";q=NaN;w=Inf`, `"a";r=-1;t=1e308`, "1e400", "-0", "9e18")
	f.Add(`;;,,=;"q=`, `r="5";t=""`, " ", "x", "-5")
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, policy, limit, xLimit, xRemaining, xReset string) {
		h := http.Header{}
		h.Set("RateLimit-Policy", policy)
		h.Set("RateLimit", limit)
		h.Set("X-RateLimit-Limit", xLimit)
		h.Set("X-RateLimit-Remaining", xRemaining)
		h.Set("X-RateLimit-Reset", xReset)
		q := readQuota(h, now)
		if q.perSecond < 0 || math.IsNaN(q.perSecond) || math.IsInf(q.perSecond, 0) {
			t.Fatalf("perSecond = %v: want a finite pace ≥ 0", q.perSecond)
		}
		if math.IsNaN(q.remaining) || math.IsInf(q.remaining, 0) {
			t.Fatalf("remaining = %v: want a finite count", q.remaining)
		}
		if !q.hasRemaining && q.remaining != 0 {
			t.Fatalf("remaining = %v without hasRemaining", q.remaining)
		}
		if q.reset < 0 || (!q.hasReset && q.reset != 0) {
			t.Fatalf("reset = %v (hasReset %v): want a wait ≥ 0, and none when unread", q.reset, q.hasReset)
		}
		if q2 := readQuota(h, now); q2 != q {
			t.Fatalf("readQuota is not deterministic: %+v then %+v", q, q2)
		}
	})
}
