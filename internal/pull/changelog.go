package pull

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// DriftTrailer is the last line of every commit `pull --drift-only
// --branch` makes: it marks the branch as octosync's own, so the next
// night's run may move it (gitrepo.CommitOptions.Own).
const DriftTrailer = "Octosync-Pull: drift"

// changelogParallel bounds the version-history requests of Changelog.
const changelogParallel = 4

// Changelog says who changed what, one line per resource a pull wrote or
// removed, sorted: `northwind-us/article "Returns": edited in the dashboard
// by alice at 2026-11-02 09:30 UTC (version 4)`. The author and time come
// from the newest entry of each resource's version history, read through
// prov (one request per resource, a few at a time).
func Changelog(ctx context.Context, prov provider.Provider, ops []Op) ([]string, error) {
	var keys []resource.Key
	for _, o := range ops {
		if o.Kind != Skip && o.Subject.ID != "" && !slices.Contains(keys, o.Subject) {
			keys = append(keys, o.Subject)
		}
	}
	lines := make([]string, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(changelogParallel)
	for i, k := range keys {
		g.Go(func() error {
			vs, err := prov.Versions(gctx, k.Business, k.Kind, k.ID)
			if err != nil {
				return fmt.Errorf("%s: version history: %w", k, err)
			}
			lines[i] = fmt.Sprintf("%s/%s %q: %s", k.Business, k.Kind, k.Title, whoChanged(vs))
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	slices.Sort(lines)
	return lines, nil
}

// whoChanged describes the newest version: what was done, by whom, when.
func whoChanged(vs []provider.Version) string {
	if len(vs) == 0 {
		return "changed live (no version history)"
	}
	v := vs[0]
	verb := map[provider.ChangeType]string{
		provider.ChangeCreate: "created", provider.ChangeUpdate: "edited",
		provider.ChangeDelete: "deleted", provider.ChangeRestore: "restored",
	}[v.ChangeType]
	if verb == "" {
		verb = "changed"
	}
	var b strings.Builder
	b.WriteString(verb)
	switch v.Author.Type {
	case provider.AuthorUser:
		b.WriteString(" in the dashboard")
	case provider.AuthorAPIKey:
		b.WriteString(" through the API")
	}
	if v.Author.Name != "" {
		b.WriteString(" by " + v.Author.Name)
	}
	if !v.CreatedAt.IsZero() {
		b.WriteString(" at " + v.CreatedAt.UTC().Format("2006-01-02 15:04 UTC"))
	}
	fmt.Fprintf(&b, " (version %d)", v.Number)
	return b.String()
}

// DriftMessage is the commit message of a drift-only pull: subject, the
// changelog as a list, and DriftTrailer.
func DriftMessage(subject string, changelog []string) string {
	var b strings.Builder
	b.WriteString(subject + "\n\n")
	if len(changelog) > 0 {
		b.WriteString("Changed outside git since the repository last held it:\n\n")
		for _, l := range changelog {
			b.WriteString("- " + l + "\n")
		}
		b.WriteString("\n")
	}
	b.WriteString(DriftTrailer + "\n")
	return b.String()
}
