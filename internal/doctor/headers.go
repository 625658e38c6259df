package doctor

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/octosync/octosync/internal/octocom"
)

// rateLimits reports the rate-limit headers the answers carried and
// whether the client reads them.
func rateLimits(r *Report, probes []octocom.Probe) {
	s := r.section("Rate limits")
	var sent []string
	understood := false
	for _, p := range probes {
		if p.Header == nil {
			continue
		}
		names, ok := octocom.RateLimitHeaders(p.Header)
		understood = understood || ok
		for _, n := range names {
			if !slices.Contains(sent, n) {
				sent = append(sent, n)
			}
		}
	}
	switch {
	case len(sent) == 0:
		s.pass("no rate-limit headers: octosync paces itself by 429 answers and their Retry-After")
	case understood:
		s.pass("%s: octosync reads its pace from them", strings.Join(sent, ", "))
	default:
		s.fail(breaksRate, nil, "%s: octosync reads no limit or remaining count from them", strings.Join(sent, ", "))
	}
}

// clock compares the server's Date with now and reports the median
// round-trip time.
func clock(r *Report, probes []octocom.Probe, now time.Time) {
	s := r.section("Clock and latency")
	var date string
	var rtts []time.Duration
	for _, p := range probes {
		if p.Status == 0 {
			continue
		}
		rtts = append(rtts, p.RTT)
		if date == "" && p.Header != nil {
			date = p.Header.Get("Date")
		}
	}
	switch t, err := http.ParseTime(date); {
	case date == "":
		s.fail(breaksClock, nil, "the answers carry no Date header, so the server's clock cannot be compared with this machine's")
	case err != nil:
		s.fail(breaksClock, nil, "Date %q is not an HTTP date", date)
	default:
		skew := t.Sub(now).Round(time.Second)
		if skew.Abs() > maxClockSkew {
			s.fail(breaksClock, nil, "the server's clock is %v off this machine's (Date: %s)", skew, date)
		} else {
			s.pass("the server's clock agrees with this machine's (off by %v; Date has whole seconds)", skew.Abs())
		}
	}
	if len(rtts) > 0 {
		slices.Sort(rtts)
		s.pass("median round trip %v over %d request(s)", rtts[len(rtts)/2].Round(100*time.Microsecond), len(rtts))
	}
}
