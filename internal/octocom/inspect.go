package octocom

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/octosync/octosync/internal/resource"
)

// Inspector reads the API the way `octosync doctor` needs: page 1 of a
// list, one history, one version, each answer with its status, headers,
// timing and body as sent, so that doctor sees what decoding would hide.
// It sends only GET requests, by construction: every method builds a GET
// call, and the client it wraps is not reachable through it. Requests go
// through the client's pipeline (parallelism, pacing, retries, time
// limits, trace).
type Inspector struct{ c *Client }

// Inspector returns a read-only view of c.
func (c *Client) Inspector() *Inspector { return &Inspector{c: c} }

// Probe is one GET request and what came back.
type Probe struct {
	// Request is "GET /businesses?page=1", relative to the base URL.
	Request string
	// Status is the answer's status; 0 when there was none.
	Status int
	Header http.Header
	Body   []byte
	// TLS is the TLS version of the connection ("TLS 1.3"), "" for
	// plain HTTP.
	TLS string
	// RTT is the time from sending to the whole answer.
	RTT time.Duration
	// Err is set when the answer is not a 2xx (then Status is set too) or
	// there was none.
	Err error
}

// BaseURL is the API root without credentials.
func (in *Inspector) BaseURL() string { return in.c.displayBase }

// Proxy is the proxy requests to the API go through, from the environment
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), or "" for none.
func (in *Inspector) Proxy() (string, error) {
	req, err := http.NewRequest(http.MethodGet, in.c.base, nil)
	if err != nil {
		return "", err
	}
	u, err := http.ProxyFromEnvironment(req)
	if err != nil || u == nil {
		return "", err
	}
	return safeURL(u.String()), nil
}

// Businesses reads page 1 of GET /businesses.
func (in *Inspector) Businesses(ctx context.Context) Probe {
	return in.get(ctx, "/businesses", url.Values{"page": {"1"}})
}

// List reads page 1 of kind's list in business, deleted resources
// included (as plan reads it).
func (in *Inspector) List(ctx context.Context, business string, kind resource.Kind) Probe {
	path, err := collectionPath(business, kind)
	if err != nil {
		return Probe{Request: "GET", Err: err}
	}
	return in.get(ctx, path, url.Values{"page": {"1"}, "includeDeleted": {"true"}})
}

// Versions reads page 1 of a resource's history.
func (in *Inspector) Versions(ctx context.Context, business string, kind resource.Kind, id string) Probe {
	path, err := itemPath(business, kind, id)
	if err != nil {
		return Probe{Request: "GET", Err: err}
	}
	return in.get(ctx, path+"/versions", url.Values{"page": {"1"}})
}

// Version reads version n of a resource.
func (in *Inspector) Version(ctx context.Context, business string, kind resource.Kind, id string, n int) Probe {
	path, err := itemPath(business, kind, id)
	if err != nil {
		return Probe{Request: "GET", Err: err}
	}
	return in.get(ctx, path+"/versions/"+strconv.Itoa(n), nil)
}

func (in *Inspector) get(ctx context.Context, path string, q url.Values) Probe {
	cl := call{method: http.MethodGet, path: path, query: q}
	p := Probe{Request: cl.method + " " + cl.target()}
	start := time.Now()
	ans, err := in.c.do(ctx, cl)
	p.RTT = time.Since(start)
	if err != nil {
		var apiErr *Error
		if errors.As(err, &apiErr) {
			p.Status = apiErr.Status
		}
		p.Err = err
		return p
	}
	p.Status, p.Header, p.Body = ans.status, ans.header, ans.body
	if ans.tls != nil {
		p.TLS = tls.VersionName(ans.tls.Version)
	}
	return p
}

// ListItems are the items of a list page's data, each as sent; nil when
// the page has none or is not a list.
func ListItems(body []byte) []json.RawMessage {
	var page struct {
		Data []json.RawMessage `json:"data"`
	}
	_ = json.Unmarshal(body, &page)
	return page.Data
}

// ItemRef is the id and version of a resource in a list.
func ItemRef(item json.RawMessage) (id string, version int) {
	var w struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
	}
	_ = json.Unmarshal(item, &w)
	return w.ID, w.Version
}

// BusinessSlugs are the slugs of a page of GET /businesses.
func BusinessSlugs(body []byte) []string {
	var out []string
	for _, item := range ListItems(body) {
		var b wireBusiness
		if json.Unmarshal(item, &b) == nil && b.Slug != "" {
			out = append(out, b.Slug)
		}
	}
	return out
}

// UnmanagedNames are the fields of a resource of kind k, as sent, that
// octosync does not manage, sorted.
func UnmanagedNames(item json.RawMessage, k resource.Kind) []string {
	fields, ok := objectFields(item)
	if !ok {
		return nil
	}
	return unmanagedOf(fields, k).FieldNames(k)
}

// rateLimitHeaders are the rate-limit headers the client reads (quota.go),
// plus Retry-After.
var rateLimitHeaders = []string{
	"RateLimit-Policy", "RateLimit", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
	"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After",
}

// RateLimitHeaders names the rate-limit headers of h, and whether the
// client reads a limit or a remaining count out of them.
func RateLimitHeaders(h http.Header) (sent []string, understood bool) {
	for _, name := range rateLimitHeaders {
		if h.Get(name) != "" {
			sent = append(sent, name)
		}
	}
	q := readQuota(h, time.Now())
	understood = q.perSecond > 0 || q.hasRemaining
	return slices.Clip(sent), understood
}

// Parallelism is the client's bound on requests in flight.
func (in *Inspector) Parallelism() int { return in.c.Parallelism() }

// ListProblem is what the client would refuse in page 1 of a list beyond
// its fields (check.go): pagination that does not add up, more than it
// reads, a page over its size, a first page without the items it
// announces, a page other than page 1. "" when nothing is wrong, or when
// the page cannot be read at all (CheckAnswer says why).
func ListProblem(body []byte, businesses bool) string {
	var page struct {
		Data       []json.RawMessage `json:"data"`
		Pagination pagination        `json:"pagination"`
	}
	if json.Unmarshal(body, &page) != nil {
		return ""
	}
	if page.Pagination.Page != 1 {
		return fmt.Sprintf("asked for page 1, the answer is page %d: the server does not page by ?page=", page.Pagination.Page)
	}
	return envelopeProblem(page.Pagination.envelope, len(page.Data), businesses)
}

// TotalPages is the number of pages a list page announces; 0 when it
// cannot be read.
func TotalPages(body []byte) int {
	var page struct {
		Pagination pagination `json:"pagination"`
	}
	_ = json.Unmarshal(body, &page)
	return page.Pagination.TotalPages
}
