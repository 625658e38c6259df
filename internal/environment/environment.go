package environment

import (
	"fmt"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/values"
)

// Desired is d as env sees it: resources rendered with env's values,
// businesses under their live slugs, ids kept only in the id environment.
// A placeholder without a value is an error naming the file (validate
// reports every one with its line first).
func Desired(d plan.Desired, env *config.Environment) (plan.Desired, error) {
	if env == nil {
		return d, nil
	}
	out := plan.Desired{Businesses: make([]string, len(d.Businesses)), Resources: make([]resource.Resource, len(d.Resources))}
	for i, b := range d.Businesses {
		out.Businesses[i] = env.Slug(b)
	}
	for i, r := range d.Resources {
		spec, err := values.RenderSpec(r.Spec, env.Values)
		if err != nil {
			return plan.Desired{}, fmt.Errorf("%s: %w (environment %s)", r.Path, err, env.Name)
		}
		r.Spec = spec
		r.Business = env.Slug(r.Business)
		if !env.IDs {
			r.ID = ""
		}
		out.Resources[i] = r
	}
	return out, nil
}

// RenderBase is a base (a file's content at some commit) as env sees it:
// rendered with today's values. ok is false for a base that does not
// render (a placeholder since removed from octosync.yaml): it can match
// nothing live.
func RenderBase(env *config.Environment) func(resource.Spec) (resource.Spec, bool) {
	if env == nil {
		return nil
	}
	return func(s resource.Spec) (resource.Spec, bool) {
		r, err := values.RenderSpec(s, env.Values)
		return r, err == nil
	}
}

// Bases answers for live slugs from bases kept under business folders.
func Bases(inner plan.Bases, env *config.Environment) plan.Bases {
	if env == nil || inner == nil || len(env.Businesses) == 0 {
		return inner
	}
	return slugBases{inner: inner, env: env}
}

type slugBases struct {
	inner plan.Bases
	env   *config.Environment
}

func (b slugBases) Committed(business string, spec resource.Spec) bool {
	return b.inner.Committed(b.env.Folder(business), spec)
}

// FormerTitles forwards the inner bases' (paths are the same in every
// environment).
func (b slugBases) FormerTitles(path string) []string {
	if ft, ok := b.inner.(plan.FormerTitles); ok {
		return ft.FormerTitles(path)
	}
	return nil
}

// Restore is live, a resource of env, as its file should hold it. file is
// the resource the file holds now, unrendered (nil for a live resource
// that has no file yet): its placeholders are kept where live still holds
// their values, and its id stays unless env is the id environment, whose
// ids the files hold. The result is under the business folder. Lost lists
// the placeholders an edit replaced with other text.
func Restore(file *resource.Resource, live resource.Resource, env *config.Environment) (resource.Resource, []values.FieldLost, error) {
	if env == nil {
		return live, nil, nil
	}
	live.Business = env.Folder(live.Business)
	if !env.IDs {
		live.ID = ""
		if file != nil {
			live.ID = file.ID
		}
	}
	if file == nil || file.Spec.Kind() != live.Spec.Kind() {
		live.Spec = values.EscapeSpec(live.Spec) // nothing live is a placeholder
		return live, nil, nil
	}
	spec, lost, err := values.RestoreSpec(file.Spec, live.Spec, env.Values)
	if err != nil {
		return resource.Resource{}, nil, fmt.Errorf("%s: %w (environment %s)", file.Path, err, env.Name)
	}
	live.Spec = spec
	return live, lost, nil
}
