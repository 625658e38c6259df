package provider_test

import (
	"context"
	"errors"
	"testing"

	"github.com/octosync/octosync/internal/provider"
)

// macroLister is a Provider that also lists macros; only Macros is called.
type macroLister struct {
	provider.Provider
	asked []string
}

func (m *macroLister) Macros(_ context.Context, business string) ([]provider.Macro, error) {
	m.asked = append(m.asked, business)
	return []provider.Macro{{Business: business, ID: "mac_1", Title: "Refund"}}, nil
}

// TestReadOnlyForwardsMacros: a read-only provider is still a
// provider.Macros, forwarding to the one it wraps, so no caller unwraps it.
func TestReadOnlyForwardsMacros(t *testing.T) {
	inner := &macroLister{}
	var p provider.Provider = provider.ReadOnly{P: inner}
	lister, ok := p.(provider.Macros)
	if !ok {
		t.Fatal("provider.ReadOnly is not a provider.Macros")
	}
	got, err := lister.Macros(context.Background(), "acme")
	if err != nil || len(got) != 1 || got[0].ID != "mac_1" || len(inner.asked) != 1 {
		t.Fatalf("Macros through ReadOnly = %v, %v (asked %v); want the wrapped provider's one macro", got, err, inner.asked)
	}
}

// TestReadOnlyMacrosOfPlainProvider: over a provider that lists no macros
// the forward fails with ErrNoMacros, which callers skip on.
func TestReadOnlyMacrosOfPlainProvider(t *testing.T) {
	_, err := provider.ReadOnly{P: struct{ provider.Provider }{}}.Macros(context.Background(), "acme")
	if !errors.Is(err, provider.ErrNoMacros) {
		t.Fatalf("err = %v, want ErrNoMacros", err)
	}
}
