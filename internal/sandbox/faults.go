package sandbox

import (
	"math/rand/v2"
	"sync"
)

// faultMode is how an API request fails, if it does.
type faultMode int

const (
	faultNone   faultMode = iota
	faultBefore           // a 500 before the request has any effect
	faultAfter            // a 500 after the request's write committed (writes only)
	faultDrop             // the request is served, then the connection is closed without a response
)

func (m faultMode) String() string {
	return [...]string{"", "before", "after", "drop"}[m]
}

// faults decides which requests fail. It draws from one random source under
// a lock, the same two numbers for every API request in arrival order, so a
// fault seed always fails the same requests of the same sequence, whatever
// the fail rate was set to before.
type faults struct {
	mu   sync.Mutex
	rate float64
	rng  *rand.Rand
}

func newFaults(rate float64, seed int64) *faults {
	return &faults{rate: rate, rng: rand.New(rand.NewPCG(uint64(seed), 0x5eed))}
}

func (f *faults) setRate(rate float64) {
	f.mu.Lock()
	f.rate = min(max(rate, 0), 1)
	f.mu.Unlock()
}

// draw decides the fault of the next request; write says whether it is a
// write (POST, PUT, DELETE). A read never gets faultAfter.
func (f *faults) draw(write bool) faultMode {
	f.mu.Lock()
	u, m, rate := f.rng.Float64(), f.rng.IntN(6), f.rate
	f.mu.Unlock()
	if u >= rate {
		return faultNone
	}
	if write {
		return [...]faultMode{faultBefore, faultAfter, faultDrop}[m%3]
	}
	return [...]faultMode{faultBefore, faultDrop}[m%2]
}
