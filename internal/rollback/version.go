package rollback

import (
	"context"
	"errors"
	"fmt"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/environment"
	"github.com/octosync/octosync/internal/history"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/pull"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// VersionRequest asks for the resource of each file to go back to one of
// its server versions.
type VersionRequest struct {
	Docs []*document.Document
	// Version is the version to go back to; with Previous, the one
	// before each resource's current version instead.
	Version  int
	Previous bool
	// Target and Sandbox name the API the plan is made against, as
	// plan.Options does.
	Target  string
	Sandbox bool
	// Env is the environment of octosync.yaml rolled back, nil without
	// environments: the version is written into the file in the file's
	// terms, its placeholders kept (environment.Restore).
	Env *config.Environment
}

// ErrNoSuchVersion: the version asked for does not exist.
var ErrNoSuchVersion = errors.New("no such version")

// ToVersion plans a rollback of each file's resource to a version of its
// history, through plan.Compute as a rollback: the live resource becomes
// that version again through the restore endpoint (conditional on the live version, a new version
// "restored from vN"), and the file is rewritten from that version's
// content in canonical form, keeping its name, its id and its condition
// provider's name. Nothing is written; every problem (a version that does
// not exist, a file with no live resource, uncommitted changes in a file to
// rewrite) is an error before any change.
func ToVersion(ctx context.Context, prov provider.Provider, repo *source.Repo, req VersionRequest) (*Rollback, error) {
	for _, d := range req.Docs {
		if err := unshared(repo, d); err != nil {
			return nil, err
		}
	}
	targets, err := history.Targets(ctx, prov, repo, history.Query{Docs: req.Docs, Env: req.Env})
	if err != nil {
		return nil, err
	}
	var (
		ops      []pull.Op
		numbers  []int
		details  []string
		desired  []resource.Resource
		lives    []resource.Resource
		versions = map[string][]provider.Version{}
	)
	for _, t := range targets {
		v, err := wantedVersion(ctx, prov, t, req)
		if err != nil {
			return nil, err
		}
		numbers = append(numbers, v.Number)
		desired = append(desired, resource.Resource{Business: t.Live.Business, ID: t.Live.ID, Path: t.Path(), Spec: v.Snapshot})
		lives = append(lives, t.Live)
		versions[t.Live.ID] = []provider.Version{v}
		file := resource.Resource{Business: source.BusinessOf(t.Doc.Path), ID: t.Doc.ID, Spec: t.Doc.Spec, Path: t.Doc.Path}
		lr, _, err := environment.Restore(&file, resource.Resource{Business: t.Live.Business, ID: t.Live.ID, Spec: v.Snapshot}, req.Env)
		if err != nil {
			return nil, err
		}
		o, err := pull.RenderOps(t.Doc.Path, lr, t.Doc.ProviderPath, fmt.Sprintf("rolled back to version %d", v.Number))
		if err != nil {
			return nil, err
		}
		ops = append(ops, o...)
		details = append(details, fmt.Sprintf("%s: version %d → version %d", describe(t.Live), t.Live.Meta.Version, v.Number))
	}
	// The one planner, as a rollback: each resource whose live content is
	// not the version's is restored to that version (plan's match rule).
	p, err := plan.Compute(plan.Desired{Resources: desired}, plan.Live{Resources: lives},
		plan.Options{Rollback: true, Versions: versions, Target: req.Target, Sandbox: req.Sandbox, Environment: req.Env.NameOf()})
	if err != nil {
		return nil, err
	}
	rb := &Rollback{Plan: p, root: repo.Root, Details: details}
	if rb.Files, err = changedOnly(repo.Root, ops); err != nil {
		return nil, err
	}
	if err := refuseDirty(repo.Root, rb.Files); err != nil {
		return nil, err
	}
	rb.Subject = versionSubject(targets, req, numbers)
	return rb, nil
}

// unshared refuses to rewrite a workflow whose condition provider file
// another workflow uses too: rewriting it would change that workflow.
func unshared(repo *source.Repo, doc *document.Document) error {
	if doc.ProviderPath == "" {
		return nil
	}
	for _, d := range repo.Documents {
		if d != doc && d.ProviderPath == doc.ProviderPath {
			return fmt.Errorf("%s: its condition provider %s is also %s's, so rolling back one would change both: give each workflow its own .py file first", doc.Path, doc.ProviderPath, d.Path)
		}
	}
	return nil
}

// wantedVersion fetches the version req asks for of t's resource.
func wantedVersion(ctx context.Context, prov provider.Provider, t history.Target, req VersionRequest) (provider.Version, error) {
	live := t.Live
	n := req.Version
	switch {
	case req.Previous && live.Deleted():
		// The content it had when it was deleted.
		n = plan.BeforeDeletion(live.Meta.Version)
	case req.Previous:
		n = live.Meta.Version - 1
	}
	hint := fmt.Sprintf("see `octosync history %s` for its versions", t.Path())
	if n < 1 || n > live.Meta.Version {
		return provider.Version{}, fmt.Errorf("%s: %w: %s has versions 1 to %d; %s", t.Path(), ErrNoSuchVersion, describe(live), live.Meta.Version, hint)
	}
	v, err := prov.Version(ctx, live.Business, live.Kind(), live.ID, n)
	if errors.Is(err, provider.ErrNotFound) {
		return provider.Version{}, fmt.Errorf("%s: %w: %s has no version %d; %s", t.Path(), ErrNoSuchVersion, describe(live), n, hint)
	}
	if err != nil {
		return provider.Version{}, fmt.Errorf("%s: %w", t.Path(), err)
	}
	if v.Snapshot == nil {
		return provider.Version{}, fmt.Errorf("%s: version %d of %s has no content to restore", t.Path(), n, describe(live))
	}
	return v, nil
}

// describe names a live resource: bot-rule "Be kind" in demo (rule_1).
func describe(r resource.Resource) string { return describeKey(r.Key()) }

// describeKey names a resource by its key, with its id when it has one.
func describeKey(k resource.Key) string {
	s := fmt.Sprintf("%s %q in %s", k.Kind, k.Title, k.Business)
	if k.ID != "" {
		s += " (" + k.ID + ")"
	}
	return s
}

// versionSubject is the commit subject; numbers are the versions each
// target goes back to.
func versionSubject(targets []history.Target, req VersionRequest, numbers []int) string {
	if len(targets) == 1 {
		r := targets[0].Live
		return fmt.Sprintf("Roll back %s %q in %s to version %d", r.Kind(), r.Title(), r.Business, numbers[0])
	}
	to := fmt.Sprintf("version %d", req.Version)
	if req.Previous {
		to = "their previous versions"
	}
	return fmt.Sprintf("Roll back %d resources to %s", len(targets), to)
}
