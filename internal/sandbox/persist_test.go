package sandbox_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
	if err := sb1.Close(); err != nil {
		t.Fatal(err)
	}

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
	sb2.Close()
	sb3, err := sandbox.New(sandbox.Options{DataFile: data})
	if err != nil {
		t.Fatal(err)
	}
	defer sb3.Close()
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
	sb.Close()
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
	defer sb2.Close()
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
		sb, err := sandbox.New(sandbox.Options{DataFile: data})
		if err == nil || !strings.Contains(err.Error(), data) {
			t.Errorf("%s: error %v, want one naming the file", content, err)
		}
		if sb != nil {
			sb.Close()
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

// TestDataFileLock: a data file serves one sandbox at a time. A second one
// would hand out the same ids and overwrite the first one's acknowledged
// writes, so New refuses it, naming the holder, and leaves the temporary
// files alone (the holder may be writing one); Close hands the file over.
func TestDataFileLock(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "sandbox.json")
	sb1, err := sandbox.New(sandbox.Options{DataFile: data})
	if err != nil {
		t.Fatal(err)
	}
	inFlight := filepath.Join(dir, ".sandbox.json.tmp-123")
	if err := os.WriteFile(inFlight, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	sb2, err := sandbox.New(sandbox.Options{DataFile: data})
	if err == nil {
		sb2.Close()
		t.Fatal("a second sandbox on the same data file was allowed")
	}
	want := fmt.Sprintf("sandbox state %s is in use by another octosync process (pid %d)", data, os.Getpid())
	if !errors.Is(err, sandbox.ErrInUse) || err.Error() != want {
		t.Errorf("second New: %v\nwant: %s (wrapping ErrInUse)", err, want)
	}
	if _, err := os.Stat(inFlight); err != nil {
		t.Errorf("the refused sandbox removed the holder's temporary file: %v", err)
	}
	if err := sb1.Close(); err != nil {
		t.Fatal(err)
	}
	if err := sb1.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	sb3, err := sandbox.New(sandbox.Options{DataFile: data})
	if err != nil {
		t.Fatalf("New after Close: %v", err)
	}
	defer sb3.Close()
	if _, err := os.Stat(inFlight); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("leftover temporary file not removed under the lock: %v", err)
	}
	mem, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := mem.Close(); err != nil {
		t.Errorf("Close of a memory-only sandbox: %v", err)
	}
}

// TestDataFileLockAcrossProcesses runs the second sandbox in another
// process, as two `sandbox serve --data same.json` would.
func TestDataFileLockAcrossProcesses(t *testing.T) {
	if data := os.Getenv("OCTOSYNC_SANDBOX_LOCK_CHILD"); data != "" {
		sb, err := sandbox.New(sandbox.Options{DataFile: data})
		if err == nil {
			sb.Close()
			fmt.Println("locked")
			return
		}
		fmt.Println(err)
		return
	}
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no flock")
	}
	data := filepath.Join(t.TempDir(), "sandbox.json")
	sb, err := sandbox.New(sandbox.Options{DataFile: data})
	if err != nil {
		t.Fatal(err)
	}
	child := func() string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDataFileLockAcrossProcesses$")
		cmd.Env = append(os.Environ(), "OCTOSYNC_SANDBOX_LOCK_CHILD="+data)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		first, _, _ := strings.Cut(string(out), "\n")
		return first
	}
	want := fmt.Sprintf("sandbox state %s is in use by another octosync process (pid %d)", data, os.Getpid())
	if got := child(); got != want {
		t.Errorf("child while locked: %q\nwant %q", got, want)
	}
	sb.Close()
	if got := child(); got != "locked" {
		t.Errorf("child after Close: %q, want it to take the lock", got)
	}
}

// TestWriteAfterClose: a closed sandbox no longer owns its data file, so it
// refuses writes instead of overwriting another sandbox's state.
func TestWriteAfterClose(t *testing.T) {
	data := filepath.Join(t.TempDir(), "sandbox.json")
	sb, c := newTestServer(t, sandbox.Options{DataFile: data})
	a := c.create("articles", article("A"))
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	c.do("PUT", "/businesses/demo/articles/"+a.ID, article("B")).want(t, http.StatusInternalServerError, "internal_error")
	c.do("GET", "/businesses/demo/articles/"+a.ID, nil).want(t, http.StatusOK)
	if after, _ := os.ReadFile(data); string(after) != string(before) {
		t.Error("a closed sandbox wrote its data file")
	}
}
