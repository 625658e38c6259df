package plan

import "testing"

// BenchmarkCompute10k plans 10,000 resources: half unchanged, about 100
// updates of 20,000-character articles, the rest short updates, drift,
// creates, restores and deletes, with history.
func BenchmarkCompute10k(b *testing.B) {
	w := generate(10000, 1)
	opts := Options{Bases: w.bases, Prune: true, AllowMassDelete: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compute(w.desired, w.live, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarshal10k encodes the plan of BenchmarkCompute10k.
func BenchmarkMarshal10k(b *testing.B) {
	w := generate(10000, 1)
	p, err := Compute(w.desired, w.live, Options{Bases: w.bases, Prune: true, AllowMassDelete: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(p); err != nil {
			b.Fatal(err)
		}
	}
}
