package version

import "runtime/debug"

// Version is set at build time with -ldflags "-X
// github.com/octosync/octosync/internal/version.Version=v1.2.3"; otherwise it
// falls back to the module version recorded by the Go toolchain, or "dev".
var Version = ""

// String returns the version.
func String() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
