package cli

import (
	"errors"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/pull"
	"github.com/octosync/octosync/internal/source"
)

// withMacroOps adds to ops the writes and removals that export the live
// macros of businesses (read-only in the API) into macros/ folders.
func withMacroOps(env *Env, lister provider.Macros, repo *source.Repo, businesses []string, ops []pull.Op, dirty map[string]bool, noGit, force bool) ([]pull.Op, error) {
	live, err := pull.FetchMacros(env.Ctx, lister, businesses)
	if err != nil {
		return nil, err
	}
	mops, err := pull.MacroOps(repo, businesses, live, dirty, noGit, force)
	if err != nil {
		return nil, err
	}
	ops = append(ops, mops...)
	slices.SortStableFunc(ops, func(a, b pull.Op) int { return strings.Compare(a.Path, b.Path) })
	return ops, nil
}

// macroWarnings warns about macro files edited locally: plan and apply
// never write macros. Macros are fetched only when the repository has macro
// files; businesses empty means all of the repository's.
func macroWarnings(env *Env, repo *source.Repo, sess *session, businesses []string) ([]string, error) {
	if len(repo.Macros) == 0 {
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
