package pull

import (
	"context"
	"fmt"
	"strings"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/source"
)

// NoBusinessesError: a pull into a repository that manages none of the
// organization's businesses (no folder under businesses/), without
// --business, would find nothing to do and say "up to date". It names the
// businesses the organization has, and how to add them.
type NoBusinessesError struct {
	Available []string
}

func (e *NoBusinessesError) Error() string {
	if len(e.Available) == 0 {
		return "the repository has no business folder under businesses/, and the organization has no business either: nothing to pull"
	}
	flags := "--business " + strings.Join(e.Available, " --business ")
	return fmt.Sprintf("the repository has no business folder under businesses/, so it manages none of the organization's businesses (%s): add them with `octosync pull %s`, or only the ones you want", strings.Join(e.Available, ", "), flags)
}

// CheckManaged fails with a NoBusinessesError when repo declares no
// business and the pull asks for none (asked: --business): it costs one
// request, only then.
func CheckManaged(ctx context.Context, prov provider.Provider, repo *source.Repo, asked []string) error {
	if len(repo.Businesses) > 0 || len(asked) > 0 {
		return nil
	}
	all, err := prov.Businesses(ctx)
	if err != nil {
		return err
	}
	e := &NoBusinessesError{}
	for _, b := range all {
		if source.ValidSlug(b.Slug) {
			e.Available = append(e.Available, b.Slug)
		}
	}
	return e
}
