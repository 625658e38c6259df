package pipeline

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
)

func client(t *testing.T) *octocom.Client {
	t.Helper()
	seed, err := sandbox.ParseSeed([]byte(`{"organizations": [{"name": "o", "apiKeys": ["k"], "businesses": [{"slug": "demo", "name": "Demo",
		"botRules": [{"title": "Greet", "content": "Say hello.", "enabled": true}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	sb, err := sandbox.New(sandbox.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := octocom.New(octocom.Options{BaseURL: srv.URL + sandbox.BasePath, APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func rule(content string) resource.Resource {
	return resource.Resource{Business: "demo", Path: "businesses/demo/bot-rules/greet.yaml",
		Spec: resource.BotRule{Title: "Greet", Content: content, Enabled: true}}
}

// TestBuildReadsHistoryOnlyWhenNeeded: an in-sync plan never looks at git;
// a difference outside git is planned as an update with a warning; and a
// caller that requires history gets ErrNoHistory.
func TestBuildReadsHistoryOnlyWhenNeeded(t *testing.T) {
	c := client(t)
	notGit := t.TempDir()
	in := Input{Desired: plan.Desired{Businesses: []string{"demo"}, Resources: []resource.Resource{rule("Say hello.")}}, Root: notGit}
	opts := plan.Options{Target: "sandbox", Sandbox: true, Warnings: []string{"caller's warning"}}

	res, err := Build(context.Background(), c, in, opts)
	if err != nil {
		t.Fatal(err)
	}
	p := res.Plan
	if p.History != plan.HistoryNotNeeded || len(p.Changes) != 0 || p.Unchanged != 1 || p.Target != "sandbox" || !p.Sandbox {
		t.Errorf("in-sync plan: %+v", p)
	}
	if len(p.Warnings) != 1 || p.Warnings[0] != "caller's warning" {
		t.Errorf("warnings %q", p.Warnings)
	}
	if len(p.Bindings) != 1 || p.Bindings[0].By != plan.ByTitle {
		t.Errorf("bindings %+v", p.Bindings)
	}

	in.Desired.Resources = []resource.Resource{rule("Say hello!")}
	res, err = Build(context.Background(), c, in, opts)
	if err != nil {
		t.Fatal(err)
	}
	p = res.Plan
	if p.History != plan.HistoryNone || len(p.Changes) != 1 || p.Changes[0].Action != plan.Update || p.Changes[0].Drift != nil {
		t.Errorf("difference outside git: history %q, changes %+v", p.History, p.Changes)
	}
	if len(p.Warnings) != 2 || !strings.HasPrefix(p.Warnings[0], "drift detection is off") {
		t.Errorf("warnings %q", p.Warnings)
	}

	in.RequireHistory = true
	if _, err := Build(context.Background(), c, in, opts); !errors.Is(err, ErrNoHistory) {
		t.Errorf("RequireHistory outside git: %v, want ErrNoHistory", err)
	}
}

// TestBuildAllBusinesses: a bulk export plans every business of the
// organization, or the ones named.
func TestBuildAllBusinesses(t *testing.T) {
	c := client(t)
	res, err := Build(context.Background(), c, Input{AllBusinesses: true}, plan.Options{Prune: true, MaxDeletes: -1, AllowMassDelete: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Businesses) != 1 || res.Businesses[0] != "demo" || len(res.Plan.Changes) != 1 || res.Plan.Changes[0].Action != plan.Delete {
		t.Errorf("businesses %v, changes %+v", res.Businesses, res.Plan.Changes)
	}
}
