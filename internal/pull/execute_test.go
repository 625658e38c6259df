package pull

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
)

// TestExecuteWritesNothingWhenItCouldNotCommit: --commit outside git is
// refused before any file is written, and without --commit the same pull
// writes the file, reports it and counts it.
func TestExecuteWritesNothingWhenItCouldNotCommit(t *testing.T) {
	repo := writeRepo(t, map[string]string{"octosync.yaml": "version: 1\n", "businesses/demo/.gitkeep": ""})
	liveState := []resource.Resource{live("rule_1", resource.BotRule{Title: "Be kind", Content: "Be kind.", Enabled: true})}
	p, err := plan.Compute(plan.Desired{Businesses: []string{"demo"}, Resources: repo.Resources}, plan.Live{Resources: liveState},
		plan.Options{Prune: true, MaxDeletes: -1, AllowMassDelete: true})
	if err != nil {
		t.Fatal(err)
	}
	written := filepath.Join(repo.Root, "businesses/demo/bot-rules/be-kind.yaml")

	_, err = Execute(context.Background(), nil, repo, p, ExecOptions{Businesses: []string{"demo"}, Commit: true})
	if err == nil || !strings.Contains(err.Error(), "not inside a git repository") || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("Execute with Commit outside git = %v, want the refusal", err)
	}
	if _, err := os.Stat(written); !os.IsNotExist(err) {
		t.Fatalf("a file was written before the refusal: %v", err)
	}

	var out bytes.Buffer
	var reported []Op
	res, err := Execute(context.Background(), nil, repo, p, ExecOptions{
		Businesses: []string{"demo"}, Out: &out,
		Report: func(ops []Op) error { reported = ops; return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(written); err != nil {
		t.Fatalf("the file was not written: %v", err)
	}
	if res.Written != 1 || res.Removed != 0 || len(reported) != 1 || reported[0].Path != "businesses/demo/bot-rules/be-kind.yaml" || res.Commit != "" {
		t.Fatalf("result %+v, reported %+v", res, reported)
	}
}
