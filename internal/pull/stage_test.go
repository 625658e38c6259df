package pull

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// newExportStaging is the staging of a bulk export into the new folder
// root/export (the pull's plan options, no macros), discarded when the
// test ends.
func newExportStaging(t *testing.T) *Staging {
	t.Helper()
	st, err := NewStaging(context.Background(), filepath.Join(t.TempDir(), "export"), plan.Options{Prune: true, MaxDeletes: -1, AllowMassDelete: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Discard() })
	return st
}

// stagedExport stages the business demo of a bulk export into a new
// folder, and returns the staging, the export's operations (as Execute
// computes them) and the staged file of the article.
func stagedExport(t *testing.T) (*Staging, []Op, string) {
	t.Helper()
	lives := []resource.Resource{
		live("art_1", resource.Article{Title: "Returns", Content: "Send it back.", Language: "en", Tags: []string{}, Enabled: true}),
		live("rule_1", resource.BotRule{Title: "Be kind", Content: "Be kind.", Enabled: true}),
	}
	st := newExportStaging(t)
	root := st.root
	st.Fetched("demo", lives)
	repo := &source.Repo{Layout: source.Layout{Root: root, Config: config.Default()}}
	ops, err := computeLive(repo, []string{"demo"}, lives, Options{Export: true})
	if err != nil {
		t.Fatal(err)
	}
	st.wg.Wait()
	return st, ops, filepath.Join(root, st.name, "demo", "articles", "returns.md")
}

// TestAStagedBusinessIsMovedIntoPlace: a business staged exactly as the
// export's operations write it is moved into businesses/ (the very file
// staged, not a copy), and the files the staging lacks (octosync.yaml, the
// tooling, the empty kind's .gitkeep) are written beside it.
func TestAStagedBusinessIsMovedIntoPlace(t *testing.T) {
	st, ops, stagedArticle := stagedExport(t)
	before, err := os.Stat(stagedArticle)
	if err != nil {
		t.Fatalf("the article was not staged: %v", err)
	}
	if err := applyStaged(st.root, ops, st); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(filepath.Join(st.root, "businesses", "demo", "articles", "returns.md"))
	if err != nil || !os.SameFile(before, after) {
		t.Errorf("the article is not the staged file moved into place: %v", err)
	}
	for _, o := range ops {
		if _, err := os.Stat(filepath.Join(st.root, filepath.FromSlash(o.Path))); o.Kind == Write && err != nil {
			t.Errorf("%s: %v", o.Path, err)
		}
	}
	if err := st.Discard(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(st.root, st.name)); !os.IsNotExist(err) {
		t.Errorf("the staging folder is left: %v", err)
	}
}

// TestAStagedBusinessTheOperationsDisagreeWithIsWrittenFromThem: the
// operations decide, the staging only saves time: a business whose staged
// file differs from what the operations write is written from them.
func TestAStagedBusinessTheOperationsDisagreeWithIsWrittenFromThem(t *testing.T) {
	st, ops, stagedArticle := stagedExport(t)
	before, err := os.Stat(stagedArticle)
	if err != nil {
		t.Fatalf("the article was not staged: %v", err)
	}
	for i, o := range ops {
		if o.Path == "businesses/demo/articles/returns.md" {
			ops[i].Data = []byte("---\ntitle: Returns\n---\nWhat the operations say.\n")
		}
	}
	if err := applyStaged(st.root, ops, st); err != nil {
		t.Fatal(err)
	}
	final := filepath.Join(st.root, "businesses", "demo", "articles", "returns.md")
	data, err := os.ReadFile(final)
	if err != nil || string(data) != "---\ntitle: Returns\n---\nWhat the operations say.\n" {
		t.Errorf("the article holds %q (%v), want the operations' content", data, err)
	}
	if after, err := os.Stat(final); err == nil && os.SameFile(before, after) {
		t.Error("the staged file was moved into place though it differs")
	}
}

// TestAnEmptyBusinessIsStagedToo: a business with no resources stages no
// file; the export's .gitkeep for it is created in its staged folder and
// moved into place, and a business the operations do not mention at all
// is left out without an error.
func TestAnEmptyBusinessIsStagedToo(t *testing.T) {
	st := newExportStaging(t)
	root := st.root
	st.Fetched("empty", nil)
	st.Fetched("unmentioned", nil)
	repo := &source.Repo{Layout: source.Layout{Root: root, Config: config.Default()}}
	ops, err := computeLive(repo, []string{"empty"}, nil, Options{Export: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := applyStaged(root, ops, st); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "businesses", "empty", ".gitkeep")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(root, "businesses", "unmentioned")); !os.IsNotExist(err) {
		t.Errorf("a business the operations do not mention was written: %v", err)
	}
}

// TestEachStagedBusinessStartsAFlush: as soon as a business is staged its
// files start going to disk (one flush of the filesystem each, so that
// the export's final flush has little left), and a flush that fails fails
// the export before anything is moved into place.
func TestEachStagedBusinessStartsAFlush(t *testing.T) {
	st := newExportStaging(t)
	root := st.root
	var flushes atomic.Int32
	failing := errors.New("disk full")
	st.flushFS = func() error {
		if flushes.Add(1) == 2 {
			return failing
		}
		return nil
	}
	article := live("art_1", resource.Article{Title: "Returns", Content: "Send it back.", Language: "en", Tags: []string{}, Enabled: true})
	for i, b := range []string{"one", "two"} {
		st.Fetched(b, []resource.Resource{article})
		st.wg.Wait()
		st.flushes.Wait()
		if got := flushes.Load(); got != int32(i+1) {
			t.Fatalf("after staging %s: %d flushes, want %d", b, got, i+1)
		}
	}
	repo := &source.Repo{Layout: source.Layout{Root: root, Config: config.Default()}}
	ops, err := computeLive(repo, []string{"one", "two"}, nil, Options{Export: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := applyStaged(root, ops, st); !errors.Is(err, failing) {
		t.Fatalf("applyStaged: %v, want the failed flush", err)
	}
	if _, err := os.Stat(filepath.Join(root, "businesses")); !os.IsNotExist(err) {
		t.Errorf("businesses/ was written though a flush failed: %v", err)
	}
}
