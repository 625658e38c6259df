package lint

import (
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/values"
)

// placeholderOpen starts a placeholder (or, doubled, its escape).
const placeholderOpen = "${{"

// asRendered runs check, a check of the text of fields (a length limit, a
// blank text), on what the server receives. In a repository with
// environments a field that holds a placeholder is sent rendered, so check
// runs on each environment's rendering of d, and a value that pushes a
// title over its limit (or leaves a trigger blank) in one environment is
// found before apply meets the refusal. A
// finding the same in several environments (the same message at the same
// place: their rendered texts agree) is reported once, naming them. An
// environment that cannot render d (a missing value) is skipped:
// checkValues reports that. Elsewhere check runs on d as written, so only
// fields holding placeholders cost a rendering.
func (c *checker) asRendered(d *document.Document, check func(*document.Document) diag.List, fields ...string) diag.List {
	cfg := c.repo.Config
	if cfg == nil || len(cfg.Environments) == 0 || !holdsPlaceholder(d, fields) {
		return check(d)
	}
	return perEnvironment(cfg.Environments, func(e config.Environment) diag.List {
		spec, err := values.RenderSpec(d.Spec, e.Values)
		if err != nil {
			return nil
		}
		rd := *d
		rd.Spec = spec
		return check(&rd)
	})
}

// perEnvironment runs check once per environment of envs and reports each
// finding once, followed by the environments it holds in: a finding the
// same in several environments (the same message at the same place) is
// one, naming them all.
func perEnvironment(envs []config.Environment, check func(config.Environment) diag.List) diag.List {
	var order []diag.Diagnostic
	in := map[diag.Diagnostic][]string{}
	for _, e := range envs {
		for _, f := range check(e) {
			if in[f] == nil {
				order = append(order, f)
			}
			in[f] = append(in[f], e.Name)
		}
	}
	out := make(diag.List, len(order))
	for i, f := range order {
		f.Message += " (" + renderedFor(in[f]) + ")"
		out[i] = f
	}
	return out
}

// holdsPlaceholder reports whether one of d's fields may render to other
// text than it holds: it holds `${{`.
func holdsPlaceholder(d *document.Document, fields []string) bool {
	for _, f := range values.Fields(d.Spec) {
		if slices.Contains(fields, f.Name) && strings.Contains(f.Text, placeholderOpen) {
			return true
		}
	}
	return false
}

// renderedFor names the environments a finding holds in.
func renderedFor(envs []string) string {
	if len(envs) == 1 {
		return "as rendered for the environment " + envs[0]
	}
	return "as rendered for the environments " + strings.Join(envs[:len(envs)-1], ", ") + " and " + envs[len(envs)-1]
}
