package pull

import (
	"slices"

	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// DirtyFiles says which files of repo may hold work pull must not
// overwrite: inside git, those git status reports changed (git is the
// repository open at repo.Root, nil outside git); outside git, every
// existing file, since nothing can tell an edit from an outdated file
// there (noGit true).
func DirtyFiles(repo *source.Repo, git *gitrepo.Repo) (dirty map[string]bool, noGit bool, err error) {
	dirty = map[string]bool{}
	if git == nil {
		for _, f := range repo.Files {
			dirty[f] = true
		}
		return dirty, true, nil
	}
	if dirty, err = source.UncommittedIn(git); err != nil {
		return nil, false, err
	}
	return dirty, false, nil
}

// skipDirtyIDRecords turns id-only rewrites of dirty files into skips (the
// whole resource's, provider included): recording an id is never worth
// refusing a pull. skipped holds the resources skipped.
func skipDirtyIDRecords(ops []Op, opts Options) ([]Op, map[resource.Key]bool) {
	skipped := map[resource.Key]bool{}
	if opts.Force || opts.Dirty == nil {
		return ops, skipped
	}
	for _, o := range ops {
		if !o.New && opts.Dirty[o.Path] && o.Reason == reasonIDRecorded {
			skipped[o.Subject] = true
		}
	}
	kept := ops[:0]
	for _, o := range ops {
		if o.Reason == reasonIDRecorded && skipped[o.Subject] {
			if opts.Dirty[o.Path] {
				kept = append(kept, Op{Kind: Skip, Path: o.Path, Subject: o.Subject, Reason: "has uncommitted changes; its id is not recorded this time"})
			}
			continue
		}
		kept = append(kept, o)
	}
	return kept, skipped
}

// refuseDirty fails the whole pull when any operation would overwrite or
// remove a dirty file, unless opts.Force.
func refuseDirty(ops []Op, opts Options) error {
	if opts.Force || opts.Dirty == nil {
		return nil
	}
	var dirty []string
	for _, o := range ops {
		if o.Kind != Skip && !o.New && opts.Dirty[o.Path] {
			dirty = append(dirty, o.Path)
		}
	}
	if len(dirty) == 0 {
		return nil
	}
	slices.Sort(dirty)
	return &DirtyError{Paths: slices.Compact(dirty), NoGit: opts.NoGit}
}
