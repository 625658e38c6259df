package version

import (
	"runtime/debug"
	"testing"
)

func TestCommitOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"vcs revision", debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"}}}, "0123456789abcdef0123456789abcdef01234567"},
		{"modified worktree", debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}}, "abc (modified)"},
		{"go install of a commit", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261130120000-1a2b3c4d5e6f"}}, "1a2b3c4d5e6f"},
		{"tagged release without vcs", debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, ""},
		{"nothing known", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := commitOf(&tc.bi); got != tc.want {
				t.Errorf("commitOf = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestVersionOfPrintsTheTag: a build of a tagged module prints its tag; a
// version set at link time (the action's ref) wins; a build with nothing
// recorded is "dev".
func TestVersionOfPrintsTheTag(t *testing.T) {
	for _, tc := range []struct {
		name, linked string
		bi           *debug.BuildInfo
		want         string
	}{
		{"go install module@v1.2.3", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{"go build in a clone past a tag", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.4-0.20261207120000-1a2b3c4d5e6f+dirty"}}, "v1.2.4-0.20261207120000-1a2b3c4d5e6f+dirty"},
		{"set at link time", "v1", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1"},
		{"devel", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"no build info", "", nil, "dev"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionOf(tc.linked, tc.bi); got != tc.want {
				t.Errorf("versionOf = %q, want %q", got, tc.want)
			}
		})
	}
}
