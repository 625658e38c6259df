package gitrepo

import (
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// allocated is how many bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestHistoryReadsAreBounded: a file of the history over MaxBlobSize is
// refused from its size alone, wherever history is read (a blob, a file at
// a commit, a tree materialized), loose or packed: nothing near its size is
// allocated.
func TestHistoryReadsAreBounded(t *testing.T) {
	const size = MaxBlobSize + 4<<20
	f := newFixture(t, "octo")
	f.commit("huge", map[string]string{"octosync.yaml": "version: 1\n", "businesses/b/articles/huge.md": strings.Repeat("x", size)})
	hash := f.git("rev-parse", "HEAD:octo/businesses/b/articles/huge.md")
	for _, store := range []string{"loose", "packed"} {
		if store == "packed" {
			f.git("gc", "-q")
			r, err := Open(filepath.Join(f.root, "octo"))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			f.repo = r
		}
		if n, err := f.repo.BlobSize(hash); err != nil || n != size {
			t.Fatalf("%s: BlobSize = %d, %v; want %d", store, n, err, size)
		}
		reads := map[string]func() error{
			"ReadBlob":    func() error { _, err := f.repo.ReadBlob(hash); return err },
			"ReadFileAt":  func() error { _, err := f.repo.ReadFileAt("HEAD", "businesses/b/articles/huge.md"); return err },
			"Materialize": func() error { _, err := f.repo.Materialize("HEAD", t.TempDir(), MaterializeOptions{}); return err },
		}
		for name, read := range reads {
			var err error
			if n := allocated(func() { err = read() }); n > 4<<20 {
				t.Errorf("%s %s: allocated %d bytes for a refused %d-byte blob", store, name, n, size)
			}
			if !errors.Is(err, ErrBlobTooLarge) {
				t.Errorf("%s %s: %v, want ErrBlobTooLarge", store, name, err)
			}
		}
	}
}
