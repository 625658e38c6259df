package ghactions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

// workspace is a checkout of a configuration repository as a job sees it
// (GITHUB_WORKSPACE), with its origin (a bare repository), the Octocom API
// (the sandbox over HTTP on 127.0.0.1) and the fake GitHub API.
type workspace struct {
	dir    string
	origin string
	github *fakeGitHub
	sb     *sandbox.Server
	apiURL string
	bin    string
	// secrets are the repository's secrets a workflow reads (nil:
	// OCTOCOM_API_KEY only).
	secrets map[string]string
}

const sandboxKey = "key-octo"

// businessesOf maps each configuration directory of a workspace to its one
// business.
var businessesOf = map[string]string{".": "acme", "eu": "acme-eu", "us": "acme-us"}

// newWorkspace builds the live organization (articles "Returns" and
// "Shipping" in every business of dirs), then a repository whose first
// commit is a pull of it, pushed to origin, and checks it out.
func newWorkspace(t *testing.T, r *simRunner, dirs ...string) *workspace {
	t.Helper()
	seed := &sandbox.Seed{Organizations: []sandbox.SeedOrganization{{Name: "octo", APIKeys: []sandbox.SeedAPIKey{{Key: sandboxKey, Label: "ci"}}}}}
	for _, d := range dirs {
		b := sandbox.SeedBusiness{Slug: businessesOf[d], Name: businessesOf[d]}
		for _, title := range []string{"Returns", "Shipping"} {
			body, _ := json.Marshal(map[string]any{"title": title, "content": title + " policy: the first version.\n", "language": "en", "tags": []string{}, "enabled": true})
			b.Articles = append(b.Articles, body)
		}
		seed.Organizations[0].Businesses = append(seed.Organizations[0].Businesses, b)
	}
	ws := newWorkspaceFromSeed(t, r, seed)
	for _, d := range dirs {
		ws.write(t, filepath.Join(d, "octosync.yaml"), "version: 1\ndefaults:\n  language: en\n")
		ws.write(t, filepath.Join(d, "businesses", businessesOf[d], ".gitkeep"), "")
		cmd := exec.Command(ws.bin, "pull", "--dir", filepath.Join(ws.dir, d))
		cmd.Env = append(baseEnv(), "OCTOCOM_API_URL="+ws.apiURL, "OCTOCOM_API_KEY="+sandboxKey)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("octosync pull: %v\n%s", err, out)
		}
	}
	ws.commitAll(t, "Import the live organization")
	ws.git(t, ws.dir, "remote", "add", "origin", ws.origin)
	ws.git(t, ws.dir, "push", "-q", "origin", "main")
	ws.sb.ClearRequests()
	return ws
}

// newWorkspaceFromSeed starts the sandbox with seed and the fake GitHub,
// and makes an empty checkout with its origin.
func newWorkspaceFromSeed(t *testing.T, r *simRunner, seed *sandbox.Seed) *workspace {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	root := t.TempDir()
	ws := &workspace{
		dir: filepath.Join(root, "ws"), origin: filepath.Join(root, "origin.git"), github: newFakeGitHub(t),
		sb: sb, apiURL: srv.URL + sandbox.BasePath, bin: filepath.Join(r.temp, "octosync-action", "octosync"),
	}
	ws.git(t, root, "init", "-q", "--bare", "-b", "main", ws.origin)
	ws.git(t, root, "init", "-q", "-b", "main", ws.dir)
	return ws
}

func (ws *workspace) git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = dir, baseEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (ws *workspace) write(t *testing.T, rel, content string) {
	t.Helper()
	p := filepath.Join(ws.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// edit replaces old by new in a file of the checkout.
func (ws *workspace) edit(t *testing.T, rel, old, new string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(ws.dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q:\n%s", rel, old, data)
	}
	ws.write(t, rel, strings.Replace(string(data), old, new, 1))
}

func (ws *workspace) commitAll(t *testing.T, msg string) {
	t.Helper()
	ws.git(t, ws.dir, "add", "-A")
	ws.git(t, ws.dir, "commit", "-q", "-m", msg)
}

func (ws *workspace) head(t *testing.T) string { return ws.git(t, ws.dir, "rev-parse", "HEAD") }

// clone is a fresh checkout of origin's main with its whole history, as
// actions/checkout with fetch-depth: 0 makes one (a new job, a new
// machine); depth > 0 makes a shallow one.
func (ws *workspace) clone(t *testing.T, name string, depth int) *workspace {
	t.Helper()
	c := *ws
	c.dir = filepath.Join(filepath.Dir(ws.origin), name)
	args := []string{"clone", "-q", "-b", "main"}
	if depth > 0 {
		args = append(args, "--depth", fmt.Sprint(depth))
	}
	ws.git(t, filepath.Dir(ws.origin), append(args, "file://"+ws.origin, c.dir)...)
	return &c
}

// dashboardEdit changes an article's content as a person in the Octocom
// dashboard would.
func (ws *workspace) dashboardEdit(t *testing.T, business, title, content, who string) {
	t.Helper()
	ws.dashboardEditIn(t, sandboxKey, business, title, content, who)
}

// dashboardEditIn is dashboardEdit in the organization of the API key
// key (one environment's).
func (ws *workspace) dashboardEditIn(t *testing.T, key, business, title, content, who string) {
	t.Helper()
	base := ws.apiURL + "/businesses/" + business + "/articles"
	var list struct {
		Data []map[string]any `json:"data"`
	}
	if err := json.Unmarshal(ws.apiAs(t, key, "GET", base, nil, ""), &list); err != nil {
		t.Fatal(err)
	}
	for _, a := range list.Data {
		if a["title"] == title {
			body := map[string]any{"title": title, "content": content, "language": a["language"], "tags": a["tags"], "enabled": a["enabled"]}
			ws.apiAs(t, key, "PUT", base+"/"+a["id"].(string), body, "user:"+who)
			ws.sb.ClearRequests()
			return
		}
	}
	t.Fatalf("no live article %q in %s", title, business)
}

func (ws *workspace) api(t *testing.T, method, url string, body any, actor string) []byte {
	t.Helper()
	return ws.apiAs(t, sandboxKey, method, url, body, actor)
}

// apiAs is api with the API key key.
func (ws *workspace) apiAs(t *testing.T, key, method, url string, body any, actor string) []byte {
	t.Helper()
	var rd bytes.Buffer
	if body != nil {
		_ = json.NewEncoder(&rd).Encode(body)
	}
	req, _ := http.NewRequest(method, url, &rd)
	req.Header.Set("X-API-Key", key)
	req.Header.Set("Content-Type", "application/json")
	if actor != "" {
		req.Header.Set(sandbox.ActorHeader, actor)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, out.String())
	}
	return out.Bytes()
}

// writes lists the writes the Octocom API received.
func (ws *workspace) writes() []string {
	var out []string
	for _, r := range ws.sb.Requests() {
		if r.Method != http.MethodGet {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

// inputs are the action's inputs of a run against this workspace.
func (ws *workspace) inputs(kv ...string) map[string]string {
	in := map[string]string{"api-key": sandboxKey, "api-url": ws.apiURL}
	for i := 0; i+1 < len(kv); i += 2 {
		in[kv[i]] = kv[i+1]
	}
	return in
}

func pullRequestEvent(n int) simEvent { return simEvent{name: "pull_request", pr: n} }

// pullRequestPayload is ev's payload, as GitHub sends it for a push to
// the pull request's branch.
func (ws *workspace) pullRequestPayload(t *testing.T, ev simEvent) map[string]any {
	t.Helper()
	head := ev.head
	if head == "" {
		head = ws.head(t)
	}
	if !ev.stale {
		ws.github.mu.Lock()
		ws.github.heads[ev.pr] = head
		ws.github.mu.Unlock()
	}
	headRepo := "octo/config"
	if ev.fork {
		headRepo = "mallory/config"
	}
	return map[string]any{"number": ev.pr, "pull_request": map[string]any{
		"number": ev.pr,
		"head":   map[string]any{"sha": head, "repo": map[string]any{"full_name": headRepo, "fork": ev.fork}},
		"base":   map[string]any{"ref": "main", "repo": map[string]any{"full_name": "octo/config"}},
	}}
}

func pushEvent() simEvent {
	return simEvent{name: "push", payload: map[string]any{"ref": "refs/heads/main"}}
}

// startBranch checks out a new branch name from origin's main, as a pull
// request's author does.
func (ws *workspace) startBranch(t *testing.T, name string) {
	t.Helper()
	ws.git(t, ws.dir, "fetch", "-q", "origin")
	ws.git(t, ws.dir, "checkout", "-q", "-b", name, "origin/main")
}

// merge merges branch into origin's main as pull request n, with a merge
// commit as GitHub's merge button makes, and returns that commit.
func (ws *workspace) merge(t *testing.T, branch string, n int) string {
	t.Helper()
	ws.git(t, ws.dir, "fetch", "-q", "origin")
	ws.git(t, ws.dir, "checkout", "-q", "main")
	ws.git(t, ws.dir, "reset", "-q", "--hard", "origin/main")
	ws.git(t, ws.dir, "merge", "-q", "--no-ff", "-m", fmt.Sprintf("Merge pull request #%d", n), branch)
	ws.git(t, ws.dir, "push", "-q", "origin", "main")
	sha := ws.head(t)
	ws.github.mu.Lock()
	ws.github.merged[sha] = n
	for _, p := range ws.github.pulls {
		if p.Number == n {
			p.State = "closed"
		}
	}
	ws.github.mu.Unlock()
	return sha
}

// pushMain commits everything on origin's main directly, with no pull
// request.
func (ws *workspace) pushMain(t *testing.T, msg string) {
	t.Helper()
	ws.commitAll(t, msg)
	ws.git(t, ws.dir, "push", "-q", "origin", "main")
}
