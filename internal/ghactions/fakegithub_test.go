package ghactions

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeGitHub is the part of the GitHub API octosync uses, in memory,
// recording every call. It answers like GitHub: JSON bodies, 401 without a
// token, 403 "Resource not accessible by integration" on writes with the
// read-only token, and 404 for anything it does not know (which also fails
// the test). Each token acts as one account (tokenUsers): comments and pull
// requests are written as it, only its own comments can be edited, and
// the GraphQL viewer names it. Like GitHub, it starts no workflow for an
// event caused by the workflow's own GITHUB_TOKEN (startsWorkflows).
type fakeGitHub struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	calls    []string
	comments map[int][]*fakeComment // by pull request number
	pulls    []*fakePull
	merged   map[string]int // commit sha -> the pull request merged as it
	heads    map[int]string // pull request -> its head commit now
	nextID   int64
	// readOnlyToken is answered 403 on every write.
	readOnlyToken string
	// fail5xx, when set, is a path substring answered 500.
	fail5xx string
}

type fakeComment struct {
	ID   int64    `json:"id"`
	Body string   `json:"body"`
	URL  string   `json:"html_url"`
	User fakeUser `json:"user"`
}

type fakeUser struct {
	Login string `json:"login"`
	Type  string `json:"type"` // "Bot" or "User"
}

// actionsBot is who the workflow's token comments as.
var actionsBot = fakeUser{Login: "github-actions[bot]", Type: "Bot"}

// The tokens a test may give the action, and whom each acts as.
const (
	githubToken = "ghs_test-token" // the workflow's GITHUB_TOKEN
	appToken    = "ghs_app-token"  // a GitHub App's installation token
	personToken = "ghp_person-token"
)

var tokenUsers = map[string]fakeUser{
	githubToken:       actionsBot,
	"read-only-token": actionsBot,
	appToken:          {Login: "octosync-app[bot]", Type: "Bot"},
	personToken:       {Login: "alice", Type: "User"},
}

// startsWorkflows is GitHub's rule: an event caused by a workflow's
// GITHUB_TOKEN (a push, a pull request it opened) starts no workflow run,
// so that workflows cannot trigger each other in a loop; any other
// token's events do.
func startsWorkflows(token string) bool { return token != githubToken && token != "read-only-token" }

type fakePull struct {
	Number int    `json:"number"`
	State  string `json:"state"`
	Title  string `json:"title"`
	Body   string `json:"body"`
	Head   struct {
		Ref string `json:"ref"`
		SHA string `json:"sha"`
	} `json:"head"`
	Base struct {
		Ref string `json:"ref"`
	} `json:"base"`
	MergedAt       *time.Time `json:"merged_at"`
	MergeCommitSHA string     `json:"merge_commit_sha"`
	URL            string     `json:"html_url"`
	// token is the one that opened it (not in the API's answer).
	token string
}

func newFakeGitHub(t *testing.T) *fakeGitHub {
	f := &fakeGitHub{t: t, comments: map[int][]*fakeComment{}, merged: map[string]int{}, heads: map[int]string{}, nextID: 1000, readOnlyToken: "read-only-token"}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/octo/config/issues/{n}/comments", f.listComments)
	mux.HandleFunc("POST /repos/octo/config/issues/{n}/comments", f.createComment)
	mux.HandleFunc("PATCH /repos/octo/config/issues/comments/{id}", f.editComment)
	mux.HandleFunc("GET /repos/octo/config/commits/{sha}/pulls", f.commitPulls)
	mux.HandleFunc("GET /repos/octo/config/pulls", f.listPulls)
	mux.HandleFunc("GET /repos/octo/config/pulls/{n}", f.getPull)
	mux.HandleFunc("POST /graphql", f.graphql)
	mux.HandleFunc("POST /repos/octo/config/pulls", f.createPull)
	mux.HandleFunc("PATCH /repos/octo/config/pulls/{n}", f.editPull)
	f.srv = httptest.NewServer(f.guard(mux))
	t.Cleanup(f.srv.Close)
	return f
}

// guard records the call and answers authentication and injected failures.
func (f *fakeGitHub) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.calls = append(f.calls, r.Method+" "+r.URL.Path)
		fail := f.fail5xx != "" && strings.Contains(r.URL.Path, f.fail5xx)
		f.mu.Unlock()
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		switch {
		case !ok || token == "":
			f.answer(w, 401, map[string]string{"message": "Requires authentication"})
		case fail:
			f.answer(w, 500, map[string]string{"message": "Server Error"})
		case token == f.readOnlyToken && r.Method != http.MethodGet && r.URL.Path != "/graphql": // a query reads
			f.answer(w, 403, map[string]string{"message": "Resource not accessible by integration"})
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func (f *fakeGitHub) answer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeGitHub) decode(r *http.Request, v any) {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		f.t.Errorf("fake GitHub: %s %s: body: %v", r.Method, r.URL.Path, err)
	}
}

func pathInt(r *http.Request, name string) int {
	n, _ := strconv.Atoi(r.PathValue(name))
	return n
}

func (f *fakeGitHub) listComments(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cs := f.comments[pathInt(r, "n")]
	if cs == nil {
		cs = []*fakeComment{}
	}
	f.answer(w, 200, cs)
}

func (f *fakeGitHub) createComment(w http.ResponseWriter, r *http.Request) {
	var in struct{ Body string }
	f.decode(r, &in)
	f.mu.Lock()
	defer f.mu.Unlock()
	n := pathInt(r, "n")
	f.nextID++
	c := &fakeComment{ID: f.nextID, Body: in.Body, URL: fmt.Sprintf("https://github.example/octo/config/pull/%d#issuecomment-%d", n, f.nextID), User: tokenUsers[tokenOf(r)]}
	f.comments[n] = append(f.comments[n], c)
	f.answer(w, 201, c)
}

// addComment is a comment someone posted.
func (f *fakeGitHub) addComment(pr int, user fakeUser, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	f.comments[pr] = append(f.comments[pr], &fakeComment{ID: f.nextID, Body: body, User: user})
}

func (f *fakeGitHub) editComment(w http.ResponseWriter, r *http.Request) {
	var in struct{ Body string }
	f.decode(r, &in)
	f.mu.Lock()
	defer f.mu.Unlock()
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	for _, cs := range f.comments {
		for _, c := range cs {
			if c.ID == id {
				if c.User != tokenUsers[tokenOf(r)] {
					f.answer(w, 403, map[string]string{"message": "Resource not accessible by integration"})
					return
				}
				c.Body = in.Body
				f.answer(w, 200, c)
				return
			}
		}
	}
	f.answer(w, 404, map[string]string{"message": "Not Found"})
}

func (f *fakeGitHub) commitPulls(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []*fakePull{}
	if n, ok := f.merged[r.PathValue("sha")]; ok {
		at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
		pr := &fakePull{Number: n, State: "closed", MergedAt: &at, MergeCommitSHA: r.PathValue("sha")}
		out = append(out, pr)
	}
	f.answer(w, 200, out)
}

func (f *fakeGitHub) listPulls(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := r.URL.Query()
	_, head, _ := strings.Cut(q.Get("head"), ":")
	out := []*fakePull{}
	for _, p := range f.pulls {
		if (q.Get("state") == "" || p.State == q.Get("state")) && (head == "" || p.Head.Ref == head) && (q.Get("base") == "" || p.Base.Ref == q.Get("base")) {
			out = append(out, p)
		}
	}
	f.answer(w, 200, out)
}

func (f *fakeGitHub) createPull(w http.ResponseWriter, r *http.Request) {
	var in struct{ Title, Head, Base, Body string }
	f.decode(r, &in)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.pulls {
		if p.State == "open" && p.Head.Ref == in.Head {
			// GitHub refuses a second open pull request for one branch.
			f.answer(w, 422, map[string]string{"message": "Validation Failed: A pull request already exists for octo:" + in.Head})
			return
		}
	}
	p := &fakePull{Number: 100 + len(f.pulls), State: "open", Title: in.Title, Body: in.Body, token: tokenOf(r)}
	p.Head.Ref, p.Base.Ref = in.Head, in.Base
	p.URL = fmt.Sprintf("https://github.example/octo/config/pull/%d", p.Number)
	f.pulls = append(f.pulls, p)
	f.answer(w, 201, p)
}

func (f *fakeGitHub) editPull(w http.ResponseWriter, r *http.Request) {
	var in struct{ Title, Body, State *string }
	f.decode(r, &in)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.pulls {
		if p.Number == pathInt(r, "n") {
			if in.Title != nil {
				p.Title = *in.Title
			}
			if in.Body != nil {
				p.Body = *in.Body
			}
			if in.State != nil {
				p.State = *in.State
			}
			f.answer(w, 200, p)
			return
		}
	}
	f.answer(w, 404, map[string]string{"message": "Not Found"})
}

// takeCalls returns the calls recorded since the last take.
func (f *fakeGitHub) takeCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calls
	f.calls = nil
	return c
}

func (f *fakeGitHub) commentsOn(pr int) []fakeComment {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeComment
	for _, c := range f.comments[pr] {
		out = append(out, *c)
	}
	return out
}

func (f *fakeGitHub) openPulls() []fakePull {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakePull
	for _, p := range f.pulls {
		if p.State == "open" {
			out = append(out, *p)
		}
	}
	return out
}

func tokenOf(r *http.Request) string {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return tok
}

// graphql answers the one query octosync sends: whom the token acts as.
func (f *fakeGitHub) graphql(w http.ResponseWriter, r *http.Request) {
	var in struct{ Query string }
	f.decode(r, &in)
	if !strings.Contains(in.Query, "viewer") {
		f.answer(w, 200, map[string]any{"errors": []map[string]string{{"message": "the fake knows only viewer"}}})
		return
	}
	f.answer(w, 200, map[string]any{"data": map[string]any{"viewer": map[string]string{"login": tokenUsers[tokenOf(r)].Login}}})
}

func (f *fakeGitHub) getPull(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := pathInt(r, "n")
	for _, p := range f.pulls {
		if p.Number == n {
			f.answer(w, 200, p)
			return
		}
	}
	if head, ok := f.heads[n]; ok {
		p := &fakePull{Number: n, State: "open"}
		p.Head.SHA = head
		f.answer(w, 200, p)
		return
	}
	f.answer(w, 404, map[string]string{"message": "Not Found"})
}
