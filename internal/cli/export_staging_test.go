package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/pull"
	"github.com/octosync/octosync/internal/sandbox"
)

// stagingOrg is a sandbox of two small businesses and a third, "late",
// whose articles take three pages: the last page of its list is the
// request the tests below hold back or fail.
func stagingOrg(t *testing.T) *sandbox.Server {
	t.Helper()
	type m = map[string]any
	var businesses []any
	for _, b := range []struct {
		slug     string
		articles int
	}{{"alpha", 3}, {"beta", 3}, {"late", 120}} {
		var arts []any
		for i := range b.articles {
			arts = append(arts, m{"title": fmt.Sprintf("Article %d", i), "language": "en", "enabled": true, "content": fmt.Sprintf("Body %d.\n", i)})
		}
		rules := []any{m{"title": "Be kind", "content": "Be kind.", "enabled": true}}
		macros := []any{m{"title": "Refund", "content": "We refund " + b.slug + "."}, m{"title": "Refund", "content": "Again."}}
		businesses = append(businesses, m{"slug": b.slug, "name": b.slug, "articles": arts, "botRules": rules, "macros": macros})
	}
	raw, err := json.Marshal(m{"organizations": []any{m{"name": "Acme", "apiKeys": []string{"sandbox-key"}, "businesses": businesses}}})
	must(t, err)
	seed, err := sandbox.ParseSeed(raw)
	must(t, err)
	sb, err := sandbox.New(sandbox.Options{Seed: seed})
	must(t, err)
	return sb
}

// latePage is the last page of the late business's articles.
func latePage(r *http.Request) bool {
	return strings.HasSuffix(r.URL.Path, "/businesses/late/articles") && r.URL.Query().Get("page") == "3"
}

// stagedFile waits (up to 20 seconds) until the staging folder in root holds
// the first business's article, and returns the staging folder's name.
func stagedFile(t *testing.T, root string) (string, bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		matches, _ := filepath.Glob(filepath.Join(root, pull.StagingPrefix+"*", "alpha", "articles", "article-0.md"))
		if len(matches) == 1 {
			return filepath.Base(filepath.Dir(filepath.Dir(filepath.Dir(matches[0])))), true
		}
	}
	return "", false
}

// TestBulkExportWritesWhileFetchingAndShowsNothingUntilTheEnd: a bulk
// export writes each business as soon as its lists are in, while the
// others are still fetched, but into a private staging folder: while the
// last page is held back, the first business's files exist there and
// nothing at all is in businesses/ or octosync.yaml. Once the page comes,
// the export is complete (macros included, each business's listed once)
// and the staging folder is gone.
func TestBulkExportWritesWhileFetchingAndShowsNothingUntilTheEnd(t *testing.T) {
	sb := stagingOrg(t)
	root := filepath.Join(t.TempDir(), "export")
	release := make(chan struct{})
	var seen []string // what the target held while the last page was held back
	var macroLists atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/macros") {
			macroLists.Add(1)
		}
		if latePage(r) {
			staging, ok := stagedFile(t, root)
			entries, _ := os.ReadDir(root)
			for _, e := range entries {
				seen = append(seen, e.Name())
			}
			if !ok {
				seen = append(seen, "(no staged file of alpha)")
			} else if len(entries) != 1 || entries[0].Name() != staging {
				seen = append(seen, "(more than the staging folder)")
			}
			close(release)
		}
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()

	code, stdout, stderr := runInProcess(srv.URL+sandbox.BasePath, "pull", "--dir", root)
	if code != 0 {
		t.Fatalf("pull: exit %d\n%s%s", code, stdout, stderr)
	}
	select {
	case <-release:
	default:
		t.Fatal("the last page was never asked for")
	}
	if len(seen) != 1 || !strings.HasPrefix(seen[0], pull.StagingPrefix) {
		t.Errorf("while the last page was held back, the export folder held %v, want only the staging folder with alpha's files in it", seen)
	}
	for _, want := range []string{"octosync.yaml", "businesses/alpha/articles/article-0.md", "businesses/late/articles/article-119.md", "businesses/beta/bot-rules/be-kind.yaml",
		"businesses/alpha/macros/refund.yaml", "businesses/late/macros/refund-2.yaml"} {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(want))); err != nil {
			t.Errorf("after the export: %v", err)
		}
	}
	if n := macroLists.Load(); n != 3 {
		t.Errorf("the macros were listed %d times, want once per business (staged with it, not listed again)", n)
	}
	if left, _ := filepath.Glob(filepath.Join(root, pull.StagingPrefix+"*")); len(left) != 0 {
		t.Errorf("staging folder left behind: %v", left)
	}
	if !strings.Contains(stdout, "Exported 3 business(es)") {
		t.Errorf("report:\n%s", stdout)
	}
}

// TestBulkExportFailingLateLeavesNothing: when a list fails after other
// businesses were already staged, the export fails and the folder it
// created is gone, staged files and all.
func TestBulkExportFailingLateLeavesNothing(t *testing.T) {
	sb := stagingOrg(t)
	root := filepath.Join(t.TempDir(), "export")
	staged := make(chan bool, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if latePage(r) {
			_, ok := stagedFile(t, root)
			staged <- ok
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"error": "forbidden"}`))
			return
		}
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()

	code, stdout, stderr := runInProcess(srv.URL+sandbox.BasePath, "pull", "--dir", root)
	if code == 0 {
		t.Fatalf("pull succeeded with a failing list:\n%s", stdout)
	}
	if ok := <-staged; !ok {
		t.Error("alpha was not staged before the last page failed: the test proves nothing")
	}
	if !strings.Contains(stderr, "late") {
		t.Errorf("the error does not name the failing list:\n%s", stderr)
	}
	if _, err := os.Lstat(root); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(root)
		t.Errorf("the failed export left %s behind, holding %v", root, entries)
	}
}

// TestBulkExportRefusesAPlantedLinkWithStaging: an export folder whose
// businesses is a link to a folder outside (missing, so that the folder
// is still an export) is refused before anything moves through it; the
// staged businesses are removed and nothing appears outside.
func TestBulkExportRefusesAPlantedLinkWithStaging(t *testing.T) {
	sb := stagingOrg(t)
	srv := httptest.NewServer(sb)
	defer srv.Close()
	base := t.TempDir()
	root, outside := filepath.Join(base, "export"), filepath.Join(base, "outside")
	must(t, os.MkdirAll(root, 0o755))
	must(t, os.MkdirAll(outside, 0o755))
	if err := os.Symlink(filepath.Join(outside, "businesses"), filepath.Join(root, "businesses")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}

	code, stdout, stderr := runInProcess(srv.URL+sandbox.BasePath, "pull", "--dir", root)
	if code == 0 {
		t.Fatalf("pull wrote through a planted link:\n%s", stdout)
	}
	if !strings.Contains(stderr, "businesses is a symbolic link") {
		t.Errorf("the error does not name the link:\n%s", stderr)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("written outside the export: %v", entries)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 || entries[0].Name() != "businesses" {
		t.Errorf("the export folder holds %v, want only the planted link", entries)
	}
}
