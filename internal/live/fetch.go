package live

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// State is the live side of a plan.
type State struct {
	// Businesses are the organization's businesses, sorted by slug.
	Businesses []provider.Business
	// Resources are every resource of the fetched businesses and kinds,
	// soft-deleted ones included, sorted by key.
	Resources []resource.Resource
}

// Options choose what Fetch reads.
type Options struct {
	// Businesses to read; nil means every business of the organization.
	Businesses []string
	// Kinds to read; nil means all.
	Kinds []resource.Kind
	// Observer, when set, follows the fetch business by business.
	Observer Observer
}

// Observer follows a Fetch business by business, so that a caller can
// start on one business while the others still arrive (a bulk export
// writes it, package pull).
type Observer interface {
	// Reading is called once, before any list is requested, with the
	// businesses about to be read, in the order they are read: the n-th
	// (from 1) with provider.WithOrder(n).
	Reading(businesses []string)
	// Fetched is called once for each business as soon as every kind of
	// it is listed, before the other businesses are done, with its
	// resources sorted by key (a slice of its own). It is called from the
	// fetch's goroutines, possibly at the same time for two businesses,
	// and not at all for a business whose lists failed; it must not
	// block for long.
	Fetched(business string, resources []resource.Resource)
}

// MissingBusinessError says a business the repository declares does not
// exist in the organization the API key belongs to.
type MissingBusinessError struct {
	Missing   []string
	Available []string
}

func (e *MissingBusinessError) Error() string {
	avail := "none"
	if len(e.Available) > 0 {
		avail = strings.Join(e.Available, ", ")
	}
	return fmt.Sprintf("business %s not found in this organization (it has: %s): rename the folder under businesses/ or check which organization the API key belongs to",
		strings.Join(e.Missing, ", "), avail)
}

// listsAtOnce × the provider's parallelism bounds the lists Fetch reads
// at once. A list holds its goroutine for all its pages, and its later
// pages can only be asked for once its first page has said how many there
// are: with no more lists than requests in flight, the last business's
// article list would start only as the others end, its first page alone
// and its other pages in rounds of their own. With four times as many,
// the first pages of the lists of the next dozen businesses (at the
// default parallelism) are asked for early, and their later pages fill
// every slot to the end (octocom's slots send first pages first).
const listsAtOnce = 4

// Fetch reads the live state. The lists of every business and kind are
// read concurrently, at most listsAtOnce × provider.ParallelismOf(p) at
// once; the requests in flight are the provider's to bound (a
// provider.Parallel provider bounds them at its Parallelism).
func Fetch(ctx context.Context, p provider.Provider, opts Options) (*State, error) {
	all, err := p.Businesses(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(all, func(a, b provider.Business) int { return strings.Compare(a.Slug, b.Slug) })
	st := &State{Businesses: all}

	wanted := opts.Businesses
	if wanted == nil {
		for _, b := range all {
			wanted = append(wanted, b.Slug)
		}
	} else {
		var missing, avail []string
		for _, b := range all {
			avail = append(avail, b.Slug)
		}
		for _, w := range wanted {
			if !slices.Contains(avail, w) {
				missing = append(missing, w)
			}
		}
		if len(missing) > 0 {
			return nil, &MissingBusinessError{Missing: missing, Available: avail}
		}
	}
	kinds := opts.Kinds
	if kinds == nil {
		kinds = resource.Kinds
	}

	if opts.Observer != nil {
		opts.Observer.Reading(slices.Clone(wanted))
	}
	results := make([][]resource.Resource, len(wanted)*len(kinds))
	sorted := make([][]resource.Resource, len(wanted)) // each business's, once all its kinds are listed
	pending := make([]atomic.Int32, len(wanted))       // kinds not listed yet, per business
	for i := range pending {
		pending[i].Store(int32(len(kinds)))
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(listsAtOnce * provider.ParallelismOf(p))
	for i, b := range wanted {
		for j, k := range kinds {
			g.Go(func() error {
				// Business i's requests before business i+1's: the
				// businesses complete one after another (Fetched).
				rs, err := p.List(provider.WithOrder(gctx, i+1), b, k, provider.ListOptions{IncludeDeleted: true})
				if err != nil {
					return fmt.Errorf("list %s of %s: %w", k.Dir(), b, err)
				}
				for n := range rs {
					rs[n].Business = b
				}
				results[i*len(kinds)+j] = rs
				if pending[i].Add(-1) == 0 {
					sorted[i] = sortedByKey(results[i*len(kinds) : (i+1)*len(kinds)])
					if opts.Observer != nil {
						opts.Observer.Fetched(b, slices.Clone(sorted[i]))
					}
				}
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	st.Resources = merged(wanted, sorted)
	return st, nil
}

// sortedByKey is the resources of lists in one new slice, sorted by key.
func sortedByKey(lists [][]resource.Resource) []resource.Resource {
	var out []resource.Resource
	for _, rs := range lists {
		out = append(out, rs...)
	}
	slices.SortStableFunc(out, func(a, b resource.Resource) int { return a.Key().Compare(b.Key()) })
	return out
}

// merged is every business's resources (sorted[i] those of wanted[i],
// sorted by key) in one new slice sorted by key, the order sortedByKey
// of all the lists gives. A key orders by business first, so when wanted
// is in strictly increasing order the businesses' resources are only put
// end to end: no sort of the whole organization follows the last page.
func merged(wanted []string, sorted [][]resource.Resource) []resource.Resource {
	for i := 1; i < len(wanted); i++ {
		if wanted[i-1] >= wanted[i] {
			return sortedByKey(sorted) // each stable sort keeps the lists' order
		}
	}
	return slices.Concat(sorted...)
}
