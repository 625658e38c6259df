package octocom

import "time"

// drainMeter measures the refill rate of the server's bucket from the
// Remaining count of successive answers. While the client is faster than
// the server allows, the bucket drains: between an answer that saw r0
// requests left and a later one that saw r1, with n requests answered in
// between, the server added n − (r0 − r1) requests' worth of quota. Divided
// by the time between them, that is the server's rate, in requests per
// second, whatever its headers call a limit.
//
// The measurement starts at the most recent highest Remaining of the last
// two seconds (from there on the bucket has been draining); it needs at
// least minDrainSpan and minDrainAnswers to be trusted.
type drainMeter struct {
	samples [64]drainSample
	next    int // index of the oldest sample
	count   int // answers recorded so far
}

type drainSample struct {
	at        time.Time
	remaining float64
	count     int // answers recorded up to and including this one
}

const (
	drainWindow     = 2 * time.Second
	minDrainSpan    = 200 * time.Millisecond
	minDrainAnswers = 5
)

// record notes an answer that reported remaining requests left.
func (m *drainMeter) record(at time.Time, remaining float64) {
	m.count++
	m.samples[m.next] = drainSample{at: at, remaining: remaining, count: m.count}
	m.next = (m.next + 1) % len(m.samples)
}

// refillRate is the refill rate measured up to now, in requests per
// second, and how many requests the bucket lost over the measurement; 0
// when the answers do not show enough draining to tell.
func (m *drainMeter) refillRate(now time.Time) (rate, drained float64) {
	last := m.samples[(m.next+len(m.samples)-1)%len(m.samples)]
	if last.count == 0 {
		return 0, 0
	}
	var peak drainSample
	for _, s := range m.samples {
		if s.count == 0 || now.Sub(s.at) > drainWindow {
			continue
		}
		if peak.count == 0 || s.remaining > peak.remaining || (s.remaining == peak.remaining && s.count > peak.count) {
			peak = s
		}
	}
	span := last.at.Sub(peak.at)
	answered := last.count - peak.count
	if peak.count == 0 || span < minDrainSpan || answered < minDrainAnswers {
		return 0, 0
	}
	drained = peak.remaining - last.remaining
	added := float64(answered) - drained
	if added <= 0 || drained <= 0 {
		return 0, 0
	}
	return added / span.Seconds(), drained
}
