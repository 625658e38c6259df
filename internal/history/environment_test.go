package history

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/gitrepo/gitrepotest"
	"github.com/octosync/octosync/internal/lint"
	"github.com/octosync/octosync/internal/resource"
)

// In an environment that does not hold the files' ids, a file binds to its
// live resource by its rendered title under the live slug, and a version is
// attributed to the commit whose file, rendered with the environment's
// values, held it.
func TestEnvironmentBindsByRenderedTitleAndAttributesRenderedCommits(t *testing.T) {
	dir := t.TempDir()
	const path = "businesses/demo/bot-rules/be-kind.yaml"
	files := map[string][]byte{
		"octosync.yaml": []byte("version: 1\n"),
		path:            []byte("id: rule_prod\ntitle: Be kind\ncontent: Write to ${{ values.mail }}.\n"),
	}
	shas, err := gitrepotest.Build(dir, []gitrepotest.Commit{{Files: files, Message: "first", When: t0}}, gitrepotest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files { // the work tree, as a checkout leaves it
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	repo, diags, err := lint.Load(dir)
	if err != nil || diags.HasErrors() {
		t.Fatalf("load: %v %v", err, diags)
	}
	staging := &config.Environment{Name: "staging", Businesses: map[string]string{"demo": "demo-staging"}, Values: map[string]string{"mail": "s@example.com"}}
	live := []resource.Resource{
		{Business: "demo-staging", ID: "rule_stage", Spec: rule("Write to s@example.com.")},
		{Business: "demo-staging", ID: "rule_other", Spec: resource.BotRule{Title: "Other", Content: "x"}},
	}
	ts, err := Resolve(repo, staging, live, repo.Documents)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 1 || ts[0].Live.ID != "rule_stage" || !resource.Equal(ts[0].Spec, rule("Write to s@example.com.")) {
		t.Fatalf("targets %+v; want the file bound to rule_stage with its rendered content", ts)
	}
	bs, err := Business(repo, staging, live, "demo", nil)
	if err != nil || len(bs) != 2 || bs[0].Path() != path || bs[1].Doc != nil {
		t.Fatalf("business targets %+v, %v; want rule_stage with its file and rule_other without", bs, err)
	}

	commits, err := OpenCommits(context.Background(), dir, "en", staging)
	if err != nil {
		t.Fatal(err)
	}
	defer commits.Close()
	c, ok, err := commits.Find("demo-staging", rule("Write to s@example.com."))
	if err != nil || !ok || c.Hash != shas[0] {
		t.Fatalf("Find = %+v, %v, %v; want the first commit", c, ok, err)
	}
	if _, ok, _ := commits.Find("demo-staging", rule("Write to ${{ values.mail }}.")); ok {
		t.Fatal("the unrendered text was attributed: staging never held it")
	}
}
