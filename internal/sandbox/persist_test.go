package sandbox_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

func stateJSON(t *testing.T, sb *sandbox.Server) string {
	t.Helper()
	b, err := json.Marshal(sb.State())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPersistenceAcrossRestart checks that a new sandbox on the same data
// file continues exactly: every acknowledged write, the ID counter and the
// idempotency records survive, and the data file wins over the seed.
func TestPersistenceAcrossRestart(t *testing.T) {
	data := filepath.Join(t.TempDir(), "sandbox.json")
	sb1, c1 := newTestServer(t, sandbox.Options{DataFile: data})
	a := c1.create("articles", article("A"))
	w := decode[resource](t, c1.do("POST", "/businesses/demo/workflows", workflow("W"), "Idempotency-Key", "once").want(t, http.StatusCreated))
	c1.do("PUT", "/businesses/demo/articles/"+a.ID, article("A2"), "X-Sandbox-Actor", "user:ann").want(t, http.StatusOK)
	c1.do("DELETE", "/businesses/demo/workflows/"+w.ID, nil).want(t, http.StatusNoContent)
	r := c1.create("bot-rules", botRule("R"))
	c1.do("DELETE", "/businesses/demo/bot-rules/"+r.ID, nil).want(t, http.StatusNoContent)
	c1.do("POST", "/businesses/demo/bot-rules/"+r.ID+"/versions/1/restore", nil).want(t, http.StatusOK)
	before := stateJSON(t, sb1)

	otherSeed, err := sandbox.ParseSeed([]byte(`{"organizations": [{"name": "x", "apiKeys": ["x"], "businesses": [{"slug": "x"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	sb2, c2 := newTestServer(t, sandbox.Options{DataFile: data, Seed: otherSeed})
	if after := stateJSON(t, sb2); after != before {
		t.Fatalf("state after restart differs:\nbefore %s\nafter  %s", before, after)
	}
	// The ID counter continues: no ID is reused.
	if next := c2.create("articles", article("B")); next.ID != "art_00005" {
		t.Errorf("first ID after restart %s, want art_00005", next.ID)
	}
	// Idempotency records survive.
	replay := c2.do("POST", "/businesses/demo/workflows", workflow("W"), "Idempotency-Key", "once").want(t, http.StatusCreated)
	if replay.header.Get("Idempotent-Replayed") != "true" || decode[resource](t, replay).ID != w.ID {
		t.Errorf("replay after restart: %s", replay.body)
	}
	// And writes are still persisted.
	sb3, err := sandbox.New(sandbox.Options{DataFile: data})
	if err != nil {
		t.Fatal(err)
	}
	if stateJSON(t, sb3) != stateJSON(t, sb2) {
		t.Error("third start lost writes of the second")
	}
}

// TestLeftoverTempFiles plays a sandbox killed while saving: a truncated
// temporary file next to the data file must not break loading.
func TestLeftoverTempFiles(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "sandbox.json")
	sb, c := newTestServer(t, sandbox.Options{DataFile: data})
	c.create("articles", article("A"))
	want := stateJSON(t, sb)

	whole, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	for i, garbage := range [][]byte{whole[:len(whole)/2], []byte("\x00\xff garbage"), nil} {
		name := filepath.Join(dir, ".sandbox.json.tmp-"+string(rune('a'+i)))
		if err := os.WriteFile(name, garbage, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	sb2, err := sandbox.New(sandbox.Options{DataFile: data})
	if err != nil {
		t.Fatalf("leftover temp files break loading: %v", err)
	}
	if stateJSON(t, sb2) != want {
		t.Error("state changed")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".sandbox.json.tmp-*"))
	if len(left) != 0 {
		t.Errorf("temp files not cleaned up: %v", left)
	}
}

func TestDamagedDataFile(t *testing.T) {
	data := filepath.Join(t.TempDir(), "sandbox.json")
	for _, content := range []string{`{"format": "octosync-sandbox/1", "organizations": [`, `{"format": "other/9"}`} {
		if err := os.WriteFile(data, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := sandbox.New(sandbox.Options{DataFile: data})
		if err == nil || !strings.Contains(err.Error(), data) {
			t.Errorf("%s: error %v, want one naming the file", content, err)
		}
	}
}

// TestFailedSaveRollsBack checks that a write the sandbox could not save is
// not acknowledged and not kept.
func TestFailedSaveRollsBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sub")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	sb, c := newTestServer(t, sandbox.Options{DataFile: filepath.Join(dir, "sandbox.json")})
	a := c.create("articles", article("A"))
	before := stateJSON(t, sb)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	c.do("PUT", "/businesses/demo/articles/"+a.ID, article("B")).want(t, http.StatusInternalServerError, "internal_error")
	c.do("POST", "/businesses/demo/articles", article("C")).want(t, http.StatusInternalServerError, "internal_error")
	if stateJSON(t, sb) != before {
		t.Error("an unsaved write was kept")
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	c.do("PUT", "/businesses/demo/articles/"+a.ID, article("B"), "If-Match", `"1"`).want(t, http.StatusOK)
}
