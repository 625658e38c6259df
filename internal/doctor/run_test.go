package doctor

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/sandbox"
)

// run starts h and runs doctor against it; text is the text report.
func run(t *testing.T, h http.Handler) (rep *Report, text string) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := octocom.New(octocom.Options{BaseURL: srv.URL + sandbox.BasePath, APIKey: "sandbox-key"})
	if err != nil {
		t.Fatal(err)
	}
	rep, err = Run(context.Background(), c.Inspector(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep, textOf(rep)
}

// textOf is the report's checks, a line each with its mark, details and
// what it breaks (render.Doctor is the real rendering; it imports this
// package).
func textOf(r *Report) string {
	var b strings.Builder
	for _, s := range r.Sections {
		for _, c := range s.Checks {
			mark := "✓"
			if !c.OK {
				mark = "✗"
			}
			b.WriteString(mark + " " + c.Text + "\n")
			for _, d := range c.Details {
				b.WriteString("    " + d + "\n")
			}
			if c.Breaks != "" {
				b.WriteString("    breaks: " + c.Breaks + "\n")
			}
		}
	}
	return b.String()
}

func seeded(t *testing.T, seed string, opts sandbox.Options) *sandbox.Server {
	t.Helper()
	s, err := sandbox.ParseSeed([]byte(seed))
	if err != nil {
		t.Fatal(err)
	}
	opts.Seed = s
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return sb
}

const workflowSeed = `{"organizations": [{"name": "o", "apiKeys": ["sandbox-key"], "businesses": [{"slug": "demo",
	"workflows": [{"title": "W", "trigger": "t", "instructions": "i", "conditionProvider": "def evaluate_conditions(c): return {}",
	"variants": [{"name": "v", "condition": "c", "instructions": "x"}]}]}]}]}`

func TestAForbiddenKeyIsToldApartFromARefusedOne(t *testing.T) {
	for status, want := range map[int]string{
		http.StatusUnauthorized: "✗ the API key is refused (401 Unauthorized)",
		http.StatusForbidden:    "✗ the API key is known but may not read the businesses (403 Forbidden)",
	} {
		rep, text := run(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			w.Write([]byte(`{"error":{"code":"x","message":"no","details":[]}}`))
		}))
		if rep.OK || !strings.Contains(text, want) {
			t.Errorf("%d: OK %v, report:\n%s", status, rep.OK, text)
		}
	}
}

func TestRateLimitHeadersTheClientReadsPass(t *testing.T) {
	sb := seeded(t, workflowSeed, sandbox.Options{RateLimit: 1000, Burst: 1000})
	rep, text := run(t, sb)
	if !rep.OK || !strings.Contains(text, "✓ RateLimit-Policy, RateLimit, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset: octosync reads its pace from them") {
		t.Fatalf("report:\n%s", text)
	}
}

// TestAKeyInsideAVariantIsKeptNotAFailure: updates send a variant's keys
// octosync does not know back inside the variant of the same name, so the
// report names them with the resource's other unmanaged fields.
func TestAKeyInsideAVariantIsKeptNotAFailure(t *testing.T) {
	sb := seeded(t, workflowSeed, sandbox.Options{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write(bytes.ReplaceAll(rec.Body.Bytes(), []byte(`"name":"v",`), []byte(`"name":"v","priority":1,`)))
	})
	rep, text := run(t, h)
	if want := "✓ 1 field(s) octosync does not manage (variants[].priority on 1)"; !strings.Contains(text, want) {
		t.Errorf("report does not say %q:\n%s", want, text)
	}
	if strings.Contains(text, "fields inside fields octosync manages") || !rep.OK {
		t.Errorf("a kept variant key is reported as a failure:\n%s", text)
	}
}

func TestTLSIsNamed(t *testing.T) {
	sb := seeded(t, workflowSeed, sandbox.Options{})
	srv := httptest.NewTLSServer(sb)
	t.Cleanup(srv.Close)
	c, err := octocom.New(octocom.Options{BaseURL: srv.URL + sandbox.BasePath, APIKey: "sandbox-key", HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), c.Inspector(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if text := textOf(rep); !rep.OK || !strings.Contains(text, "✓ TLS 1.3 with a certificate this machine trusts") {
		t.Fatalf("report:\n%s", text)
	}
}

func TestAPageThatIgnoresThePageParameterOrHoldsNothingIsAFailure(t *testing.T) {
	sb := seeded(t, workflowSeed, sandbox.Options{})
	for _, tt := range []struct{ old, new, want string }{
		{`"page":1,`, `"page":3,`, "asked for page 1, the answer is page 3: the server does not page by ?page="},
		{`"totalItems":0,"totalPages":0`, `"totalItems":7,"totalPages":1`, "page 1 holds no item of the 7 the server announced"},
	} {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			sb.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			if strings.HasSuffix(r.URL.Path, "/articles") {
				body = bytes.ReplaceAll(body, []byte(tt.old), []byte(tt.new))
			}
			w.WriteHeader(rec.Code)
			w.Write(body)
		})
		rep, text := run(t, h)
		if rep.OK || !strings.Contains(text, "✗ GET /businesses/demo/articles?includeDeleted=true&page=1: "+tt.want) {
			t.Errorf("%s: report:\n%s", tt.new, text)
		}
	}
}
