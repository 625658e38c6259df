package render

import (
	"slices"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/pull"
	"github.com/octosync/octosync/internal/resource"
)

func TestChangelogSaysWhoChangedWhat(t *testing.T) {
	returns := resource.Key{Business: "acme", Kind: resource.KindArticle, Title: "Returns", ID: "art_1"}
	greet := resource.Key{Business: "acme", Kind: resource.KindBotRule, Title: "Greet\x1b[31m", ID: "br_2"}
	gone := resource.Key{Business: "acme", Kind: resource.KindArticle, Title: "Old", ID: "art_3"}
	ops := []pull.Op{
		{Kind: pull.Write, Path: "businesses/acme/articles/returns.md", Subject: returns},
		{Kind: pull.Write, Path: "businesses/acme/bot-rules/greet.yaml", Subject: greet},
		{Kind: pull.Remove, Path: "businesses/acme/articles/old.md", Subject: gone},
		{Kind: pull.Skip, Path: "businesses/acme/articles/x.md", Subject: resource.Key{ID: "art_9"}},
	}
	at := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	newest := map[string]provider.Version{
		"art_1": {Number: 4, ChangeType: provider.ChangeUpdate, CreatedAt: at, Author: provider.Author{Type: provider.AuthorUser, Name: "alice"}},
		"br_2":  {Number: 1, ChangeType: provider.ChangeCreate, CreatedAt: at, Author: provider.Author{Type: provider.AuthorAPIKey, Name: "zapier"}},
	}
	got := Changelog(ops, newest)
	want := []string{
		`acme/article "Old": changed live (no version history)`,
		`acme/article "Returns": edited in the dashboard by alice at 2026-11-02 09:30 UTC (version 4)`,
		`acme/bot-rule "Greet\x1b[31m": created through the API by zapier at 2026-11-02 09:30 UTC (version 1)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("Changelog:\n got %q\nwant %q", got, want)
	}
}
