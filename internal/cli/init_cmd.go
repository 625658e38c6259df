package cli

import (
	"errors"
	"fmt"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/safewrite"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/octosync/octosync/internal/source"
)

// initCmd writes a new configuration repository. It never overwrites: any
// existing file is a conflict, and then nothing is written at all.
type initCmd struct {
	Dir      string `help:"Where to create the repository (created when missing; default: the repository enclosing the current folder, else the current folder)." placeholder:"DIR"`
	Business string `default:"my-business" help:"Slug of the example business folder: use your Octocom business's slug." placeholder:"SLUG"`
}

func (c *initCmd) Help() string {
	return `Creates octosync.yaml, businesses/<SLUG>/ with one commented example of each
kind (an article, a workflow with a condition provider and a variant, a bot
rule; all disabled), the JSON Schemas in .octosync/schema/, .vscode/settings.json
mapping them to the YAML files, and a .gitignore for octosync's local state.

Refuses to overwrite anything: when any of these files exists, it lists them
all and writes nothing. In a folder that already holds octosync.yaml (a bulk
export, an older repository) it adds only the missing tooling files (schemas,
editor settings, .gitignore) and keeps every existing file as it is.`
}

func (c *initCmd) Run(env *Env) error {
	dir, existing, err := c.locate()
	if err != nil {
		return err
	}
	if existing {
		return completeRepo(env, dir)
	}
	return c.create(env, dir)
}

// locate decides where init works, as every command finds its repository:
// without --dir, the repository enclosing the working directory (existing),
// else the working directory; with --dir, that folder, refused when it lies
// inside another repository (a second one nested in it would confuse every
// command run there).
func (c *initCmd) locate() (dir string, existing bool, err error) {
	if c.Dir == "" {
		root, err := source.Find(".")
		if err == nil {
			return root, true, nil
		}
		if !errors.Is(err, source.ErrNoRepository) {
			return "", false, err
		}
		return ".", false, nil
	}
	if fi, err := os.Stat(filepath.Join(c.Dir, source.ConfigFile)); err == nil && fi.Mode().IsRegular() {
		return c.Dir, true, nil
	}
	abs, err := filepath.Abs(c.Dir)
	if err != nil {
		return "", false, err
	}
	if enclosing, err := source.Find(filepath.Dir(abs)); err == nil {
		return "", false, fmt.Errorf("init: %s is inside the octosync repository %s: a repository there would nest a second one in it; run `octosync init` from %s to complete that one, or choose a folder outside it; nothing was written", c.Dir, enclosing, enclosing)
	}
	return c.Dir, false, nil
}

// create writes a new repository in dir.
func (c *initCmd) create(env *Env, dir string) error {
	files, err := source.Scaffold(c.Business)
	if err != nil {
		return fmt.Errorf("--business: %w", err)
	}
	var conflicts []string
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.Path))); err == nil {
			conflicts = append(conflicts, f.Path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w", path.Join(filepath.ToSlash(dir), f.Path), err)
		}
	}
	if len(conflicts) > 0 {
		for _, p := range conflicts {
			fmt.Fprintf(env.Stderr, "%s already exists\n", p)
		}
		return fmt.Errorf("init: %s already in %s; nothing was written: move them away, or choose another folder with --dir", render.Plural(len(conflicts), "file"), dir)
	}
	if err := checkWritable(dir, files); err != nil {
		return err
	}
	for _, f := range files {
		if err := writeNew(dir, f.Path, f.Data); err != nil {
			return err
		}
	}

	fmt.Fprintf(env.Stdout, "Created an octosync repository in %s:\n", dir)
	for _, f := range files {
		fmt.Fprintf(env.Stdout, "  %s\n", f.Path)
	}
	dirFlag := ""
	if filepath.Clean(dir) != "." {
		dirFlag = " --dir " + shellQuote(dir)
	}
	fmt.Fprintf(env.Stdout, `
Next steps:
  1. Edit the examples in businesses/%s/ (folder names are Octocom business slugs)
     and set enabled: true on what should go live.
  2. octosync validate%s          check every file; needs no network
  3. octosync plan%s --sandbox    preview against the built-in sandbox; needs no API key
  4. OCTOCOM_API_KEY=... octosync plan%s    then against your organization
  5. git init && git add -A && git commit   drift detection and pull's protection of
                                            your edits work from git history
`, c.Business, dirFlag, dirFlag, dirFlag)
	return nil
}

// completeRepo adds to an existing repository the tooling files it lacks
// (source.Tooling), never touching one that exists.
func completeRepo(env *Env, dir string) error {
	tooling, err := source.Tooling()
	if err != nil {
		return err
	}
	if err := checkWritable(dir, tooling); err != nil {
		return err
	}
	var added []string
	for _, f := range tooling {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if _, err := os.Lstat(p); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w", path.Join(filepath.ToSlash(dir), f.Path), err)
		}
		if err := writeNew(dir, f.Path, f.Data); err != nil {
			return err
		}
		added = append(added, f.Path)
	}
	if len(added) == 0 {
		fmt.Fprintf(env.Stdout, "%s is an octosync repository with every tooling file already: nothing to add.\n", dir)
		return nil
	}
	fmt.Fprintf(env.Stdout, "%s is an octosync repository already; added what it lacked (existing files were kept):\n", dir)
	for _, p := range added {
		fmt.Fprintf(env.Stdout, "  %s\n", p)
	}
	return nil
}

// checkWritable refuses, before anything is written, files whose path in
// dir runs through a symbolic link (a cloned repository may plant one at
// .octosync or .vscode to make init write elsewhere).
func checkWritable(dir string, files []source.ScaffoldFile) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	d, err := safewrite.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	for _, f := range files {
		if err := d.Check(f.Path); err != nil {
			return fmt.Errorf("init: %w; nothing was written", err)
		}
	}
	return nil
}

// writeNew creates rel in dir with data, and its folders, never through a
// symbolic link; it fails rather than replace a file that appeared since
// the conflict check.
func writeNew(dir, rel string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	d, err := safewrite.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.MkdirAll(path.Dir(rel)); err != nil {
		return err
	}
	f, err := d.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", rel, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	return nil
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
