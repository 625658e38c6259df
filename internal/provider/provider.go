package provider

import (
	"context"
	"errors"
	"time"

	"github.com/octosync/octosync/internal/resource"
)

// Provider is live Octocom state for one organization (the one the API key
// belongs to). Every method is safe for concurrent use.
type Provider interface {
	// Businesses lists the organization's businesses, sorted by slug.
	Businesses(ctx context.Context) ([]Business, error)
	// List returns every resource of one kind in one business, all pages,
	// in the server's order. Soft-deleted ones only with IncludeDeleted.
	List(ctx context.Context, business string, kind resource.Kind, opts ListOptions) ([]resource.Resource, error)
	// Get returns one resource, soft-deleted or not.
	Get(ctx context.Context, business string, kind resource.Kind, id string) (resource.Resource, error)
	// Create adds a resource (version 1). With a non-empty IdempotencyKey a
	// replay returns the resource created the first time.
	Create(ctx context.Context, business string, spec resource.Spec, opts CreateOptions) (resource.Resource, error)
	// Update replaces the resource's content with spec, sending back keep
	// (the unmanaged fields of the live version ifMatch names, as read)
	// unchanged: a field octosync does not manage is never lost. IfMatch >
	// 0 makes it conditional on the live version: ErrConflict when it
	// moved.
	Update(ctx context.Context, business, id string, spec resource.Spec, keep resource.Unmanaged, ifMatch int) (resource.Resource, error)
	// Delete soft-deletes the resource, conditional like Update.
	Delete(ctx context.Context, business string, kind resource.Kind, id string, ifMatch int) error
	// Versions lists every version of a resource, newest first.
	Versions(ctx context.Context, business string, kind resource.Kind, id string) ([]Version, error)
	// Version returns version n of a resource's history: ErrNotFound when
	// the resource has no such version.
	Version(ctx context.Context, business string, kind resource.Kind, id string, n int) (Version, error)
	// Restore makes version n's content current as a new version and
	// undeletes the resource, conditional like Update when ifMatch > 0.
	Restore(ctx context.Context, business string, kind resource.Kind, id string, n, ifMatch int) (resource.Resource, error)
}

// Business is one storefront of the organization.
type Business struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// ListOptions modify List.
type ListOptions struct {
	IncludeDeleted bool
}

// CreateOptions modify Create.
type CreateOptions struct {
	// IdempotencyKey makes a retried create safe on servers that honour it.
	IdempotencyKey string
}

// ChangeType says how a version came about.
type ChangeType string

const (
	ChangeCreate  ChangeType = "create"
	ChangeUpdate  ChangeType = "update"
	ChangeDelete  ChangeType = "delete"
	ChangeRestore ChangeType = "restore"
)

// AuthorType says who made a version: octosync or any other API client
// (api_key) or a person in the dashboard (user).
type AuthorType string

const (
	AuthorAPIKey AuthorType = "api_key"
	AuthorUser   AuthorType = "user"
)

// Author made one version.
type Author struct {
	Type AuthorType `json:"type"`
	Name string     `json:"name"`
}

// Version is one entry of a resource's history.
type Version struct {
	Number       int
	ChangeType   ChangeType
	RestoredFrom int // 0 unless ChangeType is restore
	CreatedAt    time.Time
	Author       Author
	Snapshot     resource.Spec
	// Unmanaged are the snapshot's fields octosync does not manage, as the
	// server sent them (nil when none): what a restore of this version
	// brings back besides Snapshot.
	Unmanaged resource.Unmanaged
}

// Sentinel errors a Provider's errors match with errors.Is.
var (
	// ErrNotFound: no such business or resource for this organization, or
	// a write to a soft-deleted resource.
	ErrNotFound = errors.New("not found")
	// ErrConflict: If-Match named a version that is no longer current.
	ErrConflict = errors.New("changed since it was read")
	// ErrUnauthorized: the API key is missing or wrong.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrValidation: the server rejected the content.
	ErrValidation = errors.New("rejected by the server")
	// ErrRateLimited: the server kept answering 429 after all retries.
	ErrRateLimited = errors.New("rate limited")
	// ErrOutcomeUnknown: a write whose answer was lost (dropped connection,
	// 5xx after sending): it may or may not have taken effect. Callers
	// re-read live state before trying again; creates are never retried
	// blindly.
	ErrOutcomeUnknown = errors.New("outcome unknown: the request may or may not have taken effect")
	// ErrReadOnly: a write through a ReadOnly provider.
	ErrReadOnly = errors.New("write attempted through a read-only provider")
	// ErrNoMacros: the provider cannot list macros (a decorator over one
	// that does not implement Macros). Callers skip macros then.
	ErrNoMacros = errors.New("the provider lists no macros")
)
