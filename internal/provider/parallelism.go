package provider

// Parallel is a Provider that bounds its own requests in flight. A caller
// fanning out over it (one goroutine per business, per page, per drifted
// resource) sizes its errgroup with SetLimit(ParallelismOf(p)), so that
// goroutines wait in the group, a few at a time, and never pile up by the
// thousand inside the provider.
type Parallel interface {
	Parallelism() int
}

// DefaultParallelism is the fan-out bound for a provider that does not
// report one, and the API client's default of requests in flight
// (octocom.DefaultParallelism, the --parallelism default). Ten, as decK
// uses: at 50 ms a request, four in flight left a plan of 10,000
// resources 1.6 times its request bound (docs/performance.md).
const DefaultParallelism = 10

// ParallelismOf is p's own bound when it reports one, else
// DefaultParallelism.
func ParallelismOf(p Provider) int {
	if pp, ok := p.(Parallel); ok && pp.Parallelism() > 0 {
		return pp.Parallelism()
	}
	return DefaultParallelism
}

// Parallelism is the wrapped provider's bound.
func (r ReadOnly) Parallelism() int { return ParallelismOf(r.P) }
