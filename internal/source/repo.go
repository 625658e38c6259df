package source

import (
	"sort"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
)

// Repo is a configuration repository as read from disk: the desired state
// and every problem found while reading it. A Repo is not modified after
// Load returns and is safe for concurrent reads.
type Repo struct {
	// Layout is what Scan reads before any resource file: the root, the
	// configuration and the business folders.
	Layout
	// Documents are the parsed resource files, sorted by path. A file whose
	// structure is too broken to yield a document is missing here and has
	// error diagnostics instead.
	Documents []*document.Document
	// Resources hold one resource per document (Business from the path, ID
	// from the file, Spec, Path), sorted by Key.
	Resources []resource.Resource
	// Files lists every file that was examined, slash-separated and relative
	// to Root, sorted: octosync.yaml when present and every file under
	// businesses/ except dotfiles. Validate counts them.
	Files []string
	// Tests and Macros list the YAML files of the businesses' tests/ and
	// macros/ folders, sorted (see TestsDir, MacrosDir). They are not
	// resources: plan, apply and pull's resource sync never read them.
	Tests  []string
	Macros []string
	// Diags holds every problem found, sorted: layout problems, the
	// configuration's and each file's structural problems.
	Diags diag.List

	byPath map[string]*document.Document
}

// Layout is a repository read as far as its folders: enough to connect and
// to fetch live state while the resource files are read (Scan).
type Layout struct {
	// Root is the absolute path of the repository.
	Root string
	// Config is octosync.yaml, or config.Default() when there is none (or
	// when it is too broken to load; Repo.Diags then says why).
	Config *config.Config
	// Businesses are the declared business folders, sorted. They are the
	// managed businesses: a live resource of one of them that no file
	// describes is a delete candidate.
	Businesses []string
}

// Document returns the document parsed from path (slash-separated, relative
// to Root), or nil when there is none.
func (r *Repo) Document(path string) *document.Document {
	if r.byPath == nil {
		return nil
	}
	return r.byPath[path]
}

// finish sorts everything and builds the indexes.
func (r *Repo) finish() {
	sort.Strings(r.Businesses)
	sort.Strings(r.Files)
	sort.Strings(r.Tests)
	sort.Strings(r.Macros)
	sort.Slice(r.Documents, func(i, j int) bool { return r.Documents[i].Path < r.Documents[j].Path })
	r.byPath = make(map[string]*document.Document, len(r.Documents))
	r.Resources = make([]resource.Resource, 0, len(r.Documents))
	for _, d := range r.Documents {
		r.byPath[d.Path] = d
		r.Resources = append(r.Resources, resource.Resource{
			Business: BusinessOf(d.Path),
			ID:       d.ID,
			Spec:     d.Spec,
			Path:     d.Path,
		})
	}
	sort.SliceStable(r.Resources, func(i, j int) bool {
		a, b := r.Resources[i], r.Resources[j]
		if c := a.Key().Compare(b.Key()); c != 0 {
			return c < 0
		}
		return a.Path < b.Path
	})
	r.Diags = r.Diags.Sort()
}
