package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/octosync/octosync"

// goList runs `go list` from the module root with the given format.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// TestImportGraph keeps the dependency rules of docs/design.md §3: only
// cli imports kong, nothing imports cli but main, and each outside-world
// library has one importer.
func TestImportGraph(t *testing.T) {
	owners := map[string]string{
		"github.com/alecthomas/kong":  module + "/internal/cli",
		"github.com/go-git/go-git/v5": module + "/internal/gitrepo",
		"github.com/sergi/go-diff":    module + "/internal/textdiff",
	}
	for _, line := range goList(t, "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...") {
		fields := strings.Fields(line)
		if len(fields) == 0 || !strings.HasPrefix(fields[0], module) {
			continue
		}
		pkg := fields[0]
		for _, imp := range fields[1:] {
			if imp == module+"/internal/cli" && pkg != module {
				t.Errorf("%s imports internal/cli: only main may", pkg)
			}
			for lib, owner := range owners {
				if (imp == lib || strings.HasPrefix(imp, lib+"/")) && pkg != owner && !strings.HasPrefix(pkg, owner+"/") {
					t.Errorf("%s imports %s: only %s may", pkg, imp, owner)
				}
			}
		}
	}
}

// TestPackageMapsMatchGoList: the package tables of docs/design.md and the
// README name every package of the module, and only those.
func TestPackageMapsMatchGoList(t *testing.T) {
	var want []string
	for _, p := range goList(t, "./...") {
		if p == module {
			want = append(want, module)
			continue
		}
		want = append(want, strings.TrimPrefix(p, module+"/"))
	}
	slices.Sort(want)
	row := regexp.MustCompile("(?m)^\\| `((?:internal/|schema|github\\.com/octosync/octosync)[^`]*)` \\|")
	for _, doc := range []string{"docs/design.md", "README.md"} {
		data, err := os.ReadFile(filepath.Join("../..", doc))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range row.FindAllStringSubmatch(string(data), -1) {
			got = append(got, m[1])
		}
		if len(got) == 0 && doc == "README.md" {
			continue // the README may point to docs/design.md instead
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s's package map differs from go list ./...\n got: %v\nwant: %v", doc, got, want)
		}
	}
}
