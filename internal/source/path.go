package source

import (
	"path"
	"strings"

	"github.com/octosync/octosync/internal/resource"
)

// BusinessOf returns the business slug of a repository path
// ("businesses/acme/articles/a.md" → "acme"), or "" for a path outside
// businesses/.
func BusinessOf(p string) string {
	rest, ok := strings.CutPrefix(p, BusinessesDir+"/")
	if !ok {
		return ""
	}
	b, _, _ := strings.Cut(rest, "/")
	return b
}

// KindOf returns the kind whose folder holds the repository path
// ("businesses/acme/bot-rules/r.yaml" → KindBotRule), and false for a path
// that is not in a kind folder.
func KindOf(p string) (resource.Kind, bool) {
	parts := strings.Split(p, "/")
	if len(parts) != 4 || parts[0] != BusinessesDir {
		return "", false
	}
	return resource.KindFromDir(parts[2])
}

// KindDir returns the folder, relative to the repository root, that holds
// the resources of kind k of business.
func KindDir(business string, k resource.Kind) string {
	return path.Join(BusinessesDir, business, k.Dir())
}
