package plan

import (
	"fmt"
	"strings"

	"github.com/octosync/octosync/internal/resource"
)

// AmbiguityError is a file without an id whose title matches several live
// resources of its business and kind: octosync cannot tell which one the
// file means.
type AmbiguityError struct {
	Path string
	Key  resource.Key // the file's business, kind and title
	IDs  []string     // the live resources with that title, sorted
}

func (e *AmbiguityError) Error() string {
	return fmt.Sprintf("%s: %d live %s are titled %q (%s): add `id: %s` (or another of those ids) to the file to say which one it describes, or retitle one of them in the dashboard",
		e.Path, len(e.IDs), kindPlural(e.Key.Kind), e.Key.Title, strings.Join(e.IDs, ", "), e.IDs[0])
}

// ConflictError is several files claiming one resource: the same id, the
// same title bound to the same live resource, or the same title with no id
// and no live match (after creating both, no file could be told apart).
type ConflictError struct {
	Paths []string     // sorted
	Key   resource.Key // business, kind and title of the first file
	// ID is the live resource claimed, empty when the files would both
	// create one.
	ID string
	// ByID is set when the files name ID explicitly.
	ByID bool
}

func (e *ConflictError) Error() string {
	files := strings.Join(e.Paths, ", ")
	kind := kindSingular(e.Key.Kind)
	switch {
	case e.ByID:
		return fmt.Sprintf("%s: %d files have `id: %s`: keep the id in the file that owns that live %s and remove it from the others (a file without an id is bound by title or created)",
			files, len(e.Paths), e.ID, kind)
	case e.ID != "":
		return fmt.Sprintf("%s: %d files are titled %q and so bind to the same live %s %s: add `id: %s` to the file that owns it, or rename the others",
			files, len(e.Paths), e.Key.Title, kind, e.ID, e.ID)
	default:
		return fmt.Sprintf("%s: %d files without an id are titled %q in %s: titles tell files without ids apart; rename all but one",
			files, len(e.Paths), e.Key.Title, e.Key.Business+"/"+e.Key.Kind.Dir())
	}
}

// kindSingular is the kind as a word: "article", "workflow", "bot rule".
func kindSingular(k resource.Kind) string { return strings.ReplaceAll(string(k), "-", " ") }

// kindPlural is the kind as a plural word: "articles", "bot rules".
func kindPlural(k resource.Kind) string { return strings.ReplaceAll(k.Dir(), "-", " ") }
