package plan

import (
	"slices"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// A rollback (Options.Rollback) plans an earlier state of the repository
// against live with three more rules, so that what comes back keeps its
// identity and its history instead of being created anew. Compute applies
// them; the plan is finished when returned.
//
//   - revive: a file without an id that binds to nothing, whose business,
//     kind and title a soft-deleted live resource has, restores that
//     resource (the one whose content at deletion equals the file, else the
//     one deleted last) instead of creating another;
//   - reclaim: a create whose content a resource planned for deletion once
//     held (Options.Versions) restores that resource at that version, and
//     the delete goes: the resource was renamed since;
//   - match: an update or a restore whose content a version of the
//     resource holds (Options.Versions) restores the newest such version,
//     so the resource's lineage says "restored from vN".
//
// A restore brings back the version's whole snapshot, the fields octosync
// does not manage included. So reclaim and match restore a live resource
// only at a version whose unmanaged fields are the live ones
// (provider.Version.Unmanaged); otherwise the content goes by an update,
// which keeps the live fields (a dashboard edit of one made since that
// version is not reverted).

// revive binds each desired resource of pairs that binds to nothing to a
// soft-deleted namesake among lives that no other pair claims.
func revive(pairs []pair, lives []resource.Resource) {
	claimed := map[*resource.Resource]bool{}
	for _, pr := range pairs {
		if pr.live != nil {
			claimed[pr.live] = true
		}
	}
	for i := range pairs {
		if pairs[i].live != nil {
			continue
		}
		if l := deletedNamesake(lives, pairs[i].desired, claimed); l != nil {
			claimed[l] = true
			pairs[i].live = l
		}
	}
}

func deletedNamesake(lives []resource.Resource, d *resource.Resource, claimed map[*resource.Resource]bool) *resource.Resource {
	var best *resource.Resource
	want := titleKeyOf(d)
	for i := range lives {
		l := &lives[i]
		if !l.Deleted() || claimed[l] || titleKeyOf(l) != want {
			continue
		}
		switch {
		case best == nil:
			best = l
		case resource.Equal(l.Spec, d.Spec) != resource.Equal(best.Spec, d.Spec):
			if resource.Equal(l.Spec, d.Spec) {
				best = l
			}
		case l.Meta.DeletedAt.After(*best.Meta.DeletedAt):
			best = l
		}
	}
	return best
}

// reclaim turns each create of changes whose content a delete's resource
// once held (versions, by live id) into a restore of that resource at that
// version, and drops the delete. The delete's drift stays with the
// restore, so drift is still refused. lives are the live resources, for
// the fields an update instead of the restore keeps.
func reclaim(changes, deletes []Change, versions map[string][]provider.Version, lives []resource.Resource) ([]Change, []Change) {
	claimed := map[string]bool{}
	for i, c := range changes {
		if c.Action != Create {
			continue
		}
		for _, d := range deletes {
			if claimed[d.Key.ID] || d.Key.Business != c.Key.Business || d.Key.Kind != c.Key.Kind {
				continue
			}
			keep := liveUnmanaged(lives, d.Key)
			n, restorable, ok := matching(versions[d.Key.ID], c.After, keep)
			if !ok {
				continue
			}
			claimed[d.Key.ID] = true
			key := c.Key
			key.ID = d.Key.ID
			changes[i] = Change{Action: Restore, Key: key, Path: c.Path, LiveVersion: d.LiveVersion, RestoreVersion: n,
				Before: d.Before, After: c.After, Unmanaged: keep, Fields: resource.Diff(d.Before, c.After), Drift: d.Drift}
			if !restorable {
				changes[i].Action, changes[i].RestoreVersion = Update, 0
			}
			break
		}
	}
	deletes = slices.DeleteFunc(deletes, func(d Change) bool { return claimed[d.Key.ID] })
	return changes, deletes
}

// liveUnmanaged are the unmanaged fields of the live resource k names.
func liveUnmanaged(lives []resource.Resource, k resource.Key) resource.Unmanaged {
	for _, l := range lives {
		if l.ID == k.ID && l.Business == k.Business && l.Kind() == k.Kind {
			return l.Unmanaged
		}
	}
	return nil
}

// match makes each update or restore of changes whose After a version of
// its resource holds (versions, by live id) a restore of the newest such
// version. An update stays one when that version's unmanaged fields are
// not the live ones; a restore of a soft-deleted resource (which only the
// restore endpoint brings back) takes the version either way.
func match(changes []Change, versions map[string][]provider.Version) {
	for i := range changes {
		c := &changes[i]
		if c.Action != Update && c.Action != Restore {
			continue
		}
		n, restorable, ok := matching(versions[c.Key.ID], c.After, c.Unmanaged)
		if ok && (restorable || c.Action == Restore) {
			c.Action = Restore
			c.RestoreVersion = n
		}
	}
}

// matching returns the newest version of vs (newest first) whose content
// equals after, preferring, among those, the newest whose unmanaged fields
// equal live's (restorable: a restore of it keeps them); deletes hold no
// content of their own. ok is false when no version holds after.
func matching(vs []provider.Version, after resource.Spec, live resource.Unmanaged) (n int, restorable, ok bool) {
	for _, v := range vs {
		if v.ChangeType == provider.ChangeDelete || v.Snapshot == nil || !resource.Equal(v.Snapshot, after) {
			continue
		}
		if v.Unmanaged.Equal(live) {
			return v.Number, true, true
		}
		if !ok {
			n, ok = v.Number, true
		}
	}
	return n, false, ok
}

// VersionsWanted lists the live resources whose version histories a
// rollback plan could use (Options.Versions): those of its updates and
// restores, and those of its deletes in a business and kind that has a
// create. The pipeline fetches them only for a rollback.
func (p *Plan) VersionsWanted() []resource.Key {
	type group struct {
		business string
		kind     resource.Kind
	}
	creates := map[group]bool{}
	for _, c := range p.Changes {
		if c.Action == Create {
			creates[group{c.Key.Business, c.Key.Kind}] = true
		}
	}
	var out []resource.Key
	for _, c := range p.Changes {
		switch {
		case c.Action == Update, c.Action == Restore:
			out = append(out, c.Key)
		case c.Action == Delete && creates[group{c.Key.Business, c.Key.Kind}]:
			out = append(out, c.Key)
		}
	}
	return out
}
