package cli

import "runtime/debug"

// A bulk export trades memory for time: its heap is mostly pages just
// decoded and files just rendered, garbage once their business is written,
// so collecting when the heap reaches three times what is live rather than
// twice leaves the two cores to the fetch and the writes. The memory limit
// bounds the trade: past it the collector works as hard as it must. On the
// 10,800-resource export at 50 ms this took 13–41 ms off about 1.45 s; at
// 100,000 articles about 0.6 s off 6 s, for 628–752 MB instead of 494–560
// MB (docs/performance.md).
const (
	exportGCPercent   = 200
	exportMemoryLimit = 768 << 20
)

// exportGC sets the collector for a bulk export and returns what restores
// it. A GOGC or GOMEMLIMIT the user set is theirs: then nothing changes.
func exportGC(getenv func(string) string) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(exportGCPercent)
	limit := debug.SetMemoryLimit(exportMemoryLimit)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}
