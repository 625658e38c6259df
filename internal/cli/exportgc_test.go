package cli

import (
	"runtime/debug"
	"testing"
)

// TestExportGCSetsAndRestoresTheCollector: a bulk export collects at 200 %
// under a 768 MiB limit, and the settings before it come back after; a
// GOGC or GOMEMLIMIT the user set leaves both alone.
func TestExportGCSetsAndRestoresTheCollector(t *testing.T) {
	gc := func() (int, int64) {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p, debug.SetMemoryLimit(-1)
	}
	p0, l0 := gc()
	restore := exportGC(func(string) string { return "" })
	if p, l := gc(); p != exportGCPercent || l != exportMemoryLimit {
		t.Errorf("during the export: GOGC %d, limit %d; want %d, %d", p, l, exportGCPercent, exportMemoryLimit)
	}
	restore()
	if p, l := gc(); p != p0 || l != l0 {
		t.Errorf("after: GOGC %d, limit %d; want %d, %d back", p, l, p0, l0)
	}
	for _, name := range []string{"GOGC", "GOMEMLIMIT"} {
		restore := exportGC(func(k string) string {
			if k == name {
				return "50"
			}
			return ""
		})
		if p, l := gc(); p != p0 || l != l0 {
			t.Errorf("with %s set: GOGC %d, limit %d; want them untouched", name, p, l)
		}
		restore()
	}
}
