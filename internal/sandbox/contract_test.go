package sandbox_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/octosync/octosync/internal/sandbox"
	"github.com/octosync/octosync/schema"
)

// The contract test: every request the suite sends through a test server
// and every response the sandbox gives is checked against
// schema/openapi.yaml when the test ends, and TestMain checks that the
// suite exercised every operation of the document.

var contract struct {
	once   sync.Once
	router routers.Router
	err    error

	mu  sync.Mutex
	ops map[string]int // operationId → responses validated
	all []string       // every operationId of the document
}

func contractRouter(t testing.TB) routers.Router {
	contract.once.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromData(schema.OpenAPI)
		if err != nil {
			contract.err = err
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			contract.err = err
			return
		}
		// The sandbox serves the API under BasePath on any host.
		doc.Servers = openapi3.Servers{{URL: sandbox.BasePath}}
		contract.router, contract.err = gorillamux.NewRouter(doc)
		contract.ops = map[string]int{}
		for _, item := range doc.Paths.Map() {
			for _, op := range item.Operations() {
				contract.all = append(contract.all, op.OperationID)
			}
		}
	})
	if contract.err != nil {
		t.Fatalf("openapi.yaml: %v", contract.err)
	}
	return contract.router
}

// exchange is one request and the response the sandbox gave to it.
type exchange struct {
	method, url string
	reqHeader   http.Header
	reqBody     []byte
	status      int // 0: no response (dropped connection)
	respHeader  http.Header
	respBody    []byte
}

// recorder is a middleware that records every exchange with the sandbox.
type recorder struct {
	next http.Handler
	mu   sync.Mutex
	log  []*exchange
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	ex := &exchange{method: r.Method, url: r.URL.String(), reqHeader: r.Header.Clone(), reqBody: body}
	tw := &teeWriter{ResponseWriter: w, ex: ex}
	rec.next.ServeHTTP(tw, r)
	rec.mu.Lock()
	rec.log = append(rec.log, ex)
	rec.mu.Unlock()
}

// teeWriter passes a response through and keeps a copy.
type teeWriter struct {
	http.ResponseWriter
	ex *exchange
}

func (w *teeWriter) WriteHeader(status int) {
	if w.ex.status == 0 {
		w.ex.status = status
		w.ex.respHeader = w.Header().Clone()
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *teeWriter) Write(p []byte) (int, error) {
	if w.ex.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	w.ex.respBody = append(w.ex.respBody, p...)
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController hijack the connection underneath.
func (w *teeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// check validates the recorded exchanges against the contract. Responses
// are always checked; requests when the sandbox accepted them (2xx), since
// the suite sends invalid requests on purpose.
func (rec *recorder) check(t testing.TB) {
	router := contractRouter(t)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, ex := range rec.log {
		if ex.status == 0 || !strings.HasPrefix(ex.url, sandbox.BasePath) {
			continue // dropped connection, or a /_sandbox endpoint
		}
		req, _ := http.NewRequest(ex.method, ex.url, bytes.NewReader(ex.reqBody))
		req.Header = ex.reqHeader
		route, params, err := router.FindRoute(req)
		if err != nil {
			if ex.status != http.StatusNotFound && ex.status != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: not in the contract, yet answered %d", ex.method, ex.url, ex.status)
			}
			continue
		}
		opts := &openapi3filter.Options{
			MultiError: true,
			AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
				if in.RequestValidationInput.Request.Header.Get("X-API-Key") == "" {
					return errors.New("no X-API-Key")
				}
				return nil
			},
		}
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
		if ex.status >= 200 && ex.status < 300 {
			if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
				t.Errorf("%s %s (answered %d): request breaks the contract: %v", ex.method, ex.url, ex.status, err)
			}
		}
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in,
			Status:                 ex.status,
			Header:                 ex.respHeader,
			Options:                opts,
		}
		out.SetBodyBytes(ex.respBody)
		if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
			t.Errorf("%s %s: %d response breaks the contract: %v\nbody: %s", ex.method, ex.url, ex.status, err, ex.respBody)
			continue
		}
		contract.mu.Lock()
		contract.ops[route.Operation.OperationID]++
		contract.mu.Unlock()
	}
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	// With the whole suite run, every operation must have been exercised.
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() && contract.router != nil {
		var missing []string
		for _, op := range contract.all {
			if contract.ops[op] == 0 {
				missing = append(missing, op)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "contract: operations never exercised by the suite: %s\n", strings.Join(missing, ", "))
			code = 1
		}
	}
	os.Exit(code)
}

// newTestServer starts a sandbox behind an httptest.Server whose traffic is
// checked against the contract when the test ends.
func newTestServer(t testing.TB, opts sandbox.Options) (*sandbox.Server, *client) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() }) // after the HTTP server (cleanups run last first)
	rec := &recorder{next: sb}
	ts := httptest.NewServer(rec)
	t.Cleanup(func() {
		ts.Close()
		rec.check(t)
	})
	return sb, &client{t: t, base: ts.URL, key: "sandbox-key", http: ts.Client()}
}
