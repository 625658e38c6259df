package ghactions

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// DefaultBot is the login GitHub gives comments made with a workflow's
// GITHUB_TOKEN.
const DefaultBot = "github-actions[bot]"

// Identity is the login octosync's comments are written as: the account
// of the token (GraphQL viewer, which answers installation tokens, where
// REST GET /user does not): "github-actions[bot]" for GITHUB_TOKEN,
// "<app-slug>[bot]" for a GitHub App's token. Only comments by this login
// are octosync's: another bot quoting a marker vouches for nothing. A
// token that belongs to a person is refused, since whatever that person
// writes by hand would then count as octosync's. The answer is asked once
// per run.
func (c *Client) Identity(ctx context.Context) (string, error) {
	if c.identity != "" {
		return c.identity, nil
	}
	cctx, cancel := ctxTimeout(ctx)
	defer cancel()
	req, err := c.gh.NewRequest(http.MethodPost, c.graphqlURL, map[string]string{"query": "query { viewer { login } }"})
	if err != nil {
		return "", err
	}
	var out struct {
		Data struct {
			Viewer struct {
				Login string `json:"login"`
			} `json:"viewer"`
		} `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if _, err := c.gh.Do(cctx, req, &out); err != nil {
		return "", apiError("find whom the github-token comments as", "", err)
	}
	login := out.Data.Viewer.Login
	if login == "" {
		msg := "no login in the answer"
		if len(out.Errors) > 0 {
			msg = out.Errors[0].Message
		}
		return "", &APIError{Op: "find whom the github-token comments as", Message: msg}
	}
	if !strings.HasSuffix(login, "[bot]") {
		return "", fmt.Errorf("the github-token belongs to %s, a person, not a bot: octosync trusts only comments written by a bot (give the action the default ${{ github.token }}, or a GitHub App token)", login)
	}
	c.identity = login
	return login, nil
}

// graphqlURL is the GraphQL endpoint beside the REST root: api.github.com
// serves /graphql, GitHub Enterprise Server /api/graphql next to /api/v3.
func graphqlURL(restRoot string) string {
	if base, ok := strings.CutSuffix(restRoot, "/api/v3"); ok {
		return base + "/api/graphql"
	}
	return restRoot + "/graphql"
}
