package provider

import "context"

// Parallel is a Provider that bounds its own requests in flight. A caller
// fanning out over it (one goroutine per business, per page, per drifted
// resource) sizes its errgroup with SetLimit(ParallelismOf(p)), or a
// small multiple of it where each goroutine makes several requests one
// after another (live.Fetch's lists), so that goroutines wait in the
// group, a few at a time, and never pile up by the thousand inside the
// provider.
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

type orderKey struct{}

// WithOrder marks the requests made with ctx as part of the n-th (n ≥ 1)
// of several reads made together: a Parallel provider whose requests wait
// for a slot serves the waiting requests of the lowest n first, so that
// the reads complete one after another instead of all at the end
// (live.Fetch numbers the businesses, and a bulk export writes each one
// while the next is read). Requests without an order go before any.
func WithOrder(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, orderKey{}, n)
}

// OrderOf is the order WithOrder gave ctx, 0 when none.
func OrderOf(ctx context.Context) int {
	n, _ := ctx.Value(orderKey{}).(int)
	return n
}
