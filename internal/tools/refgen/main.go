// Command refgen writes the command reference, docs/reference, from the
// command line's kong model: a Markdown page per command, an index and a
// man page. It is run by `go generate ./internal/cli`; a test fails when the
// committed reference is stale. It is the only importer of mango-kong and
// roff, which the octosync binary does not need.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", "docs/reference", "the folder to write the reference into (its old content is removed)")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "refgen:", err)
		os.Exit(1)
	}
}

// write replaces dir's content with the reference.
func write(dir string) error {
	pages, err := Reference()
	if err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range pages {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
