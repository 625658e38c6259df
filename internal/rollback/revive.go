package rollback

import (
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
)

// revive turns each create of p into a restore when a soft-deleted live
// resource of the same business, kind and title exists: a file at the
// commit whose resource was deleted since (and that carries no id, so the
// plan binds it by title, which skips deleted resources) comes back with
// its history instead of as a new resource. Among several such resources
// the one whose content at deletion equals the file wins, else the one
// deleted last.
func revive(p *plan.Plan, live []resource.Resource) {
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Action != plan.Create || c.Withheld != "" {
			continue
		}
		l, ok := deletedNamesake(live, c.Key, c.After)
		if !ok {
			continue
		}
		c.Action = plan.Restore
		c.Key.ID = l.ID
		c.LiveVersion = l.Meta.Version
		c.RestoreVersion = plan.BeforeDeletion(l.Meta.Version)
		c.Before = l.Spec
		c.Fields = resource.Diff(l.Spec, c.After)
	}
}

func deletedNamesake(live []resource.Resource, key resource.Key, after resource.Spec) (resource.Resource, bool) {
	var best resource.Resource
	found := false
	title := resource.TitleKey(key.Title)
	for _, l := range live {
		if !l.Deleted() || l.Business != key.Business || l.Kind() != key.Kind || resource.TitleKey(l.Title()) != title {
			continue
		}
		switch {
		case !found:
			best, found = l, true
		case resource.Equal(l.Spec, after) != resource.Equal(best.Spec, after):
			if resource.Equal(l.Spec, after) {
				best = l
			}
		case l.Meta.DeletedAt.After(*best.Meta.DeletedAt):
			best = l
		}
	}
	return best, found
}
