package provider

import (
	"context"
	"time"
)

// Macros lists a business's macros: the response templates its human agents
// use. The API serves them read-only, so octosync only exports them.
type Macros interface {
	// Macros returns every macro of business, all pages, in the server's
	// order.
	Macros(ctx context.Context, business string) ([]Macro, error)
}

// Macro is one live macro.
type Macro struct {
	Business  string
	ID        string
	Title     string
	Content   string
	UpdatedAt time.Time
}
