package pull

import (
	"strings"

	"github.com/octosync/octosync/internal/config"
)

// DriftTrailer is the last line of every commit `pull --drift-only
// --branch` makes, followed by the environment's name in a repository
// with environments (driftTrailer): it marks the branch as octosync's
// own, so the next night's run may move it (gitrepo.CommitOptions.Own).
const DriftTrailer = "Octosync-Pull: drift"

// DriftMessage is the commit message of a drift-only pull: subject, the
// changelog (who changed what, render.Changelog) as a list, and env's
// DriftTrailer.
func DriftMessage(subject string, env *config.Environment, changelog []string) string {
	var b strings.Builder
	b.WriteString(subject + "\n\n")
	if len(changelog) > 0 {
		b.WriteString("Changed outside git since the repository last held it:\n\n")
		for _, l := range changelog {
			b.WriteString("- " + l + "\n")
		}
		b.WriteString("\n")
	}
	b.WriteString(driftTrailer(env) + "\n")
	return b.String()
}
