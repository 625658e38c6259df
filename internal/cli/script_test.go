package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/octosync/octosync/internal/sandbox"
)

var updateScripts = flag.Bool("update", false, "rewrite the golden files of the end-to-end scripts")

// sandboxClock is the fixed time of every sandbox a script starts, so golden
// output is stable.
var sandboxClock = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	testscript.Main(parallelM{m}, map[string]func(){
		"octosync": func() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) },
		// exitcode N ARGS... runs octosync ARGS and succeeds only when it
		// exits with status N.
		"exitcode": func() {
			want, err := strconv.Atoi(os.Args[1])
			if err != nil {
				fmt.Fprintln(os.Stderr, "usage: exitcode N octosync-args...")
				os.Exit(2)
			}
			if got := Main(os.Args[2:], os.Stdout, os.Stderr); got != want {
				fmt.Fprintf(os.Stderr, "exitcode: octosync exited %d, want %d\n", got, want)
				os.Exit(1)
			}
			os.Exit(0)
		},
	})
}

// scriptParallel is how many of this package's parallel tests run at once
// unless -parallel says otherwise. The scripts and the process tests wait
// on child processes and on the sandbox far more than they use a core:
// on 2 cores the race run of this package took 251 s at go test's default
// (GOMAXPROCS, 2), 154 s at 4 and 104 s at 8.
const scriptParallel = 8

// parallelM runs the package's tests (testscript.Main calls Run only for
// the test binary's own run, never for a command it stands in for) with
// -test.parallel raised to scriptParallel when not given.
type parallelM struct{ m *testing.M }

func (p parallelM) Run() int {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given && runtime.GOMAXPROCS(0) < scriptParallel {
		if err := flag.Set("test.parallel", strconv.Itoa(scriptParallel)); err != nil {
			panic(err)
		}
	}
	return p.m.Run()
}

// TestScripts runs the end-to-end scripts in testdata/script: the real CLI
// against a sandbox served over HTTP on 127.0.0.1.
func TestScripts(t *testing.T) {
	repoRoot, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *updateScripts,
		Setup: func(env *testscript.Env) error {
			sb := &scriptSandbox{}
			if err := sb.reset(nil); err != nil {
				return err
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return err
			}
			srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: sb}}
			srv.Start()
			env.Defer(srv.Close)
			env.Values[sandboxKey{}] = sb
			env.Setenv("OCTOCOM_API_URL", srv.URL+sandbox.BasePath)
			env.Setenv("SANDBOX_URL", srv.URL)
			// The same sandbox under another name: another target to octosync.
			env.Setenv("SANDBOX_URL_LOCALHOST", strings.Replace(srv.URL, "127.0.0.1", "localhost", 1))
			env.Setenv("OCTOCOM_API_KEY", "sandbox-key")
			env.Setenv("REPO_ROOT", repoRoot)
			env.Setenv("NO_COLOR", "")
			for k, v := range map[string]string{
				"GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
				"GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "author@example.com",
				"GIT_AUTHOR_DATE": "2026-11-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T12:00:00Z",
				"GIT_CONFIG_NOSYSTEM": "1", "HOME": env.WorkDir,
			} {
				env.Setenv(k, v)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"sandbox-seed":     cmdSandboxSeed,
			"sandbox-requests": cmdSandboxRequests,
			"sandbox-faults":   cmdSandboxFaults,
			"live-edit":        cmdLiveEdit,
			"example-repo":     cmdExampleRepo,
			"live-get":         cmdLiveGet,
			"cmpurl":           cmdCmpURL,
			"diverge":          cmdDiverge, // doctor_script_test.go
			// Conversation tests (convtest_script_test.go).
			"sandbox-bot-flaky": cmdSandboxBotFlaky,
			"junit-valid":       cmdJUnitValid,
		},
	})
}

type sandboxKey struct{}

// scriptSandbox is a sandbox that a script can replace (sandbox-seed) while
// its HTTP server keeps its address.
type scriptSandbox struct {
	cur atomic.Pointer[sandbox.Server]
}

func (s *scriptSandbox) reset(seed *sandbox.Seed) error {
	srv, err := sandbox.New(sandbox.Options{Seed: seed, Now: func() time.Time { return sandboxClock }})
	if err != nil {
		return err
	}
	s.cur.Store(srv)
	return nil
}

func (s *scriptSandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.cur.Load().ServeHTTP(w, r)
}

func scriptSB(ts *testscript.TestScript) *scriptSandbox {
	return ts.Value(sandboxKey{}).(*scriptSandbox)
}

// sandbox-seed FILE: start the script's sandbox over from the seed in FILE.
func cmdSandboxSeed(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sandbox-seed FILE")
	}
	seed, err := sandbox.LoadSeed(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(scriptSB(ts).reset(seed))
}

// sandbox-requests [-clear] [-summary]: print the request log ("METHOD
// PATH?QUERY STATUS" per line, or with -summary the count per method), then
// clear it with -clear.
func cmdSandboxRequests(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! sandbox-requests")
	}
	sb := scriptSB(ts).cur.Load()
	clear, summary := false, false
	for _, a := range args {
		switch a {
		case "-clear":
			clear = true
		case "-summary":
			summary = true
		default:
			ts.Fatalf("usage: sandbox-requests [-clear] [-summary]")
		}
	}
	reqs := sb.Requests()
	if summary {
		counts := map[string]int{}
		for _, r := range reqs {
			counts[r.Method]++
		}
		var methods []string
		for m := range counts {
			methods = append(methods, m)
		}
		sort.Strings(methods)
		for _, m := range methods {
			fmt.Fprintf(ts.Stdout(), "%s %d\n", m, counts[m])
		}
	} else {
		for _, r := range reqs {
			q := ""
			if r.Query != "" {
				q = "?" + r.Query
			}
			fmt.Fprintf(ts.Stdout(), "%s %s%s %d\n", r.Method, r.Path, q, r.Status)
		}
	}
	if clear {
		sb.ClearRequests()
	}
}

// sandbox-faults RATE: make that fraction of requests fail.
func cmdSandboxFaults(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sandbox-faults RATE")
	}
	f, err := strconv.ParseFloat(args[0], 64)
	ts.Check(err)
	scriptSB(ts).cur.Load().SetFailRate(f)
}

// live-edit [-actor user:NAME] [-delete] BUSINESS KIND TITLE [FIELD VALUE]:
// change a live resource through the API, as the dashboard would (default
// actor user:alice).
func cmdLiveEdit(ts *testscript.TestScript, neg bool, args []string) {
	actor := "user:alice"
	del := false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-actor":
			actor, args = args[1], args[2:]
		case "-delete":
			del, args = true, args[1:]
		default:
			ts.Fatalf("live-edit: unknown flag %s", args[0])
		}
	}
	if len(args) != 3 && len(args) != 5 {
		ts.Fatalf("usage: live-edit [-actor user:NAME] [-delete] BUSINESS KIND TITLE [FIELD VALUE]")
	}
	base := ts.Getenv("OCTOCOM_API_URL") + "/businesses/" + args[0] + "/" + args[1]
	do := func(method, url string, body any) []byte {
		var rd *bytes.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		} else {
			rd = bytes.NewReader(nil)
		}
		req, _ := http.NewRequest(method, url, rd)
		req.Header.Set("X-API-Key", ts.Getenv("OCTOCOM_API_KEY"))
		req.Header.Set("X-Sandbox-Actor", actor)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		ts.Check(err)
		defer resp.Body.Close()
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		if resp.StatusCode >= 300 {
			ts.Fatalf("live-edit: %s %s: %d %s", method, url, resp.StatusCode, buf.String())
		}
		return buf.Bytes()
	}
	var list struct {
		Data []map[string]any `json:"data"`
	}
	ts.Check(json.Unmarshal(do("GET", base+"?page=1", nil), &list))
	for _, r := range list.Data {
		if r["title"] != args[2] {
			continue
		}
		id := r["id"].(string)
		if del {
			do("DELETE", base+"/"+id, nil)
			return
		}
		body := map[string]any{}
		for k, v := range r {
			switch k {
			case "id", "version", "createdAt", "updatedAt", "deletedAt":
			default:
				body[k] = v
			}
		}
		var val any = args[4]
		if b, err := strconv.ParseBool(args[4]); err == nil && args[3] == "enabled" {
			val = b
		}
		body[args[3]] = val
		do("PUT", base+"/"+id, body)
		return
	}
	ts.Fatalf("live-edit: no live %s titled %q in %s (first page)", args[1], args[2], args[0])
}

// live-get BUSINESS KIND TITLE FIELD: print a live resource's field exactly
// as the API holds it (a string raw, anything else as JSON), with no
// newline added.
func cmdLiveGet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: live-get BUSINESS KIND TITLE FIELD")
	}
	req, _ := http.NewRequest("GET", ts.Getenv("OCTOCOM_API_URL")+"/businesses/"+args[0]+"/"+args[1]+"?page=1", nil)
	req.Header.Set("X-API-Key", ts.Getenv("OCTOCOM_API_KEY"))
	resp, err := http.DefaultClient.Do(req)
	ts.Check(err)
	defer resp.Body.Close()
	var list struct {
		Data []map[string]any `json:"data"`
	}
	ts.Check(json.NewDecoder(resp.Body).Decode(&list))
	for _, r := range list.Data {
		if r["title"] != args[2] {
			continue
		}
		if s, ok := r[args[3]].(string); ok {
			fmt.Fprint(ts.Stdout(), s)
			return
		}
		b, _ := json.Marshal(r[args[3]])
		fmt.Fprint(ts.Stdout(), string(b))
		return
	}
	ts.Fatalf("live-get: no live %s titled %q in %s (first page)", args[1], args[2], args[0])
}

// example-repo [-history] DIR: copy the repository's example-repo to DIR;
// with -history make DIR a git repository whose history matches the
// project's own (first the content that is live in sandbox-seed.json, then
// the repository moving ahead of it).
func cmdExampleRepo(ts *testscript.TestScript, neg bool, args []string) {
	history := false
	if len(args) > 0 && args[0] == "-history" {
		history, args = true, args[1:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: example-repo [-history] DIR")
	}
	src := filepath.Join(ts.Getenv("REPO_ROOT"), "example-repo")
	dst := ts.MkAbs(args[0])
	ts.Check(copyTree(src, dst, func(p string) bool { return strings.Contains(p, ".octosync") }))
	if !history {
		return
	}
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dst
		cmd.Env = scriptEnv(ts)
		out, err := cmd.CombinedOutput()
		if err != nil {
			ts.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	base := filepath.Join(ts.Getenv("REPO_ROOT"), "internal", "cli", "testdata", "example-base")
	real := ts.MkAbs(".example-real")
	ts.Check(copyTree(dst, real, nil))
	ts.Check(copyTree(base, dst, nil))
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "Northwind as first committed")
	ts.Check(copyTree(real, dst, nil))
	ts.Check(os.RemoveAll(real))
	git("add", "-A")
	git("commit", "-q", "-m", "Move ahead of live")
}

func scriptEnv(ts *testscript.TestScript) []string {
	var env []string
	for _, k := range []string{"PATH", "HOME", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
		"GIT_COMMITTER_EMAIL", "GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE", "GIT_CONFIG_NOSYSTEM"} {
		env = append(env, k+"="+ts.Getenv(k))
	}
	return env
}

// copyTree copies the files under src into dst, skipping paths for which
// skip returns true.
func copyTree(src, dst string, skip func(string) bool) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if skip != nil && skip(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// cmdCmpURL is cmp for output that names the sandbox's API URL, whose port
// changes every run: the golden file writes it as $API_URL.
func cmdCmpURL(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cmpurl file golden")
	}
	got := strings.ReplaceAll(ts.ReadFile(args[0]), ts.Getenv("OCTOCOM_API_URL"), "$API_URL")
	want := ts.ReadFile(args[1])
	if got == want {
		return
	}
	if *updateScripts {
		ts.Check(updateGolden(args[1], want, got))
		return
	}
	ts.Logf("%s (with the API URL as $API_URL):\n%s", args[0], got)
	ts.Fatalf("%s and %s differ (run go test -update to accept)", args[0], args[1])
}

// updateGolden rewrites, in the scripts' archives, the file section called
// name that holds old, to hold new (-update for cmpurl, which testscript's
// own update does not know).
func updateGolden(name, old, new string) error {
	paths, err := filepath.Glob("testdata/script/*.txtar")
	if err != nil {
		return err
	}
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			return err
		}
		for i, f := range a.Files {
			if f.Name == name && string(f.Data) == old {
				a.Files[i].Data = []byte(new)
				return os.WriteFile(p, txtar.Format(a), 0o644)
			}
		}
	}
	return fmt.Errorf("%s: no script archive holds this golden file", name)
}
