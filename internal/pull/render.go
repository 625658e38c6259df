package pull

import "github.com/octosync/octosync/internal/resource"

// RenderOps are the operations that rewrite the file at p (and its
// condition provider, keeping providerPath's name when set) with lr's
// content in canonical form, keeping the file's name and writing lr's id:
// what pull does to a file whose resource changed live. reason is for the
// report. Nothing is written.
func RenderOps(p string, lr resource.Resource, providerPath, reason string) ([]Op, error) {
	return writeOps(p, lr, providerPath, lr.Key(), reason)
}
