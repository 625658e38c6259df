package source

import (
	"path"
	"strings"

	"github.com/octosync/octosync/internal/diag"
)

// Folders of a business that hold no resources: octosync reads them for
// other purposes and plan and apply never look inside.
const (
	// TestsDir holds conversation tests (businesses/<slug>/tests/*.yaml),
	// run by `octosync test` and checked by validate.
	TestsDir = "tests"
	// MacrosDir holds the business's macros as pull exports them
	// (businesses/<slug>/macros/*.yaml). Macros are read-only in the API:
	// the files are a reviewed record, never pushed.
	MacrosDir = "macros"
)

// walkExtra visits the tests/ or macros/ folder of business and records
// its YAML files in Repo.Tests or Repo.Macros. Anything else in it is
// reported, since it would silently be ignored.
func (l *loader) walkExtra(business, folder string) error {
	dir := path.Join(BusinessesDir, business, folder)
	entries, err := l.readDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		rel := path.Join(dir, e.name)
		switch ext := path.Ext(e.name); {
		case e.problem != "":
			l.errorf(rel, "%s", e.problem)
		case e.dir:
			l.errorf(rel, "`%s/` is not read: %s/ holds YAML files only, no sub-folders; move its files up into %s/", e.name, folder, dir)
		case ext == ".yaml" || ext == ".yml":
			l.repo.Files = append(l.repo.Files, rel)
			// A link to a file inside the repository is fine for a test
			// (nothing reads its history); a macro file is pull's to
			// rewrite, so it must be a plain file.
			if e.link && folder == MacrosDir {
				l.errorf(rel, "`%s` is a symbolic link: pull rewrites macro files, so each must be a plain file; replace it with a copy, or delete it and pull", e.name)
				continue
			}
			if folder == TestsDir {
				l.repo.Tests = append(l.repo.Tests, rel)
			} else {
				l.repo.Macros = append(l.repo.Macros, rel)
			}
		default:
			l.repo.Files = append(l.repo.Files, rel)
			l.repo.Diags.Add(diag.Warningf(rel, diag.Pos{}, "`%s` is not read: %s/ holds YAML files (`.yaml`); rename it to `%s.yaml` or move it out", e.name, folder, strings.TrimSuffix(e.name, ext)))
		}
	}
	return nil
}
