package provider

import (
	"context"
	"fmt"

	"github.com/octosync/octosync/internal/resource"
)

// ReadOnly wraps a Provider and refuses every write with ErrReadOnly before
// it reaches the wrapped provider. plan holds one of these.
type ReadOnly struct {
	P Provider
}

var _ Provider = ReadOnly{}

// Businesses implements Provider.
func (r ReadOnly) Businesses(ctx context.Context) ([]Business, error) { return r.P.Businesses(ctx) }

// List implements Provider.
func (r ReadOnly) List(ctx context.Context, business string, kind resource.Kind, opts ListOptions) ([]resource.Resource, error) {
	return r.P.List(ctx, business, kind, opts)
}

// Get implements Provider.
func (r ReadOnly) Get(ctx context.Context, business string, kind resource.Kind, id string) (resource.Resource, error) {
	return r.P.Get(ctx, business, kind, id)
}

// Versions implements Provider.
func (r ReadOnly) Versions(ctx context.Context, business string, kind resource.Kind, id string) ([]Version, error) {
	return r.P.Versions(ctx, business, kind, id)
}

// Version implements Provider.
func (r ReadOnly) Version(ctx context.Context, business string, kind resource.Kind, id string, n int) (Version, error) {
	return r.P.Version(ctx, business, kind, id, n)
}

// Create refuses.
func (r ReadOnly) Create(_ context.Context, business string, spec resource.Spec, _ CreateOptions) (resource.Resource, error) {
	return resource.Resource{}, fmt.Errorf("create %s/%s %q: %w", business, spec.Kind(), spec.GetTitle(), ErrReadOnly)
}

// Update refuses.
func (r ReadOnly) Update(_ context.Context, business, id string, spec resource.Spec, _ int) (resource.Resource, error) {
	return resource.Resource{}, fmt.Errorf("update %s/%s %s: %w", business, spec.Kind(), id, ErrReadOnly)
}

// Delete refuses.
func (r ReadOnly) Delete(_ context.Context, business string, kind resource.Kind, id string, _ int) error {
	return fmt.Errorf("delete %s/%s %s: %w", business, kind, id, ErrReadOnly)
}

// Restore refuses.
func (r ReadOnly) Restore(_ context.Context, business string, kind resource.Kind, id string, _, _ int) (resource.Resource, error) {
	return resource.Resource{}, fmt.Errorf("restore %s/%s %s: %w", business, kind, id, ErrReadOnly)
}

var _ Macros = ReadOnly{}

// Macros implements Macros, a read, by forwarding it: ReadOnly forwards
// every read interface, so a caller never unwraps it. ErrNoMacros when the
// wrapped provider lists no macros.
func (r ReadOnly) Macros(ctx context.Context, business string) ([]Macro, error) {
	m, ok := r.P.(Macros)
	if !ok {
		return nil, ErrNoMacros
	}
	return m.Macros(ctx, business)
}
