package plan

import (
	"path"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/resource"
)

// filter is the compiled form of Options' Businesses, Kinds and Paths.
type filter struct {
	businesses []string
	kinds      []resource.Kind
	paths      []string // cleaned; nil when unrestricted
}

func newFilter(o Options) filter {
	f := filter{businesses: o.Businesses, kinds: o.Kinds}
	for _, p := range o.Paths {
		p = cleanPath(p)
		if p == "" {
			// "." selects the whole repository.
			f.paths = nil
			break
		}
		f.paths = append(f.paths, p)
	}
	return f
}

// cleanPath makes "./businesses/acme/" and "businesses/acme" the same;
// the repository root becomes "".
func cleanPath(p string) string {
	p = path.Clean(strings.ReplaceAll(p, "\\", "/"))
	if p == "." || p == "/" {
		return ""
	}
	return strings.TrimPrefix(p, "./")
}

// selects reports whether the change on key, from file p (empty for a
// delete), passes every filter.
func (f filter) selects(key resource.Key, p string) bool {
	if len(f.businesses) > 0 && !slices.Contains(f.businesses, key.Business) {
		return false
	}
	if len(f.kinds) > 0 && !slices.Contains(f.kinds, key.Kind) {
		return false
	}
	if len(f.paths) == 0 {
		return true
	}
	if p == "" {
		// A delete: its file would live in this folder.
		dir := "businesses/" + key.Business + "/" + key.Kind.Dir()
		return slices.ContainsFunc(f.paths, func(fp string) bool { return under(dir, fp) })
	}
	return slices.ContainsFunc(f.paths, func(fp string) bool { return under(p, fp) })
}

// under reports whether p equals prefix or lies below it as a directory.
func under(p, prefix string) bool {
	return p == prefix || strings.HasPrefix(p, prefix+"/")
}
