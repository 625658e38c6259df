package ghactions

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Env is the GitHub Actions runner's view of one step, read from the
// environment. The zero value (Enabled false) is "not in GitHub Actions".
type Env struct {
	// Enabled is GITHUB_ACTIONS=true.
	Enabled bool
	// OutputFile and SummaryFile are $GITHUB_OUTPUT and
	// $GITHUB_STEP_SUMMARY ("" when unset: nothing is written there).
	OutputFile, SummaryFile string
	// EventName is GITHUB_EVENT_NAME ("pull_request", "push", "schedule"…);
	// EventPath is the file holding the event's JSON payload.
	EventName, EventPath string
	// Repository is "owner/name" (GITHUB_REPOSITORY).
	Repository string
	// APIURL is the REST API root (GITHUB_API_URL; GitHub Enterprise Server
	// sets https://HOST/api/v3), ServerURL the web root (GITHUB_SERVER_URL).
	APIURL, ServerURL string
	// RunID and RunAttempt identify the workflow run for links.
	RunID, RunAttempt string
	// SHA is the commit that triggered the run (GITHUB_SHA); RefName the
	// branch or tag (GITHUB_REF_NAME).
	SHA, RefName string
	// Workspace is the checkout (GITHUB_WORKSPACE); annotation paths are
	// relative to it.
	Workspace string
	// Temp is RUNNER_TEMP, where files for later steps go.
	Temp string
	// Token authenticates GitHub API calls: GITHUB_TOKEN, else GH_TOKEN.
	Token string
}

// FromEnv reads Env through getenv (os.Getenv in production).
func FromEnv(getenv func(string) string) Env {
	e := Env{
		Enabled:     getenv("GITHUB_ACTIONS") == "true",
		OutputFile:  getenv("GITHUB_OUTPUT"),
		SummaryFile: getenv("GITHUB_STEP_SUMMARY"),
		EventName:   getenv("GITHUB_EVENT_NAME"),
		EventPath:   getenv("GITHUB_EVENT_PATH"),
		Repository:  getenv("GITHUB_REPOSITORY"),
		APIURL:      strings.TrimRight(getenv("GITHUB_API_URL"), "/"),
		ServerURL:   strings.TrimRight(getenv("GITHUB_SERVER_URL"), "/"),
		RunID:       getenv("GITHUB_RUN_ID"),
		RunAttempt:  getenv("GITHUB_RUN_ATTEMPT"),
		SHA:         getenv("GITHUB_SHA"),
		RefName:     getenv("GITHUB_REF_NAME"),
		Workspace:   getenv("GITHUB_WORKSPACE"),
		Temp:        getenv("RUNNER_TEMP"),
		Token:       firstSet(getenv("GITHUB_TOKEN"), getenv("GH_TOKEN")),
	}
	if e.APIURL == "" {
		e.APIURL = "https://api.github.com"
	}
	if e.ServerURL == "" {
		e.ServerURL = "https://github.com"
	}
	return e
}

func firstSet(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// IsPullRequest reports whether the run was triggered by a pull request.
func (e Env) IsPullRequest() bool {
	return e.EventName == "pull_request" || e.EventName == "pull_request_target"
}

// RunURL links to the workflow run ("" when the run is unknown).
func (e Env) RunURL() string {
	if e.Repository == "" || e.RunID == "" {
		return ""
	}
	u := e.ServerURL + "/" + e.Repository + "/actions/runs/" + e.RunID
	if e.RunAttempt != "" && e.RunAttempt != "1" {
		u += "/attempts/" + e.RunAttempt
	}
	return u
}

// OwnerRepo splits Repository; an error names GITHUB_REPOSITORY when it is
// not "owner/name".
func (e Env) OwnerRepo() (owner, repo string, err error) {
	owner, repo, ok := strings.Cut(e.Repository, "/")
	if !ok || owner == "" || repo == "" || strings.Contains(repo, "/") {
		return "", "", fmt.Errorf("GITHUB_REPOSITORY %q: want owner/name (it is set by GitHub Actions)", e.Repository)
	}
	return owner, repo, nil
}

// maxEventSize bounds the event payload read from GITHUB_EVENT_PATH.
const maxEventSize = 25 << 20

// PullRequestNumber is the number of the pull request that triggered the
// run, from the event payload.
func (e Env) PullRequestNumber() (int, error) {
	pr, err := e.PullRequest()
	return pr.Number, err
}

// EventPullRequest is the pull request of a pull_request event.
type EventPullRequest struct {
	Number int
	// Head is the commit at the tip of the pull request's branch when the
	// event happened (GITHUB_SHA is a merge commit GitHub made for the
	// run); "" when the payload lacks it.
	Head string
	// HeadRepo is the repository the pull request's branch lives in
	// ("owner/name"); "" when the payload lacks it.
	HeadRepo string
}

// FromFork reports whether the pull request's branch lives in another
// repository than the one the run belongs to (repository, "owner/name"):
// GitHub gives such a run no secrets and a read-only token.
func (pr EventPullRequest) FromFork(repository string) bool {
	return pr.HeadRepo != "" && repository != "" && !strings.EqualFold(pr.HeadRepo, repository)
}

// PullRequest reads the pull request that triggered the run from the
// event payload.
func (e Env) PullRequest() (EventPullRequest, error) {
	if !e.IsPullRequest() {
		return EventPullRequest{}, fmt.Errorf("the %s event has no pull request: %w", eventName(e.EventName), ErrNotPullRequest)
	}
	if e.EventPath == "" {
		return EventPullRequest{}, errors.New("GITHUB_EVENT_PATH is not set: the pull request's number is unknown")
	}
	f, err := os.Open(e.EventPath)
	if err != nil {
		return EventPullRequest{}, fmt.Errorf("GITHUB_EVENT_PATH: %w", err)
	}
	defer f.Close()
	var ev struct {
		Number      int `json:"number"`
		PullRequest struct {
			Number int `json:"number"`
			Head   struct {
				SHA  string `json:"sha"`
				Repo struct {
					FullName string `json:"full_name"`
				} `json:"repo"`
			} `json:"head"`
		} `json:"pull_request"`
	}
	dec := json.NewDecoder(io.LimitReader(f, maxEventSize))
	if err := dec.Decode(&ev); err != nil {
		return EventPullRequest{}, fmt.Errorf("%s: the event payload is not JSON: %w", e.EventPath, err)
	}
	n := firstPositive(ev.PullRequest.Number, ev.Number)
	if n == 0 {
		return EventPullRequest{}, fmt.Errorf("%s: the %s event payload holds no pull request number", e.EventPath, e.EventName)
	}
	return EventPullRequest{Number: n, Head: ev.PullRequest.Head.SHA, HeadRepo: ev.PullRequest.Head.Repo.FullName}, nil
}

func firstPositive(ns ...int) int {
	for _, n := range ns {
		if n > 0 {
			return n
		}
	}
	return 0
}

func eventName(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

// ErrNotPullRequest means the run was not triggered by a pull request.
var ErrNotPullRequest = errors.New("not a pull request event")
