package plan

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestComputeDeterministic shuffles the inputs: the JSON plan must not
// change by a byte.
func TestComputeDeterministic(t *testing.T) {
	w := generate(600, 7)
	opts := Options{Bases: w.bases, Prune: true, AllowMassDelete: true}
	first, err := Compute(w.desired, w.live, opts)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Marshal(first)
	if err != nil {
		t.Fatal(err)
	}
	s := first.Summary()
	// With history every restore here is a delete made outside the
	// repository: drift, counted as such.
	restores := slices.ContainsFunc(first.Changes, func(c Change) bool { return c.Action == Restore })
	if s.Create == 0 || s.Update == 0 || s.Delete == 0 || !restores || s.Drift == 0 || s.Unchanged == 0 {
		t.Fatalf("generated world lacks a kind of change: %+v", s)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 5 {
		r.Shuffle(len(w.desired.Resources), func(a, b int) {
			w.desired.Resources[a], w.desired.Resources[b] = w.desired.Resources[b], w.desired.Resources[a]
		})
		r.Shuffle(len(w.live.Resources), func(a, b int) {
			w.live.Resources[a], w.live.Resources[b] = w.live.Resources[b], w.live.Resources[a]
		})
		p, err := Compute(w.desired, w.live, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("shuffle %d: plan JSON differs", i)
		}
	}
}
