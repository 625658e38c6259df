package source

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/schema"
)

// SchemaDir is where a repository keeps the JSON Schemas of its file
// formats, for editors. It is committed; the rest of .octosync/ is local.
const SchemaDir = ".octosync/schema"

// PlansDir is the home of saved plans (`plan --out .octosync/plans/x.json`):
// inside .octosync/, which the generated .gitignore ignores, so that a
// `git add -A` after a plan never commits one.
const PlansDir = ".octosync/plans"

// DefaultBusiness is the example business folder of a new repository.
const DefaultBusiness = "my-business"

// scaffold holds the example files of a new repository: one of each kind
// (under their kind folder's name), the .gitignore and the VS Code
// settings. The examples pass validate; a test keeps it so.
//
//go:embed scaffold
var scaffold embed.FS

// ScaffoldFile is one file of a new repository.
type ScaffoldFile struct {
	Path string // slash-separated, relative to the repository root
	Data []byte
}

// Scaffold returns the files of a new repository whose example business is
// called business, sorted by path: octosync.yaml, .gitignore, the JSON
// Schemas under .octosync/schema/, .vscode/settings.json mapping them to
// the YAML files, and a commented example of each kind (a workflow with its
// condition provider) under businesses/<business>/.
func Scaffold(business string) ([]ScaffoldFile, error) {
	if !ValidSlug(business) {
		hint := "like `my-business`"
		if s := Slugify(business); s != "" {
			hint = "like `" + s + "`"
		}
		return nil, fmt.Errorf("%q is not a business slug: use lower-case letters, digits and single dashes, %s", business, hint)
	}
	cfg := config.Default().Render()
	if len(cfg) > 0 && cfg[len(cfg)-1] != '\n' {
		cfg = append(cfg, '\n')
	}
	tooling, err := Tooling()
	if err != nil {
		return nil, err
	}
	files := append([]ScaffoldFile{{Path: ConfigFile, Data: cfg}}, tooling...)
	err = fs.WalkDir(scaffold, "scaffold", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := p[len("scaffold/"):]
		if rel == "gitignore" || rel == "vscode-settings.json" {
			return nil // in Tooling
		}
		data, err := scaffold.ReadFile(p)
		if err != nil {
			return err
		}
		files = append(files, ScaffoldFile{Path: path.Join(BusinessesDir, business, rel), Data: data})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scaffold: %w", err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// Tooling returns, sorted by path, the files that keep octosync's local
// state out of git and let editors check the files as they are typed: the
// .gitignore, the JSON Schemas under .octosync/schema/ and
// .vscode/settings.json mapping them to the YAML files. Scaffold includes
// them; a bulk export writes them; init adds the missing ones to an
// existing repository.
func Tooling() ([]ScaffoldFile, error) {
	var files []ScaffoldFile
	for name, data := range schema.JSONSchemas() {
		files = append(files, ScaffoldFile{Path: path.Join(SchemaDir, name), Data: data})
	}
	for embedded, rel := range map[string]string{"scaffold/gitignore": ".gitignore", "scaffold/vscode-settings.json": ".vscode/settings.json"} {
		data, err := scaffold.ReadFile(embedded)
		if err != nil {
			return nil, fmt.Errorf("scaffold: %w", err)
		}
		files = append(files, ScaffoldFile{Path: rel, Data: data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}
