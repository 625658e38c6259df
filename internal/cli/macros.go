package cli

import (
	"errors"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/pull"
	"github.com/octosync/octosync/internal/source"
)

// macroWarnings warns about macro files edited locally: plan and apply
// never write macros. Macros are fetched only when the repository has macro
// files; businesses empty means all of the repository's.
func macroWarnings(env *Env, repo *source.Repo, sess *session, businesses []string) ([]string, error) {
	if len(repo.Macros) == 0 || !sess.Environment.AsWritten() {
		// Macro files hold the macros of the environment that sees the
		// files as written (pull.ExecOptions).
		return nil, nil
	}
	if len(businesses) == 0 {
		businesses = repo.Businesses
	}
	lister, ok := sess.Provider.(provider.Macros)
	if !ok {
		return nil, nil
	}
	live, err := pull.FetchMacros(env.Ctx, lister, businesses)
	if errors.Is(err, provider.ErrNoMacros) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return pull.MacroWarnings(repo, businesses, live), nil
}
