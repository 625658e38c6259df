package doctor

import (
	"fmt"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/provider"
)

// Environment is what doctor read of one environment of the repository
// (octosync.yaml's environments): the businesses its key sees, or why it
// was not read.
type Environment struct {
	Name string
	// Businesses are those the environment's key sees; nil when Skipped
	// or SameKey.
	Businesses []provider.Business
	// Skipped says why the environment was not read ("its key,
	// OCTOCOM_API_KEY_PRODUCTION, is not set").
	Skipped string
	// SameKey: its key is the checked environment's own.
	SameKey bool
}

// sameOrganization is what a failed comparison breaks.
const sameOrganization = "apply, rollback and pull in one environment read and write the other's organization: its key belongs to the wrong organization"

// CompareEnvironments adds the section "Environments": whether here, the
// environment doctor checked, and each of others reach different
// organizations. Two environments sharing a key, or a business (the same
// id and slug), are one organization, so that `apply --env staging` would
// change production. An environment not read is listed as not compared.
func (r *Report) CompareEnvironments(here Environment, others []Environment) {
	s := r.section("Environments")
	mine := map[provider.Business]bool{}
	for _, b := range here.Businesses {
		mine[provider.Business{ID: b.ID, Slug: b.Slug}] = true
	}
	for _, o := range others {
		switch {
		case o.SameKey:
			s.fail(sameOrganization, nil, "%s and %s use the same API key", here.Name, o.Name)
		case o.Skipped != "":
			s.skip("%s not compared: %s", o.Name, o.Skipped)
		default:
			var shared []string
			for _, b := range o.Businesses {
				if mine[provider.Business{ID: b.ID, Slug: b.Slug}] {
					shared = append(shared, fmt.Sprintf("%s (%s)", b.Slug, b.ID))
				}
			}
			slices.Sort(shared)
			if len(shared) > 0 {
				s.fail(sameOrganization, shared, "%s and %s reach the same organization: %d business(es) with the same id and slug", here.Name, o.Name, len(shared))
				continue
			}
			s.pass("%s and %s reach different organizations (%s)", here.Name, o.Name, slugs(o.Businesses))
		}
	}
	r.finish()
}

// slugs names businesses for a line: "northwind-eu-staging", "no business".
func slugs(bs []provider.Business) string {
	if len(bs) == 0 {
		return "no business"
	}
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Slug
	}
	slices.Sort(out)
	const most = 3
	if len(out) > most {
		return strings.Join(out[:most], ", ") + fmt.Sprintf(" and %d more", len(out)-most)
	}
	return strings.Join(out, ", ")
}
