package cli

import (
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

// TestInterruptedRollbackToCommitConverges applies two commits of 60
// articles through the real binary, then interrupts `rollback --to-commit
// HEAD~1` mid-way, once with SIGINT (exit 130, no file written) and once
// with kill -9. Running it again converges: live and the files equal the
// first commit, plan is empty, and every article went back through exactly
// one restore (none lost, none twice) and no PUT.
func TestInterruptedRollbackToCommitConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel() // latency-bound: runs beside the scripts, not before them
	bin := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			base := startServe(t, bin, "--data", filepath.Join(t.TempDir(), "state.json"), "--latency", "20ms")
			env := append(os.Environ(), "OCTOCOM_API_URL="+base+sandbox.BasePath, "OCTOCOM_API_KEY=sandbox-key",
				"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
			dir := t.TempDir()
			run := func(name string, args ...string) string {
				t.Helper()
				cmd := exec.Command(name, args...)
				cmd.Env, cmd.Dir = env, dir
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, lastLines(string(out), 5))
				}
				return string(out)
			}
			writeArticles(t, dir, "First text")
			run("git", "init", "-q", "-b", "main")
			run("git", "add", "-A")
			run("git", "commit", "-q", "-m", "first")
			run(bin, "apply", "--dir", dir, "--auto-approve")
			writeArticles(t, dir, "Second text")
			run("git", "commit", "-q", "-am", "second")
			run(bin, "apply", "--dir", dir, "--auto-approve")

			args := []string{"rollback", "--dir", dir, "--to-commit", "HEAD~1", "--auto-approve", "--parallelism", "2"}
			code := interruptAfter(t, bin, env, args, base, "/restore", 20, sig)
			if sig == syscall.SIGINT {
				if code != ExitInterrupted {
					t.Fatalf("SIGINT: exit %d, want %d", code, ExitInterrupted)
				}
				if st := run("git", "status", "--porcelain"); st != "" {
					t.Fatalf("an interrupted rollback wrote files:\n%s", st)
				}
			}
			if n := served(t, base, "/restore"); n >= 60 {
				t.Fatalf("%d restores before the rerun: the %s came too late to interrupt anything", n, sig)
			}
			// The interruption left work: the rerun has something to finish.
			mid := exec.Command(bin, "plan", "--dir", dir, "--detailed-exitcode")
			mid.Env = env
			if err := mid.Run(); mid.ProcessState.ExitCode() != ExitChanges {
				t.Fatalf("plan after the interruption: %v, want exit %d (changes left)", err, ExitChanges)
			}
			run(bin, args...)
			if diff := run("git", "diff", "--stat", "HEAD~1", "--", "businesses"); diff != "" {
				t.Fatalf("files differ from the first commit:\n%s", diff)
			}
			run(bin, "plan", "--dir", dir, "--detailed-exitcode")
			assertOneRestoreEach(t, base, 60)
		})
	}
}

// interruptAfter runs the binary with args and sends it sig once the
// sandbox at base has answered n requests whose path ends in suffix (the
// text report shows no progress lines until the end); it returns the exit
// status. It waits at most a minute.
func interruptAfter(t *testing.T, bin string, env, args []string, base, suffix string, n int, sig syscall.Signal) int {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	must(t, cmd.Start())
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	deadline := time.Now().Add(time.Minute)
	for served(t, base, suffix) < n {
		select {
		case <-done:
			t.Fatalf("%v finished before %d requests to *%s were served", args, n, suffix)
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("%v: %d requests to *%s not served within a minute", args, n, suffix)
		}
	}
	must(t, cmd.Process.Signal(sig))
	<-done
	return cmd.ProcessState.ExitCode()
}

// served counts the requests the sandbox at base answered whose path ends
// in suffix.
func served(t *testing.T, base, suffix string) int {
	resp, err := http.Get(base + "/_sandbox/requests")
	must(t, err)
	defer resp.Body.Close()
	var log struct {
		Requests []sandbox.LoggedRequest `json:"requests"`
	}
	must(t, json.NewDecoder(resp.Body).Decode(&log))
	n := 0
	for _, r := range log.Requests {
		if strings.HasSuffix(r.Path, suffix) && r.Status != 0 {
			n++
		}
	}
	return n
}

func writeArticles(t *testing.T, dir, text string) {
	t.Helper()
	must(t, os.WriteFile(filepath.Join(dir, "octosync.yaml"), []byte("version: 1\n"), 0o644))
	arts := filepath.Join(dir, "businesses", "demo", "articles")
	must(t, os.MkdirAll(arts, 0o755))
	for i := range 60 {
		body := fmt.Sprintf("---\ntitle: Article %03d\nlanguage: en\n---\n%s of article %d.\n", i, text, i)
		must(t, os.WriteFile(filepath.Join(arts, fmt.Sprintf("article-%03d.md", i)), []byte(body), 0o644))
	}
}

// assertOneRestoreEach checks, through the sandbox's state dump, that want
// live articles exist once each, and that each history holds exactly one
// restore, as its newest version (nothing was PUT after it).
func assertOneRestoreEach(t *testing.T, base string, want int) {
	t.Helper()
	resp, err := http.Get(base + "/_sandbox/state")
	must(t, err)
	defer resp.Body.Close()
	var state sandbox.State
	must(t, json.NewDecoder(resp.Body).Decode(&state))
	n := 0
	for _, o := range state.Organizations {
		for _, b := range o.Businesses {
			for _, r := range b.Articles {
				if r.DeletedAt != nil {
					continue
				}
				n++
				restores := 0
				for _, v := range r.Versions {
					if v.ChangeType == sandbox.ChangeRestore {
						restores++
					}
				}
				last := r.Versions[len(r.Versions)-1].ChangeType
				if restores != 1 || last != sandbox.ChangeRestore {
					t.Errorf("%s: %d restore(s), newest version a %s; want exactly one restore, newest", r.ID, restores, last)
				}
			}
		}
	}
	if n != want {
		t.Errorf("%d live articles, want %d", n, want)
	}
}
