package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/octosync/octosync/internal/safewrite"
	"github.com/octosync/octosync/internal/sandbox"
	"github.com/octosync/octosync/internal/source"
)

// sandboxResetCmd removes the state of the in-process sandbox that --sandbox
// uses for a repository, so the next command starts over from the seed.
type sandboxResetCmd struct {
	Dir string `help:"The configuration repository (default: the one enclosing the current folder)." placeholder:"DIR"`
}

func (c *sandboxResetCmd) Run(env *Env) error {
	root, err := source.Root(c.Dir)
	if err != nil {
		return err
	}
	dataFile, seedFile := sandboxPaths(root)
	d, err := safewrite.Open(root)
	if err != nil {
		return err
	}
	defer d.Close()
	// A planted link (.octosync or the files in it) must not make reset
	// remove, or lock, a file elsewhere.
	for _, rel := range []string{".octosync/sandbox.json", ".octosync/sandbox.json.lock"} {
		if err := d.Check(rel); err != nil {
			return err
		}
	}
	// Never pull the state from under a running command. Opening it takes
	// its lock; any other failure (a corrupt file) is what reset is for.
	if _, statErr := os.Stat(dataFile); statErr == nil {
		if sb, err := sandbox.New(sandbox.Options{DataFile: dataFile}); errors.Is(err, sandbox.ErrInUse) {
			return fmt.Errorf("%w: not reset; wait for it to finish", err)
		} else if err == nil {
			_ = sb.Close()
		}
	}
	if err := d.Remove(".octosync/sandbox.json.lock"); err != nil {
		return err
	}
	if _, err := os.Lstat(dataFile); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(env.Stdout, "No sandbox state in %s: nothing to reset.\n", root)
		return nil
	}
	if err := d.Remove(".octosync/sandbox.json"); err != nil {
		return err
	}
	from := seedFile
	if _, err := os.Stat(seedFile); err != nil {
		from = "an empty organization (API key sandbox-key)"
		if repo, err := source.Load(root, source.LoadOptions{}); err == nil && len(repo.Businesses) > 0 {
			from += " holding this repository's businesses, with no content: " + strings.Join(repo.Businesses, ", ")
		}
	}
	fmt.Fprintf(env.Stdout, "Removed %s; the next --sandbox command starts over from %s.\n", dataFile, from)
	return nil
}

// sandboxPaths are where the in-process sandbox of the repository at dir
// keeps its state and finds its seed.
func sandboxPaths(dir string) (dataFile, seedFile string) {
	return filepath.Join(dir, ".octosync", "sandbox.json"), filepath.Join(dir, "sandbox-seed.json")
}
