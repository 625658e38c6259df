package cli

import (
	"fmt"
	"runtime"

	"github.com/octosync/octosync/internal/version"
)

type versionCmd struct{}

func (versionCmd) Run(env *Env) error {
	fmt.Fprintf(env.Stdout, "octosync %s (%s, %s/%s)\n", version.Full(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
