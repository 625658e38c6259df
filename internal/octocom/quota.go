package octocom

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// quota is what one answer says about the server's rate limit, from
// whichever headers it sends, most specific first:
//
//   - RateLimit-Policy and RateLimit (IETF draft-ietf-httpapi-ratelimit-
//     headers): `"default";q=100;w=10` and `"default";r=50;t=30`, also the
//     earlier drafts' `100;w=10` and `limit=100, remaining=50, reset=30`;
//   - RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (drafts ≤ 06);
//   - X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset (what
//     the API contract names).
//
// With several policies the most restrictive one counts, among those
// with a window of at most a minute: a daily quota spread evenly would pace
// a short run at a crawl, while Remaining and 429 still guard it.
type quota struct {
	// perSecond is the announced limit in requests per second; 0 when
	// none. It is quota ÷ window for a policy, else the bare limit taken
	// per second.
	perSecond float64
	// windowed: perSecond came from a policy with a window, so it is a
	// rate, not possibly a bucket's capacity.
	windowed     bool
	remaining    float64
	hasRemaining bool
	reset        time.Duration // until the quota is restored
	hasReset     bool
}

// maxPacedWindow is the longest policy window the client paces by.
const maxPacedWindow = 60

func readQuota(h http.Header, now time.Time) quota {
	var q quota
	for _, item := range fieldItems(h.Get("RateLimit-Policy")) {
		quota, okQ := item.number("q")
		window, okW := item.number("w")
		if !okQ || quota <= 0 {
			continue
		}
		rate, windowed := quota, false
		if okW && window > maxPacedWindow {
			continue // a quota, not a pace: Remaining and 429 guard it
		}
		if okW && window > 0 {
			rate, windowed = quota/window, true
		}
		if q.perSecond == 0 || rate < q.perSecond {
			q.perSecond, q.windowed = rate, windowed
		}
	}
	for _, item := range fieldItems(h.Get("RateLimit")) {
		if r, ok := item.number("r", "remaining"); ok && (!q.hasRemaining || r < q.remaining) {
			q.remaining, q.hasRemaining = r, true
			if t, ok := item.number("t", "reset"); ok {
				q.reset, q.hasReset = resetDuration(t, now), true
			}
		}
		if l, ok := item.number("limit"); ok && q.perSecond == 0 && l > 0 {
			q.perSecond = l
		}
	}
	for _, prefix := range []string{"RateLimit-", "X-RateLimit-"} {
		if l, ok := headerFloat(h, prefix+"Limit"); ok && q.perSecond == 0 && l > 0 {
			q.perSecond = l
		}
		if r, ok := headerFloat(h, prefix+"Remaining"); ok && !q.hasRemaining {
			q.remaining, q.hasRemaining = r, true
		}
		if t, ok := headerFloat(h, prefix+"Reset"); ok && !q.hasReset && t >= 0 {
			q.reset, q.hasReset = resetDuration(t, now), true
		}
	}
	return q
}

// fieldItem is one comma-separated member of a structured header field:
// its parameters (key=value pairs after ';', or at the top level in the
// dictionary form of the older drafts), plus a bare number as "q".
type fieldItem map[string]string

// fieldItems splits a header into items. It is lenient: anything it cannot
// read is left out, never an error.
func fieldItems(v string) []fieldItem {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	var items []fieldItem
	dict := fieldItem{}
	for _, member := range strings.Split(v, ",") {
		parts := strings.Split(member, ";")
		item := fieldItem{}
		for i, p := range parts {
			k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			switch {
			case ok:
				item[strings.ToLower(strings.TrimSpace(k))] = strings.Trim(strings.TrimSpace(val), `"`)
			case i == 0 && k != "" && k[0] != '"':
				item["q"] = k // `100;w=10`: the quota as the bare item
			}
		}
		if len(parts) == 1 && strings.Contains(member, "=") {
			for k, val := range item {
				dict[k] = val // `limit=100, remaining=50, reset=30`
			}
			continue
		}
		items = append(items, item)
	}
	if len(dict) > 0 {
		items = append(items, dict)
	}
	return items
}

// number is the first of the named parameters that holds a finite number.
func (it fieldItem) number(names ...string) (float64, bool) {
	for _, n := range names {
		if v, ok := it[n]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
				return f, true
			}
		}
	}
	return 0, false
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

// resetDuration reads a reset value: seconds from now (what the API
// sends), or a Unix time when it is too large to be a delay.
func resetDuration(v float64, now time.Time) time.Duration {
	if v > 1e9 {
		return max(time.Unix(int64(v), 0).Sub(now), 0)
	}
	return time.Duration(min(max(v, 0), 1e6) * float64(time.Second))
}
