package pull

import (
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

func TestStaleIDNeverTakesAnIDAlreadyClaimed(t *testing.T) {
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                       "version: 1\n",
		"businesses/demo/bot-rules/a.yaml":    "id: rule_1\ntitle: Be kind\ncontent: Always be kind.\nenabled: true\n",
		"businesses/demo/bot-rules/copy.yaml": "id: rule_from_staging\ntitle: Be kind\ncontent: Always be kind.\nenabled: true\n",
	})
	liveState := []resource.Resource{live("rule_1", resource.BotRule{Title: "Be kind", Content: "Always be kind.", Enabled: true})}
	ops, err := computeLive(repo, []string{"demo"}, liveState, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range ops {
		if o.Path == "businesses/demo/bot-rules/copy.yaml" {
			t.Errorf("pull writes an id another file already claims: %q", o.Data)
		}
	}
}
