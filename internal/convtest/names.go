package convtest

import (
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
	"github.com/octosync/octosync/internal/values"
	"github.com/octosync/octosync/internal/yamlnode"
)

// checkNames warns about workflow and article names that no file of the
// test's business has (by title or id): a typo, most likely, though the
// resource may exist only live. With an environment the tests' names are
// rendered, so the files' titles are too.
func checkNames(repo *source.Repo, tests []*Test, env *config.Environment) diag.List {
	var diags diag.List
	known := map[resource.Kind]map[string][]string{} // kind → business → titles and ids
	for _, r := range repo.Resources {
		byBiz := known[r.Kind()]
		if byBiz == nil {
			byBiz = map[string][]string{}
			known[r.Kind()] = byBiz
		}
		title := r.Title()
		if env != nil {
			if s, err := values.RenderText(title, env.Values); err == nil {
				title = s
			}
		}
		byBiz[r.Business] = append(byBiz[r.Business], title)
		if r.ID != "" {
			byBiz[r.Business] = append(byBiz[r.Business], r.ID)
		}
	}
	for _, t := range tests {
		for _, turn := range t.Turns {
			for _, e := range turn.Expect {
				var kind resource.Kind
				switch {
				case e.Kind == Workflow && e.Value != noneWorkflow:
					kind = resource.KindWorkflow
				case e.Kind == Articles:
					kind = resource.KindArticle
				default:
					continue
				}
				names := known[kind][t.Business]
				if slices.Contains(names, e.Value) {
					continue
				}
				msg := "no " + strings.ReplaceAll(string(kind), "-", " ") + " of business " + t.Business + " has the title or id " + quote(e.Value)
				if s, ok := yamlnode.Suggest(e.Value, names); ok {
					msg += ": did you mean " + quote(s) + "?"
				} else {
					msg += " in the repository; the test fails unless it exists live"
				}
				diags.Add(diag.Warningf(t.File, e.Pos, "%s", msg))
			}
		}
	}
	return diags
}
