// Command octosync keeps an Octocom organization's bot configuration in git.
package main

import (
	"os"

	"github.com/octosync/octosync/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
