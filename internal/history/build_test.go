package history

import (
	"context"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/gitrepo/gitrepotest"
	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
)

// versionsOnly is a provider that answers only Versions.
type versionsOnly struct {
	provider.Provider
	vs []provider.Version
}

func (p versionsOnly) Versions(context.Context, string, resource.Kind, string) ([]provider.Version, error) {
	return p.vs, nil
}

func rule(content string) resource.BotRule {
	return resource.BotRule{Title: "Be kind", Content: content, Enabled: true}
}

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// history of a bot rule: created and updated from commits, edited in the
// dashboard, restored from v1; newest first.
func sampleVersions() []provider.Version {
	key := provider.Author{Type: provider.AuthorAPIKey, Name: "ci"}
	return []provider.Version{
		{Number: 4, ChangeType: provider.ChangeRestore, RestoredFrom: 1, CreatedAt: t0.Add(3 * time.Hour), Author: key, Snapshot: rule("One.")},
		{Number: 3, ChangeType: provider.ChangeUpdate, CreatedAt: t0.Add(2 * time.Hour), Author: provider.Author{Type: provider.AuthorUser, Name: "carol"}, Snapshot: rule("Carol's.")},
		{Number: 2, ChangeType: provider.ChangeUpdate, CreatedAt: t0.Add(time.Hour), Author: key, Snapshot: rule("Two.")},
		{Number: 1, ChangeType: provider.ChangeCreate, CreatedAt: t0, Author: key, Snapshot: rule("One.")},
	}
}

func TestBuildAttributesEachVersionToTheCommitThatHeldIt(t *testing.T) {
	dir := t.TempDir()
	const path = "businesses/demo/bot-rules/be-kind.yaml"
	shas, err := gitrepotest.Build(dir, []gitrepotest.Commit{
		{Files: map[string][]byte{"octosync.yaml": []byte("version: 1\n"), path: []byte("title: Be kind\ncontent: One.\n")}, Message: "first\n\nbody", When: t0},
		{Files: map[string][]byte{path: []byte("title: Be kind\ncontent: Two.\n")}, Message: "second", When: t0.Add(time.Hour)},
	}, gitrepotest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	commits, err := OpenCommits(context.Background(), dir, "en", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer commits.Close()
	live := resource.Resource{Business: "demo", ID: "rule_1", Spec: rule("One."), Meta: resource.Meta{Version: 4}}
	target := Target{Doc: &document.Document{Path: path, Kind: resource.KindBotRule, Spec: rule("Two.")}, Spec: rule("Two."), Live: live}

	hs, err := Build(context.Background(), versionsOnly{vs: sampleVersions()}, []Target{target}, commits, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		source       Source
		commit       string
		live, worked bool
	}{
		{FromCommit, shas[0], true, false},
		{FromDashboard, "", false, false},
		{FromCommit, shas[1], false, true},
		{FromCommit, shas[0], false, false},
	}
	es := hs[0].Entries
	if len(hs) != 1 || len(es) != 4 || hs[0].Total != 4 {
		t.Fatalf("histories %+v", hs)
	}
	for i, w := range want {
		e := es[i]
		got := ""
		if e.Commit != nil {
			got = e.Commit.Hash
			if e.Commit.Short != got[:7] || (got == shas[0] && e.Commit.Subject != "first") {
				t.Errorf("version %d: commit %+v", e.Number, e.Commit)
			}
		}
		if e.Source != w.source || got != w.commit || e.Live != w.live || e.WorkingTree != w.worked {
			t.Errorf("version %d: source %s commit %.7s live %v working tree %v; want %s %.7s %v %v",
				e.Number, e.Source, got, e.Live, e.WorkingTree, w.source, w.commit, w.live, w.worked)
		}
	}
}

func TestBuildOutsideGitAttributesNothing(t *testing.T) {
	commits, err := OpenCommits(context.Background(), t.TempDir(), "en", nil)
	if err != nil {
		t.Fatal(err)
	}
	if commits.Known() || commits.Unavailable == nil {
		t.Fatalf("outside git: Known %v, Unavailable %v", commits.Known(), commits.Unavailable)
	}
	live := resource.Resource{Business: "demo", ID: "rule_1", Spec: rule("One."), Meta: resource.Meta{Version: 4}}
	hs, err := Build(context.Background(), versionsOnly{vs: sampleVersions()}, []Target{{Live: live}}, commits, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range hs[0].Entries {
		if e.Source != FromUnknown || e.Commit != nil || e.WorkingTree {
			t.Errorf("version %d: %+v; want unknown, no commit, no working tree (no file)", e.Number, e)
		}
	}
}

func TestBuildMaxAndSince(t *testing.T) {
	live := resource.Resource{Business: "demo", ID: "rule_1", Spec: rule("One."), Meta: resource.Meta{Version: 4}}
	p := versionsOnly{vs: sampleVersions()}
	hs, err := Build(context.Background(), p, []Target{{Live: live}}, nil, Options{Max: 2})
	if err != nil || len(hs[0].Entries) != 2 || hs[0].Entries[1].Number != 3 || hs[0].Total != 4 {
		t.Fatalf("Max 2: %+v, %v; want versions 4 and 3 of 4", hs, err)
	}
	hs, err = Build(context.Background(), p, []Target{{Live: live}}, nil, Options{Since: t0.Add(90 * time.Minute)})
	if err != nil || len(hs[0].Entries) != 2 || hs[0].Entries[1].Number != 3 {
		t.Fatalf("Since: %+v, %v; want versions 4 and 3", hs, err)
	}
	hs, err = Build(context.Background(), p, []Target{{Live: live}}, nil, Options{Since: t0.Add(24 * time.Hour)})
	if err != nil || len(hs) != 0 {
		t.Fatalf("Since after the newest version: %+v, %v; want the resource left out", hs, err)
	}
}
