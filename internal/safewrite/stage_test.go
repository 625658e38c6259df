package safewrite

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// staged makes a MkdirTemp folder in d holding sub/a.md and sub/b.md
// (CreateFiles) and returns its name.
func staged(t *testing.T, d *Dir) string {
	t.Helper()
	name, err := d.MkdirTemp(".stage-")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.MkdirAll(name + "/sub"); err != nil {
		t.Fatal(err)
	}
	files := []File{{Path: name + "/sub/a.md", Data: []byte("a"), Perm: 0o644}, {Path: name + "/sub/b.md", Data: []byte("b"), Perm: 0o644}}
	if err := d.CreateFiles(files); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestAStagedFolderAndItsBatchAreFlushedOnce: files created in a staging
// folder are not flushed one by one where the system has syncfs; moving
// the folder into place together with a batch of files costs one flush of
// the filesystem for all of it.
func TestAStagedFolderAndItsBatchAreFlushedOnce(t *testing.T) {
	if !haveSyncFS {
		t.Skip("without syncfs every file is flushed on its own")
	}
	repo, _ := setup(t)
	d, err := Open(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	files, filesystems := countFlushes(t)
	name := staged(t, d)
	if *files != 0 || *filesystems != 0 {
		t.Errorf("creating staged files: %d file and %d filesystem flushes, want none", *files, *filesystems)
	}
	err = d.MoveAndWriteFiles([]Move{{From: name + "/sub", To: "inner/sub"}}, []File{{Path: "top.yaml", Data: []byte("t"), Perm: 0o644}})
	if err != nil {
		t.Fatal(err)
	}
	if *files != 0 || *filesystems != 1 {
		t.Errorf("moving and writing: %d file and %d filesystem flushes, want 0 and 1", *files, *filesystems)
	}
	for p, want := range map[string]string{"inner/sub/a.md": "a", "inner/sub/b.md": "b", "top.yaml": "t"} {
		if data, err := os.ReadFile(filepath.Join(repo, filepath.FromSlash(p))); err != nil || string(data) != want {
			t.Errorf("%s: %q, %v", p, data, err)
		}
	}
}

// TestAMoveNeverLandsOnALinkOrAnExistingFolder: a move whose destination
// runs through a link, or exists, is refused before anything moves or is
// written, and the staged folder stays where it was.
func TestAMoveNeverLandsOnALinkOrAnExistingFolder(t *testing.T) {
	repo, outside := setup(t)
	link(t, outside, filepath.Join(repo, "linked"))
	if err := os.MkdirAll(filepath.Join(repo, "inner", "taken"), 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := Open(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	name := staged(t, d)
	var le *LinkError
	top := []File{{Path: "top.yaml", Data: []byte("t"), Perm: 0o644}}
	if err := d.MoveAndWriteFiles([]Move{{From: name + "/sub", To: "linked/sub"}}, top); !errors.As(err, &le) || le.Path != "linked" {
		t.Errorf("move through a link: %v, want a LinkError naming linked", err)
	}
	if err := d.MoveAndWriteFiles([]Move{{From: name + "/sub", To: "inner/taken"}}, top); err == nil {
		t.Error("a move onto an existing folder was not refused")
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Errorf("outside holds %v, want the victim only", entries)
	}
	if _, err := os.Stat(filepath.Join(repo, "top.yaml")); !os.IsNotExist(err) {
		t.Errorf("the batch was written though its move was refused: %v", err)
	}
	if _, err := os.Stat(filepath.Join(repo, name, "sub", "a.md")); err != nil {
		t.Errorf("the staged folder moved: %v", err)
	}
}

// TestRemoveAllRemovesALinkNotItsTarget: a staging folder given up is
// removed whole; a link found in it is removed, never followed.
func TestRemoveAllRemovesALinkNotItsTarget(t *testing.T) {
	repo, outside := setup(t)
	d, err := Open(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	name := staged(t, d)
	link(t, outside, filepath.Join(repo, name, "sub", "escape"))
	if err := d.RemoveAll(name); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(repo, name)); !os.IsNotExist(err) {
		t.Errorf("the staging folder is still there: %v", err)
	}
	if data, err := os.ReadFile(filepath.Join(outside, "victim")); err != nil || string(data) != "precious" {
		t.Errorf("the link's target was touched: %q, %v", data, err)
	}
}
