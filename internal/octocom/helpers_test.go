package octocom

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/octosync/octosync/internal/sandbox"
	"github.com/octosync/octosync/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// testKey is the sandbox's default API key; tests check it never leaks.
const testKey = "sandbox-key"

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update to accept):\n got: %s\nwant: %s", path, got, want)
	}
}

// sleeps records the waits of a client instead of sleeping, and keeps a
// virtual clock that the waits advance.
type sleeps struct {
	mu    sync.Mutex
	ds    []time.Duration
	slept time.Duration
}

var virtualEpoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.ds = append(s.ds, d)
	s.slept += d
	s.mu.Unlock()
	return ctx.Err()
}

// now is the virtual clock: the epoch plus every wait so far.
func (s *sleeps) now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return virtualEpoch.Add(s.slept)
}

func (s *sleeps) total() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var t time.Duration
	for _, d := range s.ds {
		t += d
	}
	return t
}

// contractRouter is the router of schema/openapi.yaml, built once.
var contractRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := openapi3.NewLoader().LoadFromData(schema.OpenAPI)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	doc.Servers = openapi3.Servers{{URL: sandbox.BasePath}}
	return gorillamux.NewRouter(doc)
})

// contractTransport fails the test for every request the client sends that
// schema/openapi.yaml does not allow.
type contractTransport struct {
	t    testing.TB
	next http.RoundTripper
}

func (ct contractTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	router, err := contractRouter()
	if err != nil {
		ct.t.Errorf("openapi.yaml: %v", err)
		return ct.next.RoundTrip(req)
	}
	var body []byte
	if req.Body != nil {
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	check := req.Clone(req.Context())
	check.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := router.FindRoute(check)
	if err != nil {
		ct.t.Errorf("contract: %s %s: no such operation: %v", req.Method, req.URL.Path, err)
		return ct.next.RoundTrip(req)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: check, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
			if in.RequestValidationInput.Request.Header.Get("X-API-Key") == "" {
				return fmt.Errorf("no X-API-Key")
			}
			return nil
		}},
	}
	if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
		ct.t.Errorf("contract: %s %s: %v", req.Method, req.URL.RequestURI(), err)
	}
	return ct.next.RoundTrip(req)
}

// env is a sandbox behind a real HTTP server and a client talking to it
// through the contract check.
type env struct {
	sb     *sandbox.Server
	srv    *httptest.Server
	client *Client
	log    *bytes.Buffer // the client's Verbose output
}

// newEnv starts a sandbox with sopts and a client with copts (BaseURL,
// APIKey, HTTPClient and Verbose filled in when empty).
func newEnv(t testing.TB, sopts sandbox.Options, copts Options) *env {
	t.Helper()
	sb, err := sandbox.New(sopts)
	if err != nil {
		t.Fatal(err)
	}
	return newEnvHandler(t, sb, sb, copts)
}

func newEnvHandler(t testing.TB, sb *sandbox.Server, h http.Handler, copts Options) *env {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e := &env{sb: sb, srv: srv, log: &bytes.Buffer{}}
	if copts.BaseURL == "" {
		copts.BaseURL = srv.URL + sandbox.BasePath
	}
	if copts.APIKey == "" {
		copts.APIKey = testKey
	}
	if copts.HTTPClient == nil {
		copts.HTTPClient = &http.Client{Transport: contractTransport{t: t, next: srv.Client().Transport}, Timeout: time.Minute}
	}
	if copts.Verbose == nil {
		copts.Verbose = &lockedWriter{w: e.log}
	}
	c, err := New(copts)
	if err != nil {
		t.Fatal(err)
	}
	e.client = c
	t.Cleanup(func() {
		if strings.Contains(e.log.String(), testKey) {
			t.Errorf("the API key appears in the verbose log:\n%s", e.log)
		}
	})
	return e
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// seedArticles is the default organization with n articles in business demo,
// titled "Article 0001" and so on.
func seedArticles(n int) *sandbox.Seed {
	seed := sandbox.DefaultSeed()
	b := &seed.Organizations[0].Businesses[0]
	for i := 1; i <= n; i++ {
		body, _ := json.Marshal(map[string]any{
			"title": fmt.Sprintf("Article %04d", i), "content": "Body of article " + fmt.Sprint(i) + ".",
			"language": "en", "tags": []string{"t"}, "enabled": true,
		})
		b.Articles = append(b.Articles, body)
	}
	return seed
}

// requests returns the sandbox's logged requests matching method and path
// prefix.
func requests(sb *sandbox.Server, method, pathPrefix string) []sandbox.LoggedRequest {
	var out []sandbox.LoggedRequest
	for _, r := range sb.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, sandbox.BasePath+pathPrefix) {
			out = append(out, r)
		}
	}
	return out
}
