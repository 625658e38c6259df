package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/sandbox"
)

// chaosRepo writes a repository of 100 changes against chaosSeed: 50
// updates of live articles and 50 new ones.
func chaosRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "octosync.yaml"), []byte("version: 1\n"), 0o644))
	arts := filepath.Join(dir, "businesses", "demo", "articles")
	must(t, os.MkdirAll(arts, 0o755))
	for i := range 100 {
		body := fmt.Sprintf("---\ntitle: Article %03d\nlanguage: en\n---\nRevised text of article %d.\n", i, i)
		must(t, os.WriteFile(filepath.Join(arts, fmt.Sprintf("article-%03d.md", i)), []byte(body), 0o644))
	}
	return dir
}

func chaosSeed() []byte {
	var arts []string
	for i := range 50 {
		arts = append(arts, fmt.Sprintf(`{"title": "Article %03d", "content": "Original text %d.", "language": "en", "tags": [], "enabled": true}`, i, i))
	}
	return []byte(`{"organizations": [{"name": "acme", "apiKeys": ["sandbox-key"], "businesses": [{"slug": "demo", "name": "Demo", "articles": [` +
		strings.Join(arts, ",") + `]}]}]}`)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func runInProcess(url string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	env := &Env{
		Ctx: context.Background(), Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			switch k {
			case "OCTOCOM_API_URL":
				return url
			case "OCTOCOM_API_KEY":
				return "sandbox-key"
			}
			return ""
		},
	}
	return Run(env, args), out.String(), errb.String()
}

// TestChaosApplyConverges applies 100 changes through `octosync sandbox
// serve --fail-rate 0.2`, where one request in five fails (a 500 before or
// after the write commits, or a dropped connection): at most three runs of
// the real binary converge to an empty plan, with not one duplicate.
func TestChaosApplyConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel() // latency-bound: runs beside the scripts, not before them
	bin := buildBinary(t)
	dir := chaosRepo(t)
	seedFile := filepath.Join(t.TempDir(), "seed.json")
	must(t, os.WriteFile(seedFile, chaosSeed(), 0o644))
	base := startServe(t, bin, "--seed", seedFile, "--fail-rate", "0.2", "--fault-seed", "42")
	env := append(os.Environ(), "OCTOCOM_API_URL="+base+sandbox.BasePath, "OCTOCOM_API_KEY=sandbox-key")

	runs, converged := 0, false
	for runs < 3 && !converged {
		runs++
		cmd := exec.Command(bin, "apply", "--dir", dir, "--auto-approve", "--no-color")
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		t.Logf("run %d: %v\n%s", runs, err, lastLines(string(out), 2))
		// A run may also fail while planning, when a GET exhausts its
		// retries; only a clean run counts.
		converged = err == nil
	}
	if !converged {
		t.Fatalf("apply did not succeed within 3 runs")
	}
	// The fault rate stays on: plan retries its reads, and it must find
	// nothing left to do.
	check := exec.Command(bin, "plan", "--dir", dir, "--detailed-exitcode")
	check.Env = env
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("after %d runs the plan is not empty: %v\n%s", runs, err, out)
	}
	assertNoDuplicates(t, base)
}

// buildBinary is the octosync program the tests run as a separate process:
// this test binary itself, which TestMain (testscript.Main) installs in
// PATH as "octosync" and which then runs Main. A real `go build` here
// compiled the whole program again (without -race under the race suite)
// and linked it: the slowest step of a cold `go test`.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("octosync")
	if err != nil {
		t.Fatalf("the octosync command TestMain installs is not in PATH: %v", err)
	}
	return bin
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// assertNoDuplicates checks, through the sandbox's state dump, that no two
// live articles share a title.
func assertNoDuplicates(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Get(base + "/_sandbox/state")
	must(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	// Titles of live (not deleted) resources, wherever they sit in the dump.
	var walk func(v any)
	seen := map[string]int{}
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if title, ok := x["title"].(string); ok && x["id"] != nil {
				if x["deletedAt"] == nil {
					seen[title]++
				}
			}
			for k, c := range x {
				if k != "versions" && k != "snapshot" {
					walk(c)
				}
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	var state any
	must(t, json.Unmarshal(raw, &state))
	walk(state)
	if len(seen) != 100 {
		t.Errorf("%d distinct live titles, want 100", len(seen))
	}
	for title, n := range seen {
		if n > 1 {
			t.Errorf("%q exists %d times live", title, n)
		}
	}
}

// TestInterruptedApplyProcessConverges runs the real binary against
// `octosync sandbox serve` and interrupts apply mid-way, once with SIGINT
// (exit 130, in-flight changes finish) and once with kill -9; each time a
// rerun converges without duplicates.
func TestInterruptedApplyProcessConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel() // latency-bound: runs beside the scripts, not before them
	bin := buildBinary(t)
	for _, saved := range []bool{false, true} {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
			name := sig.String()
			if saved {
				name += "/saved-plan"
			}
			t.Run(name, func(t *testing.T) {
				dir := chaosRepo(t)
				seedFile := filepath.Join(t.TempDir(), "seed.json")
				must(t, os.WriteFile(seedFile, chaosSeed(), 0o644))
				base := startServe(t, bin, "--seed", seedFile, "--data", filepath.Join(t.TempDir(), "state.json"), "--latency", "25ms")
				env := append(os.Environ(), "OCTOCOM_API_URL="+base+sandbox.BasePath, "OCTOCOM_API_KEY=sandbox-key")

				// With the JSON report on stdout, progress is one line per change on stderr.
				args := []string{"apply", "--dir", dir, "--auto-approve", "--parallelism", "2", "--output", "json"}
				if saved {
					planFile := filepath.Join(t.TempDir(), "plan.json")
					mk := exec.Command(bin, "plan", "--dir", dir, "--out", planFile)
					mk.Env = env
					if out, err := mk.CombinedOutput(); err != nil {
						t.Fatalf("plan --out: %v\n%s", err, out)
					}
					args = []string{"apply", planFile, "--dir", dir, "--parallelism", "2", "--output", "json"}
				}
				code, err := interruptAt(t, bin, env, args, "[20/", sig)
				if sig == syscall.SIGINT && code != ExitInterrupted {
					t.Fatalf("SIGINT: exit %d (%v), want %d", code, err, ExitInterrupted)
				}
				// The same command again: a saved plan is reconciled with
				// what the first run applied, a live plan is made anew.
				rerun := exec.Command(bin, args...)
				rerun.Env = env
				if out, err := rerun.CombinedOutput(); err != nil {
					t.Fatalf("rerun: %v\n%s", err, lastLines(string(out), 5))
				}
				check := exec.Command(bin, "plan", "--dir", dir, "--detailed-exitcode")
				check.Env = env
				if out, err := check.CombinedOutput(); err != nil {
					t.Fatalf("plan after rerun: %v\n%s", err, out)
				}
				assertNoDuplicates(t, base)
			})
		}
	}
}

// interruptAt runs the binary with args and sends it sig once a line of
// its stderr starts with prefix (a progress line); it returns the exit
// status.
func interruptAt(t *testing.T, bin string, env, args []string, prefix string, sig syscall.Signal) (int, error) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	must(t, err)
	cmd.Stdout = io.Discard
	must(t, cmd.Start())
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), prefix) {
			must(t, cmd.Process.Signal(sig))
			break
		}
	}
	go io.Copy(io.Discard, stderr)
	err = cmd.Wait()
	return cmd.ProcessState.ExitCode(), err
}

// startServe starts `octosync sandbox serve` on a free loopback port and
// returns its base URL (without /rest/v1).
func startServe(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"sandbox", "serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	cmd.Stderr = os.Stderr
	must(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case l := <-line:
		const prefix = "sandbox listening on "
		if !strings.HasPrefix(l, prefix) {
			t.Fatalf("sandbox serve printed %q", l)
		}
		return strings.TrimSuffix(strings.TrimPrefix(l, prefix), sandbox.BasePath)
	case <-time.After(30 * time.Second):
		t.Fatal("sandbox serve did not start")
	}
	return ""
}
