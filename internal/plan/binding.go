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
	// ByFormerTitle: no live resource has the file's title, and exactly
	// one unclaimed live resource has a title the file had before
	// (Options.Bases implementing FormerTitles): the file was retitled.
	ByFormerTitle How = "former title"
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
	bd := newBinder(desired, live, func(d *resource.Resource) bool {
		return f.selects(d.Key(), d.Path) && !opts.ignored(d.Kind(), d.Title())
	})
	bd.claimByID()
	bd.claimByTitle()
	if ft, ok := opts.Bases.(FormerTitles); ok {
		bd.claimByFormerTitle(ft)
	}
	bd.pairClaimed()
	bd.pairCreates()
	return bd.out
}

// binder holds one binding under way; bind runs its phases in order.
type binder struct {
	desired, live []resource.Resource
	// relevant: problems are reported only for these desired resources.
	relevant func(*resource.Resource) bool

	byID    map[idKey]int      // live index by id
	byTitle map[titleKey][]int // live indices (not soft-deleted) by title key
	claims  [][]int            // live index → desired indices claiming it
	idClaim []bool             // live index claimed by an id
	// reserved marks the candidates of an ambiguous file: never live-only.
	reserved []bool
	staleID  []bool // desired index whose id names nothing live
	former   []bool // desired index bound by a former title
	unbound  []int  // desired indices bound to nothing: creates
	out      binding
}

// newBinder indexes the live resources by id and by title key.
func newBinder(desired, live []resource.Resource, relevant func(*resource.Resource) bool) *binder {
	bd := &binder{
		desired: desired, live: live, relevant: relevant,
		byID:     make(map[idKey]int, len(live)),
		byTitle:  make(map[titleKey][]int, len(live)),
		claims:   make([][]int, len(live)),
		idClaim:  make([]bool, len(live)),
		reserved: make([]bool, len(live)),
		staleID:  make([]bool, len(desired)),
		former:   make([]bool, len(desired)),
	}
	for i := range live {
		l := &live[i]
		bd.byID[idKey{l.Business, l.Kind(), l.ID}] = i
		if !l.Deleted() {
			tk := titleKeyOf(l)
			bd.byTitle[tk] = append(bd.byTitle[tk], i)
		}
	}
	return bd
}

// claimByID: each file with an id claims the live resource with that id.
// An id that names nothing (copied from another organization, or
// hard-deleted) is stale: the file binds by title like one without an id,
// or every apply would create the resource again.
func (bd *binder) claimByID() {
	for i := range bd.desired {
		d := &bd.desired[i]
		if d.ID == "" {
			continue
		}
		if li, ok := bd.byID[idKey{d.Business, d.Kind(), d.ID}]; ok {
			bd.claims[li] = append(bd.claims[li], i)
			bd.idClaim[li] = true
			continue
		}
		bd.staleID[i] = true
	}
}

// claimByTitle: each file without a (live) id claims the one live
// resource of its title key no id claimed; none leaves it unbound (a
// create), several are an ambiguity.
func (bd *binder) claimByTitle() {
	for i := range bd.desired {
		d := &bd.desired[i]
		if d.ID != "" && !bd.staleID[i] {
			continue
		}
		var cands []int
		for _, li := range bd.byTitle[titleKeyOf(d)] {
			if !bd.idClaim[li] {
				cands = append(cands, li)
			}
		}
		switch {
		case len(cands) == 0:
			bd.unbound = append(bd.unbound, i)
			if bd.staleID[i] && bd.relevant(d) {
				bd.out.warnings = append(bd.out.warnings, fmt.Sprintf(
					"%s: id %s names no live %s of %s; it will be created as a new one with a new id (run octosync pull after apply to record it, or remove the id)",
					d.Path, d.ID, kindSingular(d.Kind()), d.Business))
			}
		case len(cands) == 1:
			bd.claims[cands[0]] = append(bd.claims[cands[0]], i)
			if bd.staleID[i] && bd.relevant(d) {
				bd.out.warnings = append(bd.out.warnings, fmt.Sprintf(
					"%s: id %s names no live %s of %s; bound by its title to %s instead (run octosync pull to record that id)",
					d.Path, d.ID, kindSingular(d.Kind()), d.Business, bd.live[cands[0]].ID))
			}
		default:
			bd.ambiguous(d, cands)
		}
	}
}

// claimByFormerTitle: a file still unbound claims the one live resource
// nobody claimed whose title the file had before, trying its former titles
// from the most recent; several candidates for one title bind nothing (the
// create stands). Claims made here never take a resource some file's
// current title claims.
func (bd *binder) claimByFormerTitle(ft FormerTitles) {
	unbound := bd.unbound[:0:0]
	for _, i := range bd.unbound {
		d := &bd.desired[i]
		if li, ok := bd.formerCandidate(d, ft.FormerTitles(d.Path)); ok {
			bd.claims[li] = append(bd.claims[li], i)
			bd.former[i] = true
			continue
		}
		unbound = append(unbound, i)
	}
	bd.unbound = unbound
}

// formerCandidate is the live resource d binds to through one of titles.
func (bd *binder) formerCandidate(d *resource.Resource, titles []string) (int, bool) {
	for _, t := range titles {
		if resource.TitleKey(t) == resource.TitleKey(d.Title()) {
			continue
		}
		var cands []int
		for _, li := range bd.byTitle[titleKey{d.Business, d.Kind(), resource.TitleKey(t)}] {
			if !bd.idClaim[li] && !bd.reserved[li] && len(bd.claims[li]) == 0 {
				cands = append(cands, li)
			}
		}
		if len(cands) == 1 {
			return cands[0], true
		}
	}
	return 0, false
}

// ambiguous reserves the candidates of a file that several live resources
// could bind, and reports it when it is relevant.
func (bd *binder) ambiguous(d *resource.Resource, cands []int) {
	for _, li := range cands {
		bd.reserved[li] = true
	}
	if !bd.relevant(d) {
		return
	}
	ids := make([]string, len(cands))
	for k, li := range cands {
		ids[k] = bd.live[li].ID
	}
	slices.Sort(ids)
	bd.out.errs = append(bd.out.errs, &AmbiguityError{Path: d.Path, Key: d.Key(), IDs: ids})
}

// pairClaimed turns the claims into pairs: a live resource nobody claimed
// is live-only, one claimed once is bound (by id, title or title after a
// stale id), one claimed twice is a conflict.
func (bd *binder) pairClaimed() {
	for li, ds := range bd.claims {
		switch len(ds) {
		case 0:
			if !bd.reserved[li] && !bd.live[li].Deleted() {
				bd.out.liveOnly = append(bd.out.liveOnly, li)
			}
		case 1:
			d := &bd.desired[ds[0]]
			by := ByID
			switch {
			case bd.former[ds[0]]:
				by = ByFormerTitle
			case bd.staleID[ds[0]]:
				by = ByTitleStaleID
			case d.ID == "":
				by = ByTitle
			}
			bd.out.pairs = append(bd.out.pairs, pair{desired: d, live: &bd.live[li], by: by})
		default:
			if err := conflict(bd.desired, ds, bd.relevant, bd.live[li].ID, bd.idClaim[li]); err != nil {
				bd.out.errs = append(bd.out.errs, err)
			}
		}
	}
}

// pairCreates pairs each unbound file with nothing (a create), unless
// several would create resources with the same title: a conflict.
func (bd *binder) pairCreates() {
	creates := map[titleKey][]int{}
	for _, i := range bd.unbound {
		tk := titleKeyOf(&bd.desired[i])
		creates[tk] = append(creates[tk], i)
	}
	for _, i := range bd.unbound {
		ds := creates[titleKeyOf(&bd.desired[i])]
		switch {
		case len(ds) == 1:
			bd.out.pairs = append(bd.out.pairs, pair{desired: &bd.desired[i]})
		case ds[0] == i:
			if err := conflict(bd.desired, ds, bd.relevant, "", false); err != nil {
				bd.out.errs = append(bd.out.errs, err)
			}
		}
	}
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
