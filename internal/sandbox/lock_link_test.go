//go:build unix

package sandbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDataFileLinksAreNotWrittenThrough: `sandbox serve --data FILE` in a
// folder where FILE.lock or FILE is a planted symbolic link refuses to
// start, and the link's target is left as it was.
func TestDataFileLinksAreNotWrittenThrough(t *testing.T) {
	for _, planted := range []string{"state.json.lock", "state.json"} {
		t.Run(planted, func(t *testing.T) {
			dir, outside := t.TempDir(), t.TempDir()
			victim := filepath.Join(outside, "victim")
			if err := os.WriteFile(victim, []byte("precious\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(victim, filepath.Join(dir, planted)); err != nil {
				t.Fatal(err)
			}
			srv, err := New(Options{DataFile: filepath.Join(dir, "state.json")})
			if err == nil {
				srv.Close()
				t.Fatal("New accepted a planted link")
			}
			if !strings.Contains(err.Error(), "symbolic link") && planted == "state.json.lock" {
				t.Errorf("error = %v, want it to name the link", err)
			}
			if data, _ := os.ReadFile(victim); string(data) != "precious\n" {
				t.Errorf("the link's target was written: %q", data)
			}
			// A dangling link: nothing is created where it points.
			dangling := filepath.Join(outside, "new")
			os.Remove(filepath.Join(dir, planted))
			if err := os.Symlink(dangling, filepath.Join(dir, planted)); err != nil {
				t.Fatal(err)
			}
			if srv, err := New(Options{DataFile: filepath.Join(dir, "state.json")}); err == nil {
				srv.Close()
				t.Fatal("New accepted a planted dangling link")
			}
			if _, err := os.Lstat(dangling); err == nil {
				t.Errorf("the dangling link's target was created")
			}
		})
	}
}
