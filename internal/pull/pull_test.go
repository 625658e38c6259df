package pull

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

func TestBaseNameStaysInsideItsFolder(t *testing.T) {
	tests := map[string]string{
		"Return policy":              "return-policy",
		"../../../etc/passwd":        "etc-passwd",
		"/":                          "untitled",
		"🎉🎉":                         "untitled",
		"a\x00b":                     "a-b",
		"CON":                        "con-file",
		"lpt1":                       "lpt1-file",
		"Café crème":                 "cafe-creme",
		"Größentabelle":              "grossentabelle",
		strings.Repeat("word ", 100): strings.TrimRight(strings.Repeat("word-", 16), "-"),
		`C:\Windows\system32`:        "c-windows-system32",
	}
	for title, want := range tests {
		got := BaseName(title)
		if got != want {
			t.Errorf("BaseName(%q) = %q, want %q", title, got, want)
		}
		if len(got) > maxNameLen || strings.ContainsAny(got, `/\.`) {
			t.Errorf("BaseName(%q) = %q is not a safe name", title, got)
		}
	}
}

func TestUniqueName(t *testing.T) {
	taken := map[string]bool{"a": true, "a-2": true}
	if got := uniqueName("a", func(n string) bool { return taken[n] }); got != "a-3" {
		t.Fatalf("uniqueName = %q", got)
	}
}

func TestCheckPathRefusesEscapes(t *testing.T) {
	for _, p := range []string{"../x", "/etc/passwd", "businesses/../../x", "businesses/a/../../../x", "x.md", "", "businesses/a\x00"} {
		if err := checkPath(p); err == nil {
			t.Errorf("checkPath(%q) accepted", p)
		}
	}
	for _, p := range []string{"octosync.yaml", "businesses/demo/articles/a.md"} {
		if err := checkPath(p); err != nil {
			t.Errorf("checkPath(%q): %v", p, err)
		}
	}
}

func writeRepo(t *testing.T, files map[string]string) *source.Repo {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	repo, err := source.Load(dir, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if repo.Diags.HasErrors() {
		t.Fatalf("fixture has errors: %v", repo.Diags)
	}
	return repo
}

func live(id string, spec resource.Spec) resource.Resource {
	return resource.Resource{Business: "demo", ID: id, Spec: spec, Meta: resource.Meta{Version: 1}}
}

func TestComputeOps(t *testing.T) {
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                      "version: 1\n",
		"businesses/demo/articles/same.md":   "---\ntitle: Same\nlanguage: en\ntags: []\nenabled: true\n---\nSame text.\n",
		"businesses/demo/articles/edited.md": "---\nid: art_2\ntitle: Edited\nlanguage: en\ntags: []\nenabled: true\n---\nOld text.\n",
		"businesses/demo/articles/gone.md":   "---\nid: art_3\ntitle: Gone\nlanguage: en\ntags: []\nenabled: true\n---\nBye.\n",
		"businesses/demo/articles/local.md":  "---\ntitle: Local only\n---\nNever pushed.\n",
	})
	deleted := live("art_3", resource.Article{Title: "Gone", Content: "Bye.", Language: "en", Tags: []string{}, Enabled: true})
	now := deleted.Meta.UpdatedAt
	deleted.Meta.DeletedAt = &now
	liveState := []resource.Resource{
		live("art_1", resource.Article{Title: "Same", Content: "Same text.", Language: "en", Tags: []string{}, Enabled: true}),
		live("art_2", resource.Article{Title: "Edited", Content: "New text.", Language: "en", Tags: []string{}, Enabled: true}),
		deleted,
		live("art_4", resource.Article{Title: "Same", Content: "A second one, created live.", Language: "en", Tags: []string{}, Enabled: true}),
	}
	// "Same" is ambiguous live (two articles): the plan refuses to guess.
	if _, err := computeLive(repo, []string{"demo"}, liveState, Options{}); err == nil || !strings.Contains(err.Error(), "art_1") {
		t.Fatalf("ambiguous binding not refused: %v", err)
	}
	liveState[3] = live("art_4", resource.Article{Title: "New live", Content: "Created live.", Language: "en", Tags: []string{}, Enabled: true})

	ops, err := computeLive(repo, []string{"demo"}, liveState, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Op{}
	for _, o := range ops {
		got[o.Path] = o
	}
	want := map[string]OpKind{
		"businesses/demo/articles/same.md":     Write,  // id recorded
		"businesses/demo/articles/edited.md":   Write,  // live changed
		"businesses/demo/articles/gone.md":     Remove, // deleted live
		"businesses/demo/articles/new-live.md": Write,  // new live
	}
	if len(got) != len(want) {
		t.Fatalf("ops = %+v", ops)
	}
	for p, k := range want {
		if got[p].Kind != k {
			t.Errorf("%s: op %q, want %q", p, got[p].Kind, k)
		}
	}
	if !strings.Contains(string(got["businesses/demo/articles/same.md"].Data), "id: art_1\n") {
		t.Errorf("id not recorded:\n%s", got["businesses/demo/articles/same.md"].Data)
	}
	if !got["businesses/demo/articles/new-live.md"].New {
		t.Errorf("new file not marked new")
	}

	// Uncommitted edits are never overwritten or removed without Force.
	dirty := map[string]bool{"businesses/demo/articles/edited.md": true, "businesses/demo/articles/gone.md": true, "businesses/demo/articles/local.md": true}
	_, err = computeLive(repo, []string{"demo"}, liveState, Options{Dirty: dirty})
	var de *DirtyError
	if !errors.As(err, &de) || len(de.Paths) != 2 {
		t.Fatalf("dirty files not refused: %v", err)
	}
	if _, err := computeLive(repo, []string{"demo"}, liveState, Options{Dirty: dirty, Force: true}); err != nil {
		t.Fatalf("--force: %v", err)
	}

	// Apply writes and removes exactly those files; a second Compute is empty.
	if err := Apply(repo.Root, ops); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(repo.Root, "businesses/demo/articles/local.md")); err != nil {
		t.Fatalf("the local file was touched: %v", err)
	}
	again, err := source.Load(repo.Root, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var stillLive []resource.Resource
	for _, r := range liveState {
		if !r.Deleted() {
			stillLive = append(stillLive, r)
		}
	}
	ops, err = computeLive(again, []string{"demo"}, stillLive, Options{})
	if err != nil || len(ops) != 0 {
		t.Fatalf("second pull: %v %+v", err, ops)
	}
}

func TestComputeRefusesHostileBusiness(t *testing.T) {
	repo := writeRepo(t, map[string]string{"octosync.yaml": "version: 1\n"})
	for _, b := range []string{"../x", "a/b", "Acme EU", ""} {
		if _, err := computeLive(repo, []string{b}, nil, Options{}); err == nil {
			t.Errorf("business %q accepted", b)
		}
	}
}

func TestComputeReplacesAStaleID(t *testing.T) {
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                       "version: 1\n",
		"businesses/demo/bot-rules/kind.yaml": "id: rule_from_staging\ntitle: Be kind\ncontent: Always be kind.\nenabled: true\n",
	})
	liveState := []resource.Resource{live("rule_9", resource.BotRule{Title: "Be kind", Content: "Always be kind.", Enabled: true})}
	ops, err := computeLive(repo, []string{"demo"}, liveState, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != 1 || !strings.Contains(string(ops[0].Data), "id: rule_9\n") {
		t.Fatalf("ops = %+v", ops)
	}
}

// TestNewWorkflowDoesNotTakeAnotherProvidersName: a live workflow titled
// like another workflow's provider file gets a name of its own, and pull
// never removes a file it writes.
func TestNewWorkflowDoesNotTakeAnotherProvidersName(t *testing.T) {
	code := "def evaluate_conditions(context):\n    return {}\n"
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                       "version: 1\n",
		"businesses/demo/workflows/x.yaml":    "id: wf_1\ntitle: X\ntrigger: t\nconditionProvider: {file: shared.py}\ninstructions: i\nenabled: true\n",
		"businesses/demo/workflows/shared.py": code,
	})
	other := "def evaluate_conditions(context):\n    return {\"a\": True}\n"
	liveState := []resource.Resource{
		live("wf_1", resource.Workflow{Title: "X", Trigger: "t", Instructions: "i", ConditionProvider: &code, Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}),
		live("wf_2", resource.Workflow{Title: "Shared", Trigger: "t", Instructions: "i", ConditionProvider: &other, Actions: []string{}, Variants: []resource.Variant{}, Enabled: true}),
	}
	ops, err := computeLive(repo, []string{"demo"}, liveState, Options{})
	if err != nil {
		t.Fatal(err)
	}
	written := map[string]bool{}
	for _, o := range ops {
		if o.Kind == Write {
			written[o.Path] = true
		}
	}
	for _, o := range ops {
		if o.Kind == Remove && written[o.Path] {
			t.Fatalf("removes a file it writes: %+v", ops)
		}
		if o.Kind == Write && o.Path == "businesses/demo/workflows/shared.py" && strings.Contains(string(o.Data), `"a"`) {
			t.Fatalf("the new workflow's provider overwrote x's: %+v", ops)
		}
	}
	if !written["businesses/demo/workflows/shared-2.yaml"] || !written["businesses/demo/workflows/shared-2.py"] {
		t.Fatalf("new workflow not written as shared-2: %+v", ops)
	}
	if err := Apply(repo.Root, ops); err != nil {
		t.Fatal(err)
	}
	again, err := source.Load(repo.Root, source.LoadOptions{})
	if err != nil || again.Diags.HasErrors() {
		t.Fatalf("pulled repository does not load cleanly: %v %v", err, again.Diags)
	}
}

// TestDirtyFileOnlyMissingItsIDIsSkipped: recording an id is not worth
// refusing the whole pull over a file with uncommitted edits.
func TestDirtyFileOnlyMissingItsIDIsSkipped(t *testing.T) {
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                    "version: 1\n",
		"businesses/demo/bot-rules/a.yaml": "title: A\ncontent: a\nenabled: true\n",
		"businesses/demo/articles/new.md":  "---\nid: art_1\ntitle: Old\nlanguage: en\ntags: []\nenabled: true\n---\nold\n",
	})
	liveState := []resource.Resource{
		live("rule_1", resource.BotRule{Title: "A", Content: "a", Enabled: true}),
		live("art_1", resource.Article{Title: "Old", Content: "changed live", Language: "en", Tags: []string{}, Enabled: true}),
	}
	ops, err := computeLive(repo, []string{"demo"}, liveState, Options{Dirty: map[string]bool{"businesses/demo/bot-rules/a.yaml": true}})
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	kinds := map[string]OpKind{}
	for _, o := range ops {
		kinds[o.Path] = o.Kind
	}
	if kinds["businesses/demo/bot-rules/a.yaml"] != Skip || kinds["businesses/demo/articles/new.md"] != Write {
		t.Fatalf("ops = %+v", ops)
	}
}

// TestRecordingAnIDKeepsTheFile: pull adds the id line and nothing else, so
// comments and layout written by a person (or by init) survive.
func TestRecordingAnIDKeepsTheFile(t *testing.T) {
	rule := "# Keep answers short: customers read on phones.\ntitle: Be brief   # shown in the dashboard\ncontent: |\n  Answer in at most three sentences.\nenabled: true\n"
	art := "---\n# written by hand\ntitle: Returns\n---\nReturn within 30 days.\n"
	repo := writeRepo(t, map[string]string{
		"octosync.yaml":                        "version: 1\n",
		"businesses/demo/bot-rules/brief.yaml": rule,
		"businesses/demo/articles/returns.md":  art,
	})
	liveState := []resource.Resource{
		live("rule_1", resource.BotRule{Title: "Be brief", Content: "Answer in at most three sentences.", Enabled: true}),
		live("art_1", resource.Article{Title: "Returns", Content: "Return within 30 days.", Language: "en", Tags: []string{}, Enabled: true}),
	}
	ops, err := computeLive(repo, []string{"demo"}, liveState, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"businesses/demo/bot-rules/brief.yaml": "id: rule_1\n" + rule,
		"businesses/demo/articles/returns.md":  "---\nid: art_1\n# written by hand\ntitle: Returns\n---\nReturn within 30 days.\n",
	}
	if len(ops) != 2 {
		t.Fatalf("ops = %+v", ops)
	}
	for _, o := range ops {
		if string(o.Data) != want[o.Path] {
			t.Errorf("%s:\n%s\nwant:\n%s", o.Path, o.Data, want[o.Path])
		}
	}
}

// computeLive plans repo against live as the pull command does (prune on,
// no mass-delete limit) and computes the pull from that plan.
func computeLive(repo *source.Repo, businesses []string, live []resource.Resource, opts Options) ([]Op, error) {
	p, err := plan.Compute(plan.Desired{Businesses: businesses, Resources: repo.Resources}, plan.Live{Resources: live},
		plan.Options{Prune: true, MaxDeletes: -1, AllowMassDelete: true})
	if err != nil {
		return nil, err
	}
	opts.Businesses = businesses
	return Compute(repo, p, opts)
}
