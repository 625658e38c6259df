package pull

import (
	"fmt"
	"strings"

	"github.com/octosync/octosync/internal/source"
)

// maxNameLen bounds a file's base name (without extension) so that paths
// stay well inside every file system's limits.
const maxNameLen = 80

// reserved are names Windows refuses whatever the extension.
var reserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true}

func init() {
	for i := 1; i <= 9; i++ {
		reserved[fmt.Sprintf("com%d", i)] = true
		reserved[fmt.Sprintf("lpt%d", i)] = true
	}
}

// BaseName derives a safe file base name from a title: ASCII-folded,
// lower-case, dash-separated, at most maxNameLen characters, never empty,
// never a reserved device name. Path separators, "..", NUL and every other
// special character become dashes or disappear, so the name can never leave
// its folder.
func BaseName(title string) string {
	name := source.Slugify(title)
	if len(name) > maxNameLen {
		name = strings.TrimRight(name[:maxNameLen], "-")
	}
	if name == "" {
		name = "untitled"
	}
	if reserved[name] {
		name += "-file"
	}
	return name
}

// uniqueName returns base, or base-2, base-3, ... the first for which taken
// is false.
func uniqueName(base string, taken func(string) bool) string {
	if !taken(base) {
		return base
	}
	for i := 2; ; i++ {
		n := fmt.Sprintf("%s-%d", base, i)
		if !taken(n) {
			return n
		}
	}
}
