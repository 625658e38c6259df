package bases

import (
	"runtime"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/source"
)

// TestLoadLeavesHugeFilesUnread: files over the size bound anywhere in the
// history (added, then removed, by a pull request) are never bases and are
// never read: loading the history allocates a small part of their size.
func TestLoadLeavesHugeFilesUnread(t *testing.T) {
	if gitrepo.MaxBlobSize != source.MaxFileSize {
		t.Fatalf("history's bound %d differs from the working tree's %d", gitrepo.MaxBlobSize, source.MaxFileSize)
	}
	huge := []byte("---\ntitle: Huge\n---\n" + strings.Repeat("x", gitrepo.MaxBlobSize+1<<20))
	f := newRepoFixture(t, "")
	f.commit("ok", change{folder: articles, name: "ok", spec: article("OK", "Fine.")})
	f.commit("huge", change{folder: articles, name: "a.md", data: huge}, change{folder: workflows, name: "w.yaml", data: huge},
		change{folder: "businesses/acme/bot-rules", name: "r.yaml", data: huge})
	f.commit("gone", change{folder: articles, name: "a.md"}, change{folder: workflows, name: "w.yaml"},
		change{folder: "businesses/acme/bot-rules", name: "r.yaml"})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b, err := Load(t.Context(), f.dir, Options{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Committed("acme", article("OK", "Fine.")) || b.Len() != 1 {
		t.Errorf("Len() = %d; want the one valid article as the only base", b.Len())
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > uint64(len(huge))/2 {
		t.Errorf("Load allocated %d bytes over a history holding three %d-byte files", n, len(huge))
	}
}
