package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/octosync/octosync"

// refgen is the command reference generator, run by go generate.
const refgen = module + "/internal/tools/refgen"

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
		"github.com/alecthomas/kong":       module + "/internal/cli",
		"github.com/go-git/go-git/v5":      module + "/internal/gitrepo",
		"github.com/sergi/go-diff":         module + "/internal/textdiff",
		"github.com/google/go-github":      module + "/internal/ghactions",
		"github.com/alecthomas/mango-kong": refgen,
		"github.com/muesli/roff":           refgen,
	}
	for _, line := range goList(t, "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...") {
		fields := strings.Fields(line)
		if len(fields) == 0 || !strings.HasPrefix(fields[0], module) {
			continue
		}
		pkg := fields[0]
		for _, imp := range fields[1:] {
			if imp == module+"/internal/cli" && pkg != module && pkg != refgen {
				t.Errorf("%s imports internal/cli: only main and the reference generator may", pkg)
			}
			for lib, owner := range owners {
				if pkg == refgen && lib == "github.com/alecthomas/kong" {
					continue // the generator reads the kong model cli.Model returns
				}
				if (imp == lib || strings.HasPrefix(imp, lib+"/")) && pkg != owner && !strings.HasPrefix(pkg, owner+"/") {
					t.Errorf("%s imports %s: only %s may", pkg, imp, owner)
				}
			}
		}
	}
}

// TestBinaryLeavesOutTheReferenceGenerator: the octosync binary links
// neither the generator nor its libraries (mango-kong, roff).
func TestBinaryLeavesOutTheReferenceGenerator(t *testing.T) {
	for _, dep := range goList(t, "-deps", ".") {
		if dep == refgen || strings.HasPrefix(dep, "github.com/alecthomas/mango") || strings.HasPrefix(dep, "github.com/muesli/") {
			t.Errorf("the octosync binary depends on %s", dep)
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

// layers reads the layer table of docs/design.md §3 (| layer | packages |),
// top to bottom, into each package's rank: 0 for the bottom layer.
func layers(t *testing.T) map[string]int {
	t.Helper()
	data, err := os.ReadFile("../../docs/design.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(data), "\n| layer | packages |\n|---|---|\n")
	if !ok {
		t.Fatal("docs/design.md has no `| layer | packages |` table")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	rows := strings.Split(strings.TrimSpace(table), "\n")
	pkg := regexp.MustCompile("`([^`]+)`")
	rank := map[string]int{}
	for i, row := range rows {
		for _, m := range pkg.FindAllStringSubmatch(row, -1) {
			p := m[1]
			if p != module {
				p = module + "/" + p
			}
			if _, dup := rank[p]; dup {
				t.Errorf("docs/design.md: %s is in two layers", m[1])
			}
			rank[p] = len(rows) - 1 - i
		}
	}
	return rank
}

// TestImportsPointDownTheLayers keeps the layer table of docs/design.md §3
// true: every package of the module is in one layer, and each of its
// imports is in the same layer or one below it.
func TestImportsPointDownTheLayers(t *testing.T) {
	rank := layers(t)
	layerName := func(r int) string { return "layer " + strconv.Itoa(r) }
	seen := map[string]bool{}
	for _, line := range goList(t, "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...") {
		fields := strings.Fields(line)
		pkg := fields[0]
		seen[pkg] = true
		r, ok := rank[pkg]
		if !ok {
			t.Errorf("%s is in no layer of docs/design.md §3", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			if ri, ok := rank[imp]; ok && ri > r {
				t.Errorf("%s (%s) imports %s (%s): imports point down the layers of docs/design.md §3, never up", pkg, layerName(r), imp, layerName(ri))
			}
		}
	}
	for p := range rank {
		if !seen[p] {
			t.Errorf("docs/design.md §3 puts %s in a layer, but there is no such package", p)
		}
	}
}
