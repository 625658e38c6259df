package cli

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
	"github.com/octosync/octosync/internal/source"
)

// TestApplyExampleStateEqualsFiles applies example-repo to its sandbox and
// compares the live state with the files field by field: every resource
// apply wrote holds, byte for byte, its file's content in normalized form
// (the form apply sends: line endings, trailing whitespace and trailing
// newlines are all normalization changes); those it left alone were equal
// already.
func TestApplyExampleStateEqualsFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "example-repo")
	must(t, copyTree("../../example-repo", dir, func(p string) bool { return filepath.Base(p) == ".octosync" }))
	seed, err := sandbox.LoadSeed(filepath.Join(dir, "sandbox-seed.json"))
	must(t, err)
	sb, err := sandbox.New(sandbox.Options{Seed: seed})
	must(t, err)
	srv := httptest.NewServer(sb)
	defer srv.Close()
	url := srv.URL + sandbox.BasePath

	client, err := octocom.New(octocom.Options{BaseURL: url, APIKey: "sandbox-key"})
	must(t, err)
	seeded, err := live.Fetch(context.Background(), client, live.Options{})
	must(t, err)
	versionBefore := map[string]int{}
	for _, r := range seeded.Resources {
		versionBefore[r.ID] = r.Meta.Version
	}
	if code, out, errs := runInProcess(url, "apply", "--dir", dir, "--auto-approve", "--force-drift", "--prune"); code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errs)
	}
	repo, err := source.Load(dir, source.LoadOptions{})
	must(t, err)
	st, err := live.Fetch(context.Background(), client, live.Options{Businesses: repo.Businesses})
	must(t, err)

	type key struct {
		business string
		kind     resource.Kind
		title    string
	}
	byKey := map[key]resource.Resource{}
	liveCount := 0
	for _, r := range st.Resources {
		if r.Deleted() {
			continue
		}
		liveCount++
		k := key{r.Business, r.Kind(), r.Title()}
		if _, dup := byKey[k]; dup {
			t.Errorf("duplicate live resource %v", k)
		}
		byKey[k] = r
	}
	if liveCount != len(repo.Resources) {
		t.Errorf("%d live resources, %d files", liveCount, len(repo.Resources))
	}
	for _, d := range repo.Resources {
		l, ok := byKey[key{d.Business, d.Kind(), d.Title()}]
		if !ok {
			t.Errorf("%s: not live", d.Path)
			continue
		}
		got, want := exactFields(t, l.Spec), exactFields(t, d.Spec.Normalize())
		if l.Meta.Version == versionBefore[l.ID] {
			// Not written by apply: it was already equal.
			got = exactFields(t, l.Spec.Normalize())
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: live differs from the file\nlive: %v\nfile: %v", d.Path, got, want)
		}
	}
}

// exactFields is a spec's fields as JSON values, byte-exact text, with
// absent lists read as empty ones.
func exactFields(t *testing.T, s resource.Spec) map[string]any {
	b, err := json.Marshal(s)
	must(t, err)
	var m map[string]any
	must(t, json.Unmarshal(b, &m))
	for k, v := range m {
		if v == nil && k != "conditionProvider" {
			m[k] = []any{}
		}
	}
	return m
}
