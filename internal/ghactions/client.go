package ghactions

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-github/v84/github"
)

// Client is the GitHub REST API for one repository, at Env.APIURL (so
// GitHub Enterprise Server works), authenticated with Env.Token.
type Client struct {
	gh          *github.Client
	owner, repo string
	graphqlURL  string
	// identity is the token's login, once asked (Identity).
	identity string
}

// requestTimeout bounds every GitHub API request.
const requestTimeout = 30 * time.Second

// maxPages bounds every listing (100 items a page).
const maxPages = 20

// NewClient builds a Client from e. The token goes only to e.APIURL, which
// must be https (plain http only to a loopback address, for tests).
func NewClient(e Env) (*Client, error) {
	owner, repo, err := e.OwnerRepo()
	if err != nil {
		return nil, err
	}
	if e.Token == "" {
		return nil, errors.New("no GitHub token: pass the action's github-token input (default ${{ github.token }}) or set GITHUB_TOKEN")
	}
	base, err := url.Parse(e.APIURL + "/")
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("GITHUB_API_URL %q: not a URL", e.APIURL)
	}
	if base.Scheme != "https" && !(base.Scheme == "http" && isLoopback(base.Hostname())) {
		return nil, fmt.Errorf("GITHUB_API_URL %q: must be https (plain http only to a loopback address)", e.APIURL)
	}
	gh := github.NewClient(&http.Client{Timeout: requestTimeout}).WithAuthToken(e.Token)
	gh.BaseURL = base
	gh.UserAgent = "octosync"
	return &Client{gh: gh, owner: owner, repo: repo, graphqlURL: graphqlURL(e.APIURL)}, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// APIError is a failed GitHub API request, said so that the user knows what
// to change.
type APIError struct {
	// Op is what octosync was doing ("update the plan comment on pull
	// request #7").
	Op string
	// Status is the HTTP status (0 when no answer came).
	Status int
	// Message is GitHub's message, or the transport error.
	Message string
	// Permission is the workflow permission the operation needs, named in
	// the error when GitHub answered 403 or 404.
	Permission string
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("GitHub API: %s: ", e.Op)
	if e.Status != 0 {
		msg += fmt.Sprintf("%d ", e.Status)
	}
	msg += e.Message
	if (e.Status == http.StatusForbidden || e.Status == http.StatusNotFound) && e.Permission != "" {
		msg += fmt.Sprintf("; the token lacks the permission: add `permissions: %s` to the workflow job (or pass a github-token that has it)", e.Permission)
	}
	return msg
}

// apiError turns a go-github error into an *APIError.
func apiError(op, permission string, err error) error {
	if err == nil {
		return nil
	}
	e := &APIError{Op: op, Permission: permission, Message: err.Error()}
	var er *github.ErrorResponse
	var rl *github.RateLimitError
	var ab *github.AbuseRateLimitError
	switch {
	case errors.As(err, &rl):
		e.Status, e.Message = rl.Response.StatusCode, "rate limited: "+rl.Message+"; run the job again later"
	case errors.As(err, &ab):
		e.Status, e.Message = ab.Response.StatusCode, "secondary rate limit: "+ab.Message+"; run the job again later"
	case errors.As(err, &er):
		e.Status, e.Message = er.Response.StatusCode, strings.TrimSpace(er.Message)
		if e.Message == "" {
			e.Message = http.StatusText(e.Status)
		}
	}
	return e
}

// ctxTimeout gives one API call its deadline.
func ctxTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, requestTimeout)
}
