package plan

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/resource"
)

// UnmanagedKind says which fields octosync does not manage the live
// resources of one kind carry, and on how many: the plan names them once
// per kind, so that the reader knows they exist and that every write keeps
// them (Change.Unmanaged).
type UnmanagedKind struct {
	Kind   resource.Kind    `json:"kind"`
	Fields []UnmanagedField `json:"fields"` // sorted by name
}

// UnmanagedField is one unmanaged field and the number of live resources
// of its kind that carry it.
type UnmanagedField struct {
	Name      string `json:"name"`
	Resources int    `json:"resources"`
}

// Line is the field summary as one sentence, e.g. "live articles carry 2
// fields octosync does not manage (category on 37, visibility on 37): kept
// as they are". Field names come from the server: renderers escape the
// line like any server text.
func (u UnmanagedKind) Line() string {
	parts := make([]string, len(u.Fields))
	for i, f := range u.Fields {
		parts[i] = fmt.Sprintf("%s on %d", f.Name, f.Resources)
	}
	fields := "fields"
	if len(u.Fields) == 1 {
		fields = "field"
	}
	return fmt.Sprintf("live %s carry %d %s octosync does not manage (%s): kept as they are",
		u.Kind.Dir(), len(u.Fields), fields, strings.Join(parts, ", "))
}

// unmanagedSummary counts the unmanaged fields of the live resources that
// are not deleted and that the plan looks at (opts' filters and ignores),
// per kind in kind order.
func unmanagedSummary(lives []resource.Resource, opts Options, f filter) []UnmanagedKind {
	counts := map[resource.Kind]map[string]int{}
	for i := range lives {
		l := &lives[i]
		if len(l.Unmanaged) == 0 || l.Deleted() || opts.ignored(l.Kind(), l.Title()) || !f.selects(l.Key(), "") {
			continue
		}
		if counts[l.Kind()] == nil {
			counts[l.Kind()] = map[string]int{}
		}
		for _, name := range l.Unmanaged.FieldNames(l.Kind()) {
			counts[l.Kind()][name]++
		}
	}
	var out []UnmanagedKind
	for _, k := range resource.Kinds {
		if len(counts[k]) == 0 {
			continue
		}
		u := UnmanagedKind{Kind: k}
		for name, n := range counts[k] {
			u.Fields = append(u.Fields, UnmanagedField{Name: name, Resources: n})
		}
		slices.SortFunc(u.Fields, func(a, b UnmanagedField) int { return cmp.Compare(a.Name, b.Name) })
		out = append(out, u)
	}
	return out
}

// lostVariantKeys warns, for each update or restore of a workflow, of each
// live variant carrying keys octosync does not manage that the file no
// longer names (renamed or removed): a write keeps a variant's keys only
// inside the variant of the same name, so the server resets those of a
// renamed one. In change order, then by variant name.
func lostVariantKeys(changes []Change) []string {
	var out []string
	for _, c := range changes {
		w, ok := c.After.(resource.Workflow)
		if !ok || (c.Action != Update && c.Action != Restore) {
			continue
		}
		live := c.Unmanaged.Variants()
		for _, name := range slices.Sorted(maps.Keys(live)) {
			if len(live[name]) == 0 || slices.ContainsFunc(w.Variants, func(v resource.Variant) bool { return v.Name == name }) {
				continue
			}
			out = append(out, fmt.Sprintf("%s: the live variant %q has fields octosync does not manage (%s), kept only under the variant's own name; the file no longer names it, so the server resets them (keep the name to keep them)",
				c.Path, name, strings.Join(live[name].Names(), ", ")))
		}
	}
	return out
}
