package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/environment"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// Target is a resource whose history is read or rolled back: a live
// resource and, when the repository has one, the file bound to it.
type Target struct {
	// Doc is the bound file; nil for a live resource no file describes.
	Doc *document.Document
	// Spec is Doc's content as the environment sees it (rendered with
	// its values; Doc.Spec without environments), nil without Doc: what
	// live versions are compared with.
	Spec resource.Spec
	Live resource.Resource
}

// Path is the bound file, or "" when there is none.
func (t Target) Path() string {
	if t.Doc == nil {
		return ""
	}
	return t.Doc.Path
}

// ErrNotResourceFile: a path names no resource file of the repository.
var ErrNotResourceFile = errors.New("not a resource file")

// ErrNoSuchFile: a path names a file that does not exist.
var ErrNoSuchFile = errors.New("no such file")

// ErrNoLiveResource: a resource file is bound to no live resource (it has
// never been applied, or its id names a resource of another organization).
var ErrNoLiveResource = errors.New("no live resource")

// Documents returns the document of each of paths (slash-separated,
// relative to repo.Root; a condition provider names its workflow), each
// once, in the order given: ErrNoSuchFile, naming the path, for one that
// does not exist, and ErrNotResourceFile for one that is no resource file
// of the repository.
func Documents(repo *source.Repo, paths []string) ([]*document.Document, error) {
	var docs []*document.Document
	for _, p := range paths {
		d, err := documentOf(repo, p)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(docs, d) {
			docs = append(docs, d)
		}
	}
	return docs, nil
}

// Resolve binds each of docs to its live resource, as plan binds them in
// env (nil without environments): by the files' ids in the id
// environment, by their rendered titles under the live slugs in any other.
// live holds the live resources of the businesses and kinds involved,
// soft-deleted ones included. Errors name the file: one with no live
// resource (ErrNoLiveResource), or the plan's binding errors (two live
// resources with the file's title).
func Resolve(repo *source.Repo, env *config.Environment, live []resource.Resource, docs []*document.Document) ([]Target, error) {
	bound, err := bind(repo, env, live, docs)
	if err != nil {
		return nil, err
	}
	out := make([]Target, 0, len(docs))
	for _, d := range docs {
		b, ok := bound[d.Path]
		if !ok {
			return nil, noLiveResource(d.Path, env)
		}
		out = append(out, Target{Doc: d, Spec: b.spec, Live: b.live})
	}
	return out, nil
}

// Business lists a target for every live resource of the business kept in
// folder (of kinds; nil means all) in live, with the file bound to it in
// env when there is one, sorted by key.
func Business(repo *source.Repo, env *config.Environment, live []resource.Resource, folder string, kinds []resource.Kind) ([]Target, error) {
	var docs []*document.Document
	for _, d := range repo.Documents {
		if source.BusinessOf(d.Path) == folder && (kinds == nil || slices.Contains(kinds, d.Kind)) {
			docs = append(docs, d)
		}
	}
	bound, err := bind(repo, env, live, docs)
	if err != nil {
		return nil, err
	}
	byID := map[string]*document.Document{}
	specs := map[string]resource.Spec{}
	for _, d := range docs {
		if b, ok := bound[d.Path]; ok {
			byID[b.live.ID], specs[b.live.ID] = d, b.spec
		}
	}
	slug := env.Slug(folder)
	var out []Target
	for _, l := range live {
		if l.Business == slug && (kinds == nil || slices.Contains(kinds, l.Kind())) {
			out = append(out, Target{Doc: byID[l.ID], Spec: specs[l.ID], Live: l})
		}
	}
	slices.SortStableFunc(out, func(a, b Target) int { return a.Live.Key().Compare(b.Live.Key()) })
	return out, nil
}

func documentOf(repo *source.Repo, p string) (*document.Document, error) {
	if d := repo.Document(p); d != nil {
		return d, nil
	}
	for _, d := range repo.Documents {
		if d.ProviderPath == p {
			return d, nil
		}
	}
	if _, err := os.Lstat(filepath.Join(repo.Root, filepath.FromSlash(p))); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w: it does not exist in the repository; check the path (`git log --all -- %s` tells where a file went)", p, ErrNoSuchFile, p)
	}
	return nil, fmt.Errorf("%s: %w: name an article (.md), workflow or bot rule (.yaml) under businesses/<slug>/, or a workflow's condition provider (.py)", p, ErrNotResourceFile)
}

// binding is a file bound to its live resource: the file's content as the
// environment sees it, and the live resource.
type binding struct {
	spec resource.Spec
	live resource.Resource
}

// bind maps the path of each of docs to the live resource the plan binds
// it to in env (plan.Plan.Bindings, the one matching of files to live
// resources, over the files as env sees them: environment.Desired); a
// path is missing when the file would be created.
func bind(repo *source.Repo, env *config.Environment, live []resource.Resource, docs []*document.Document) (map[string]binding, error) {
	out := map[string]binding{}
	if len(docs) == 0 {
		return out, nil
	}
	var paths []string
	for _, d := range docs {
		paths = append(paths, d.Path)
	}
	desired, err := environment.Desired(plan.Desired{Businesses: repo.Businesses, Resources: repo.Resources}, env)
	if err != nil {
		return nil, err
	}
	p, err := plan.Compute(desired, plan.Live{Resources: live}, plan.Options{Paths: paths})
	if err != nil {
		return nil, err
	}
	specs := map[string]resource.Spec{}
	for _, r := range desired.Resources {
		specs[r.Path] = r.Spec
	}
	for _, b := range p.Bindings {
		if l, ok := liveByID(live, b.Live.Business, b.Live.Kind, b.Live.ID); ok && slices.Contains(paths, b.Path) {
			out[b.Path] = binding{spec: specs[b.Path], live: l}
		}
	}
	return out, nil
}

// noLiveResource is ErrNoLiveResource for the file at path in env (nil
// without environments), with what to do there.
func noLiveResource(path string, env *config.Environment) error {
	if env == nil {
		return fmt.Errorf("%s: %w: apply it first (`octosync apply`), or check that its id belongs to this organization", path, ErrNoLiveResource)
	}
	flag, check := "", "its id belongs to this organization"
	if !env.Default {
		flag = " --env " + env.Name
	}
	if !env.IDs {
		check = "the live resource still has the file's title (a file is bound by its title outside the environment whose ids the files hold)"
	}
	return fmt.Errorf("%s: %w in environment %s: apply it first (`octosync apply%s`), or check that %s", path, ErrNoLiveResource, env.Name, flag, check)
}

func liveByID(live []resource.Resource, business string, kind resource.Kind, id string) (resource.Resource, bool) {
	for _, l := range live {
		if l.Business == business && l.Kind() == kind && l.ID == id {
			return l, true
		}
	}
	return resource.Resource{}, false
}
