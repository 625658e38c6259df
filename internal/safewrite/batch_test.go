package safewrite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// countFlushes counts the calls of syncFile and syncFilesystem until the
// test ends.
func countFlushes(t *testing.T) (files, filesystems *int) {
	files, filesystems = new(int), new(int)
	oldFile, oldFS := syncFile, syncFilesystem
	syncFile = func(f *os.File) error { *files++; return oldFile(f) }
	syncFilesystem = func(f *os.File) error { *filesystems++; return oldFS(f) }
	t.Cleanup(func() { syncFile, syncFilesystem = oldFile, oldFS })
	return files, filesystems
}

func batch(n int, data string) []File {
	files := make([]File, n)
	for i := range files {
		files[i] = File{Path: fmt.Sprintf("d%d/f%03d.md", i%3, i), Data: []byte(data), Perm: 0o644}
	}
	return files
}

// TestABatchIsFlushedOncePerBatch: a batch of new files (a bulk export)
// costs one flush of the filesystem and no fsync per file or folder; a
// batch replacing existing files one flush before the renames (their old
// content is replaced only by content on disk) and one after. A single
// file is flushed on its own, file and folder. Where there is no syncfs,
// every batch is flushed file by file.
func TestABatchIsFlushedOncePerBatch(t *testing.T) {
	repo, _ := setup(t)
	d, err := Open(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, dir := range []string{"d0", "d1", "d2"} {
		if err := d.MkdirAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	files, filesystems := countFlushes(t)
	check := func(what string, wantFiles, wantFS int) {
		t.Helper()
		if *files != wantFiles || *filesystems != wantFS {
			t.Errorf("%s: %d file flushes and %d filesystem flushes, want %d and %d", what, *files, *filesystems, wantFiles, wantFS)
		}
		*files, *filesystems = 0, 0
	}

	if err := d.WriteFiles(batch(100, "new")); err != nil {
		t.Fatal(err)
	}
	check("100 new files", 0, 1)
	if err := d.WriteFiles(batch(100, "newer")); err != nil {
		t.Fatal(err)
	}
	check("100 replaced files", 0, 2)
	if err := d.WriteFile("d0/single.md", []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	check("one file", 2, 0) // the file, then its folder
	if err := d.Flush(); err != nil {
		t.Fatal(err)
	}
	if haveSyncFS {
		check("an early flush", 0, 1)
	} else {
		check("an early flush where files are flushed as written", 0, 0)
	}

	for i, f := range batch(100, "newer") {
		data, err := os.ReadFile(filepath.Join(repo, filepath.FromSlash(f.Path)))
		if err != nil || string(data) != "newer" {
			t.Fatalf("file %d: %q, %v", i, data, err)
		}
	}
	for _, dir := range []string{"d0", "d1", "d2"} {
		entries, _ := os.ReadDir(filepath.Join(repo, dir))
		for _, e := range entries {
			if e.Name()[0] == '.' {
				t.Errorf("temporary file left: %s/%s", dir, e.Name())
			}
		}
	}
}

// TestABatchRefusesALinkInAFolderItOpenedOnce: the folder of a batch is
// checked and opened once, but every file of it is still looked at: a
// link as the second file of a folder is refused, naming it, and nothing
// of the batch is written.
func TestABatchRefusesALinkInAFolderItOpenedOnce(t *testing.T) {
	repo, outside := setup(t)
	link(t, filepath.Join(outside, "victim"), filepath.Join(repo, "inner", "b.md"))
	d, err := Open(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	files := []File{{Path: "inner/a.md", Data: []byte("a"), Perm: 0o644}, {Path: "inner/b.md", Data: []byte("b"), Perm: 0o644}}
	var le *LinkError
	if err := d.WriteFiles(files); !errors.As(err, &le) || le.Path != "inner/b.md" {
		t.Fatalf("WriteFiles = %v, want a LinkError naming inner/b.md", err)
	}
	if data, _ := os.ReadFile(filepath.Join(outside, "victim")); string(data) != "precious" {
		t.Errorf("the link's target was written: %q", data)
	}
	if entries, _ := os.ReadDir(filepath.Join(repo, "inner")); len(entries) != 1 {
		t.Errorf("inner/ holds %v, want the link only", entries)
	}
}

// TestCheckAllLooksOnceIntoAMissingFolder: paths under a folder that does
// not exist (a bulk export's businesses/) are checked with one look at
// it, not one per path, and a planted link among them is still refused.
func TestCheckAllLooksOnceIntoAMissingFolder(t *testing.T) {
	repo, outside := setup(t)
	d, err := Open(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var rels []string
	for i := range 1000 {
		rels = append(rels, fmt.Sprintf("businesses/b%d/articles/a%d.md", i%10, i))
	}
	seen := map[string]bool{}
	for _, rel := range rels {
		if err := d.checkSeen(rel, seen); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 1 || seen["businesses"] {
		t.Errorf("looked at %v, want only the missing businesses/", seen)
	}
	link(t, outside, filepath.Join(repo, "inner", "planted"))
	var le *LinkError
	if err := d.CheckAll(append(rels, "inner/planted/x.md")); !errors.As(err, &le) || le.Path != "inner/planted" {
		t.Errorf("CheckAll = %v, want the planted link refused", err)
	}
}
