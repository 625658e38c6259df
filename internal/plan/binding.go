package plan

import (
	"fmt"
	"slices"

	"github.com/octosync/octosync/internal/resource"
)

// How says how a file was matched to its live resource.
type How string

const (
	// ByID: the file's id names the live resource.
	ByID How = "id"
	// ByTitle: the file has no id; its title (resource.TitleKey) matches
	// exactly one live resource of its business and kind.
	ByTitle How = "title"
	// ByTitleStaleID: the file's id names nothing live, so it bound by
	// title like a file without one.
	ByTitleStaleID How = "title, stale id"
)

// Binding is one file matched to a live resource: the only matching of
// files to live resources there is. pull records the id of a file bound by
// title; apply's settling of creates uses Candidates, the same title rule.
type Binding struct {
	Path string
	// Live is the live resource's key (its title, its id).
	Live resource.Key
	By   How
}

// Candidates returns the live resources a file of this business with this
// spec's title binds to when it has no id: not soft-deleted, same business
// and kind, same resource.TitleKey. More than one is an ambiguity.
func Candidates(live []resource.Resource, business string, spec resource.Spec) []resource.Resource {
	want := titleKey{business, spec.Kind(), resource.TitleKey(spec.GetTitle())}
	var out []resource.Resource
	for i := range live {
		if !live[i].Deleted() && titleKeyOf(&live[i]) == want {
			out = append(out, live[i])
		}
	}
	return out
}

// binding is the outcome of matching desired resources to live ones.
type binding struct {
	pairs    []pair // one per desired resource that plans a change or is unchanged
	liveOnly []int  // indices of live resources no file claims
	warnings []string
	errs     []error
}

// pair is a desired resource and the live resource it binds to (nil: none).
type pair struct {
	desired *resource.Resource
	live    *resource.Resource
	by      How
}

type idKey struct {
	business string
	kind     resource.Kind
	id       string
}

type titleKey struct {
	business string
	kind     resource.Kind
	title    string
}

func titleKeyOf(r *resource.Resource) titleKey {
	return titleKey{r.Business, r.Kind(), resource.TitleKey(r.Title())}
}

// bind matches desired to live (managed businesses only). A desired
// resource with an id binds to the live resource of its business and kind
// with that id, soft-deleted or not. One without an id binds by title key
// (resource.TitleKey) to the one live resource of its business and kind that is neither
// soft-deleted nor bound by id. Problems are reported only for desired
// resources that are selected by f and not ignored; the live resources they
// might have meant are never treated as unclaimed.
func bind(desired, live []resource.Resource, opts Options, f filter) binding {
	var b binding
	relevant := func(d *resource.Resource) bool {
		return f.selects(d.Key(), d.Path) && !opts.ignored(d.Kind(), d.Title())
	}

	byID := make(map[idKey]int, len(live))
	byTitle := make(map[titleKey][]int, len(live))
	for i := range live {
		l := &live[i]
		byID[idKey{l.Business, l.Kind(), l.ID}] = i
		if !l.Deleted() {
			tk := titleKeyOf(l)
			byTitle[tk] = append(byTitle[tk], i)
		}
	}

	claims := make([][]int, len(live)) // live index → desired indices
	byIDClaim := make([]bool, len(live))
	reserved := make([]bool, len(live)) // candidates of an unresolved file
	staleID := make([]bool, len(desired))
	var unbound []int
	for i := range desired {
		d := &desired[i]
		if d.ID == "" {
			continue
		}
		if li, ok := byID[idKey{d.Business, d.Kind(), d.ID}]; ok {
			claims[li] = append(claims[li], i)
			byIDClaim[li] = true
			continue
		}
		// An id that names nothing (copied from another organization, or
		// hard-deleted) binds by title like a file without one: otherwise
		// every apply would create the resource again.
		staleID[i] = true
	}
	for i := range desired {
		d := &desired[i]
		if d.ID != "" && !staleID[i] {
			continue
		}
		var cands []int
		for _, li := range byTitle[titleKeyOf(d)] {
			if !byIDClaim[li] {
				cands = append(cands, li)
			}
		}
		switch {
		case len(cands) == 0:
			unbound = append(unbound, i)
			if staleID[i] && relevant(d) {
				b.warnings = append(b.warnings, fmt.Sprintf(
					"%s: id %s names no live %s of %s; it will be created as a new one with a new id (run octosync pull after apply to record it, or remove the id)",
					d.Path, d.ID, kindSingular(d.Kind()), d.Business))
			}
		case len(cands) == 1:
			claims[cands[0]] = append(claims[cands[0]], i)
			if staleID[i] && relevant(d) {
				b.warnings = append(b.warnings, fmt.Sprintf(
					"%s: id %s names no live %s of %s; bound by its title to %s instead (run octosync pull to record that id)",
					d.Path, d.ID, kindSingular(d.Kind()), d.Business, live[cands[0]].ID))
			}
		default:
			for _, li := range cands {
				reserved[li] = true
			}
			if relevant(d) {
				ids := make([]string, len(cands))
				for k, li := range cands {
					ids[k] = live[li].ID
				}
				slices.Sort(ids)
				b.errs = append(b.errs, &AmbiguityError{Path: d.Path, Key: d.Key(), IDs: ids})
			}
		}
	}

	for li, ds := range claims {
		switch len(ds) {
		case 0:
			if !reserved[li] && !live[li].Deleted() {
				b.liveOnly = append(b.liveOnly, li)
			}
		case 1:
			d := &desired[ds[0]]
			by := ByID
			switch {
			case staleID[ds[0]]:
				by = ByTitleStaleID
			case d.ID == "":
				by = ByTitle
			}
			b.pairs = append(b.pairs, pair{desired: d, live: &live[li], by: by})
		default:
			if err := conflict(desired, ds, relevant, live[li].ID, byIDClaim[li]); err != nil {
				b.errs = append(b.errs, err)
			}
		}
	}

	// Files that would each create a resource with the same title.
	creates := map[titleKey][]int{}
	for _, i := range unbound {
		tk := titleKeyOf(&desired[i])
		creates[tk] = append(creates[tk], i)
	}
	for _, i := range unbound {
		ds := creates[titleKeyOf(&desired[i])]
		switch {
		case len(ds) == 1:
			b.pairs = append(b.pairs, pair{desired: &desired[i]})
		case ds[0] == i:
			if err := conflict(desired, ds, relevant, "", false); err != nil {
				b.errs = append(b.errs, err)
			}
		}
	}
	return b
}

// conflict reports several files claiming one resource, or nil when none
// of them is relevant.
func conflict(desired []resource.Resource, ds []int, relevant func(*resource.Resource) bool, id string, byID bool) error {
	if !slices.ContainsFunc(ds, func(i int) bool { return relevant(&desired[i]) }) {
		return nil
	}
	paths := make([]string, len(ds))
	first := ds[0]
	for k, i := range ds {
		paths[k] = desired[i].Path
		if desired[i].Path < desired[first].Path {
			first = i
		}
	}
	slices.Sort(paths)
	return &ConflictError{Paths: paths, Key: desired[first].Key(), ID: id, ByID: byID}
}
