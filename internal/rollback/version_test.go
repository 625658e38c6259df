package rollback

import (
	"context"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// A workflow sharing its condition provider with another is refused before
// anything is read: rewriting the .py would change both.
func TestToVersionRefusesASharedConditionProvider(t *testing.T) {
	a := &document.Document{Path: "businesses/demo/workflows/a.yaml", Kind: resource.KindWorkflow, ProviderPath: "businesses/demo/workflows/shared.py"}
	b := &document.Document{Path: "businesses/demo/workflows/b.yaml", Kind: resource.KindWorkflow, ProviderPath: "businesses/demo/workflows/shared.py"}
	repo := &source.Repo{Documents: []*document.Document{a, b}}
	// A nil provider: any request would panic, so nothing may be read.
	_, err := ToVersion(context.Background(), nil, repo, VersionRequest{Docs: []*document.Document{a}, Version: 1})
	if err == nil || !strings.Contains(err.Error(), "businesses/demo/workflows/a.yaml: its condition provider businesses/demo/workflows/shared.py is also businesses/demo/workflows/b.yaml's") {
		t.Fatalf("err = %v", err)
	}
}
