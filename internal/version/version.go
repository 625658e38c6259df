package version

import (
	"regexp"
	"runtime/debug"
)

// Version is set at build time with -ldflags "-X
// github.com/octosync/octosync/internal/version.Version=v1.2.3"; otherwise it
// falls back to the module version recorded by the Go toolchain, or "dev".
var Version = ""

// String returns the version: Version when set at link time, else the
// main module's version that the Go toolchain recorded (debug.ReadBuildInfo)
// — the tag for `go install github.com/octosync/octosync@v1.2.3`, and for
// `go build` in a clone whose HEAD is a tag (Go 1.24 and later stamp it; a
// pseudo-version such as v1.2.4-0.20261207120000-1a2b3c4d5e6f+dirty
// otherwise) — else "dev".
func String() string {
	bi, _ := debug.ReadBuildInfo()
	return versionOf(Version, bi)
}

func versionOf(linked string, bi *debug.BuildInfo) string {
	if linked != "" {
		return linked
	}
	if bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// pseudoCommit finds the commit in a pseudo-version
// (v0.0.0-20261130120000-1a2b3c4d5e6f).
var pseudoCommit = regexp.MustCompile(`\d{14}-([0-9a-f]{12})(\+incompatible)?$`)

// Commit returns the commit octosync was built from: vcs.revision (with
// " (modified)" when the worktree had uncommitted changes), else the
// 12-digit commit of a pseudo-version, else "".
func Commit() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	return commitOf(bi)
}

func commitOf(bi *debug.BuildInfo) string {
	rev, modified := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" {
		if modified {
			rev += " (modified)"
		}
		return rev
	}
	if m := pseudoCommit.FindStringSubmatch(bi.Main.Version); m != nil {
		return m[1]
	}
	return ""
}

// Full is the version and the commit, for --version:
// "v1.2.3, commit 1a2b3c4d…" or "dev, commit unknown (built without VCS
// information)".
func Full() string {
	c := Commit()
	if c == "" {
		c = "unknown (built without VCS information)"
	}
	return String() + ", commit " + c
}
