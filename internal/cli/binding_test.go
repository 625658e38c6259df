package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/octocom"
)

// TestOneBindingAcrossCommands walks every combination of a file's title
// (exact, with a leading space, with a trailing space) and id (none, the
// live id, a stale id) through plan, pull and apply against a live rule
// "Greet": all three bind the file to that one rule, plan and apply agree
// on whether the title changes, pull records the rule's id, and apply
// never creates a second rule.
func TestOneBindingAcrossCommands(t *testing.T) {
	const liveID = "rule_00002" // the sandbox numbers the business first
	for _, title := range []string{"Greet", " Greet", "Greet "} {
		for _, id := range []string{"", liveID, "rule_stale"} {
			t.Run(fmt.Sprintf("title %q id %q", title, id), func(t *testing.T) {
				url, client := greetSandbox(t)
				file := fmt.Sprintf("title: %q\ncontent: Say hello.\nenabled: true\n", title)
				if id != "" {
					file = "id: " + id + "\n" + file
				}
				newRepo := func() string {
					dir := t.TempDir()
					writeFiles(t, dir, map[string]string{"octosync.yaml": "version: 1\n", "businesses/demo/bot-rules/greet.yaml": file})
					return dir
				}

				// plan: bound to the live rule; an update exactly when the title differs.
				dir := newRepo()
				code, out, errs := runInProcess(url, "plan", "--dir", dir, "--output", "json", "--detailed-exitcode")
				var p struct {
					Summary  struct{ Update, Create int }
					Bindings []struct{ Path, ID, By string }
				}
				must(t, json.Unmarshal([]byte(out), &p))
				wantBy := map[string]string{"": "title", liveID: "id", "rule_stale": "title, stale id"}[id]
				if len(p.Bindings) != 1 || p.Bindings[0].ID != liveID || p.Bindings[0].By != wantBy {
					t.Fatalf("plan bindings = %+v, want %s by %s\n%s", p.Bindings, liveID, wantBy, errs)
				}
				changes := title != "Greet"
				if wantCode := map[bool]int{false: 0, true: ExitChanges}[changes]; code != wantCode || p.Summary.Create != 0 || p.Summary.Update != map[bool]int{false: 0, true: 1}[changes] {
					t.Fatalf("plan: exit %d, summary %+v (title changes: %v)", code, p.Summary, changes)
				}

				// pull: the file ends up holding the live rule's id, and plans empty.
				code, out, errs = runInProcess(url, "pull", "--dir", dir, "--force") // outside git every file counts as edited
				if code != 0 {
					t.Fatalf("pull: exit %d\n%s%s", code, out, errs)
				}
				data, err := os.ReadFile(filepath.Join(dir, "businesses/demo/bot-rules/greet.yaml"))
				must(t, err)
				if !strings.Contains(string(data), "id: "+liveID+"\n") {
					t.Errorf("pull did not record %s:\n%s", liveID, data)
				}
				if code, out, _ = runInProcess(url, "plan", "--dir", dir, "--detailed-exitcode"); code != 0 {
					t.Errorf("plan after pull: exit %d\n%s", code, out)
				}

				// apply (from the original file): one rule, holding the file's title.
				dir = newRepo()
				if code, out, errs = runInProcess(url, "apply", "--dir", dir, "--auto-approve"); code != 0 {
					t.Fatalf("apply: exit %d\n%s%s", code, out, errs)
				}
				st, err := live.Fetch(context.Background(), client, live.Options{})
				must(t, err)
				if len(st.Resources) != 1 || st.Resources[0].ID != liveID || st.Resources[0].Title() != title {
					t.Errorf("after apply live is %+v, want only %s titled %q", st.Resources, liveID, title)
				}
			})
		}
	}
}

// greetSandbox serves one business with one live bot rule, "Greet".
func greetSandbox(t *testing.T) (string, *octocom.Client) {
	t.Helper()
	return serveSeed(t, []byte(`{"organizations": [{"name": "o", "apiKeys": ["sandbox-key"], "businesses": [{"slug": "demo", "name": "Demo",
		"botRules": [{"title": "Greet", "content": "Say hello.", "enabled": true}]}]}]}`))
}
