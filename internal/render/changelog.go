package render

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/pull"
)

// Changelog says who changed what, one sorted line per resource a pull
// wrote or removed: `northwind-us/article "Returns": edited in the dashboard
// by alice at 2026-11-02 09:30 UTC (version 4)`, from newest, each
// resource's newest version by live id (live.Authors).
func Changelog(ops []pull.Op, newest map[string]provider.Version) []string {
	var lines []string
	for _, k := range pull.ChangelogKeys(ops) {
		what := "changed live (no version history)"
		if v, ok := newest[k.ID]; ok {
			what = authorship(changeVerb(v.ChangeType), v.Author, v.CreatedAt, v.Number)
		}
		lines = append(lines, fmt.Sprintf("%s/%s %s: %s", k.Business, k.Kind, quote(k.Title), visible(what)))
	}
	slices.Sort(lines)
	return lines
}

func changeVerb(t provider.ChangeType) string {
	switch t {
	case provider.ChangeCreate:
		return "created"
	case provider.ChangeUpdate:
		return "edited"
	case provider.ChangeDelete:
		return "deleted"
	case provider.ChangeRestore:
		return "restored"
	}
	return "changed"
}

// authorship is "edited in the dashboard by alice at 2026-11-02 09:30 UTC
// (version 4)": what was done, where, by whom, when; unknown parts are left
// out.
func authorship(verb string, a provider.Author, at time.Time, version int) string {
	var b strings.Builder
	b.WriteString(verb)
	switch a.Type {
	case provider.AuthorUser:
		b.WriteString(" in the dashboard")
	case provider.AuthorAPIKey:
		b.WriteString(" through the API")
	default:
		b.WriteString(" outside this repository")
	}
	if a.Name != "" {
		b.WriteString(" by " + a.Name)
	}
	if !at.IsZero() {
		b.WriteString(" at " + at.UTC().Format("2006-01-02 15:04 UTC"))
	}
	if version > 0 {
		fmt.Fprintf(&b, " (version %d)", version)
	}
	return b.String()
}
