package sandbox_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/sandbox"
)

// fixedNow is the clock of the tests, so times in responses are stable.
func fixedNow() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

const fixedTime = "2026-01-02T03:04:05Z"

// client sends requests to a test sandbox and fails the test on transport
// errors.
type client struct {
	t    testing.TB
	base string
	key  string
	http *http.Client
}

// withKey is a client that sends another API key ("" sends none).
func (c *client) withKey(key string) *client {
	cc := *c
	cc.key = key
	return &cc
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request. body is sent as is when it is a string, else as JSON;
// hdr lists header names and values.
func (c *client) do(method, path string, body any, hdr ...string) *response {
	c.t.Helper()
	resp, err := c.try(method, path, body, hdr...)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

// try is do without failing on transport errors.
func (c *client) try(method, path string, body any, hdr ...string) (*response, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(data)
	}
	url := c.base + path
	if strings.HasPrefix(path, "/businesses") {
		url = c.base + sandbox.BasePath + path
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return nil, err
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.key != "" {
		req.Header.Set("X-API-Key", c.key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// obj decodes the body as a JSON object.
func (r *response) obj(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	return m
}

// want checks the status and, for an error, the error code.
func (r *response) want(t testing.TB, status int, code ...string) *response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body: %s", r.status, status, r.body)
	}
	if len(code) > 0 {
		if got := r.errCode(t); got != code[0] {
			t.Fatalf("error code %q, want %q; body: %s", got, code[0], r.body)
		}
	}
	return r
}

func (r *response) errCode(t testing.TB) string {
	e, _ := r.obj(t)["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

// details returns the fields named by an error's details.
func (r *response) details(t testing.TB) []string {
	e, _ := r.obj(t)["error"].(map[string]any)
	list, _ := e["details"].([]any)
	var out []string
	for _, d := range list {
		out = append(out, d.(map[string]any)["field"].(string))
	}
	return out
}

// resource is the wire form of any resource, for the fields tests inspect.
type resource struct {
	ID                string    `json:"id"`
	Version           int       `json:"version"`
	CreatedAt         string    `json:"createdAt"`
	UpdatedAt         string    `json:"updatedAt"`
	DeletedAt         *string   `json:"deletedAt"`
	Title             string    `json:"title"`
	Content           string    `json:"content"`
	Language          string    `json:"language"`
	Tags              []string  `json:"tags"`
	Enabled           bool      `json:"enabled"`
	Trigger           string    `json:"trigger"`
	Instructions      string    `json:"instructions"`
	Actions           []string  `json:"actions"`
	ConditionProvider *string   `json:"conditionProvider"`
	Variants          []variant `json:"variants"`
}

type variant struct {
	Name         string `json:"name"`
	Condition    string `json:"condition"`
	Instructions string `json:"instructions"`
}

type list[T any] struct {
	Data       []T                `json:"data"`
	Pagination sandbox.Pagination `json:"pagination"`
}

func decode[T any](t testing.TB, r *response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	return v
}

func article(title string) map[string]any {
	return map[string]any{"title": title, "content": "Body of " + title, "language": "en", "tags": []string{"t"}}
}

func botRule(title string) map[string]any {
	return map[string]any{"title": title, "content": "Always " + title}
}

func workflow(title string) map[string]any {
	return map[string]any{"title": title, "trigger": "When " + title, "instructions": "Do " + title}
}

// create POSTs body as a kind of resource in business demo and returns it.
func (c *client) create(kind string, body any) resource {
	c.t.Helper()
	return decode[resource](c.t, c.do("POST", "/businesses/demo/"+kind, body).want(c.t, http.StatusCreated))
}
