package bases

import (
	"testing"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
)

// Bases is what the planner asks about drift.
var _ plan.Bases = (*Bases)(nil)

func TestNilBases(t *testing.T) {
	var b *Bases
	if !b.Committed("acme", article("A", "1")) || b.Len() != 0 {
		t.Error("a nil *Bases must report everything as committed (no history, no drift)")
	}
}

func TestFingerprint(t *testing.T) {
	a := article("Returns", "Within 30 days.")
	b := article("Returns", "\ufeffWithin 30 days.\r\n")
	if Fingerprint(a) != Fingerprint(b) {
		t.Error("specs equal after normalization have different fingerprints")
	}
	if Fingerprint(a) == Fingerprint(article("Returns", "Within 31 days.")) {
		t.Error("different specs share a fingerprint")
	}
	if !resource.Equal(a, b) {
		t.Error("test premise: a and b should be resource.Equal")
	}
}
