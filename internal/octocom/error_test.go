package octocom

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/provider"
)

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"validation", &Error{Status: 422, Code: "validation_error", Message: "title: must be 1–200 characters",
			Details: []FieldError{{Field: "title", Message: "must be 1–200 characters"}}, Method: "PUT", Path: "/businesses/acme-eu/articles/art_1"},
			"PUT /businesses/acme-eu/articles/art_1: 422 validation_error: title: must be 1–200 characters"},
		{"several details", &Error{Status: 422, Code: "validation_error", Message: "summary",
			Details: []FieldError{{Field: "title", Message: "is required"}, {Field: "variants[2].name", Message: "is not unique"}}, Method: "POST", Path: "/businesses/b/workflows"},
			"POST /businesses/b/workflows: 422 validation_error: title: is required; variants[2].name: is not unique"},
		{"unauthorized", &Error{Status: 401, Code: "unauthorized", Message: "unknown key", Method: "GET", Path: "/businesses?page=1"},
			"GET /businesses?page=1: the API key was rejected (401 unauthorized): check OCTOCOM_API_KEY or --api-key-file"},
		{"conflict", &Error{Status: 412, Code: "version_conflict", Message: "the current version is 4", Method: "PUT", Path: "/businesses/b/bot-rules/r1"},
			"PUT /businesses/b/bot-rules/r1: 412 version_conflict: the current version is 4: it changed since it was read; run plan again"},
		{"business", &Error{Status: 404, Code: "not_found", Message: "no business x", Method: "GET", Path: "/businesses/x/articles?page=1", hint: businessNotFound("x")},
			"GET /businesses/x/articles?page=1: 404 not_found: no business x: business `x` not found in this organization; check the folder name under businesses/ and that the API key belongs to the right organization"},
		{"server", &Error{Status: 500, Code: "internal_error", Method: "GET", Path: "/businesses?page=1"},
			"GET /businesses?page=1: 500 internal_error: the server failed; try again later"},
		{"rate limited", &Error{Status: 429, Code: "rate_limited", Message: "slow down", Method: "GET", Path: "/businesses?page=1", RetryAfter: time.Second},
			"GET /businesses?page=1: 429 rate_limited: slow down: still rate limited after retrying; lower --parallelism or try again later"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestErrorIs(t *testing.T) {
	sentinels := []error{provider.ErrNotFound, provider.ErrConflict, provider.ErrUnauthorized, provider.ErrValidation, provider.ErrRateLimited, provider.ErrOutcomeUnknown}
	tests := []struct {
		status int
		want   error // nil: none
	}{
		{400, provider.ErrValidation},
		{401, provider.ErrUnauthorized},
		{403, provider.ErrUnauthorized},
		{404, provider.ErrNotFound},
		{409, nil},
		{412, provider.ErrConflict},
		{413, provider.ErrValidation},
		{422, provider.ErrValidation},
		{429, provider.ErrRateLimited},
		{500, nil},
		{503, nil},
	}
	for _, tt := range tests {
		err := error(&Error{Status: tt.status})
		for _, s := range sentinels {
			if got := errors.Is(err, s); got != (s == tt.want) {
				t.Errorf("status %d: errors.Is(%v) = %v", tt.status, s, got)
			}
		}
	}
}

func TestNewError(t *testing.T) {
	red := &redactor{key: "secret-key"}
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   Error
	}{
		{"json", 422, http.Header{}, `{"error":{"code":"validation_error","message":"m","details":[{"field":"title","message":"bad"}]},"extra":1}`,
			Error{Status: 422, Code: "validation_error", Message: "m", Details: []FieldError{{"title", "bad"}}}},
		{"html", 502, http.Header{}, "<html>\n<body>Bad\tGateway\x00</body></html>",
			Error{Status: 502, Code: "bad_gateway", Message: "<html> <body>Bad Gateway\uFFFD</body></html>"}},
		{"empty", 503, http.Header{"Retry-After": {"7"}}, "",
			Error{Status: 503, Code: "service_unavailable", RetryAfter: 7 * time.Second}},
		{"long", 500, http.Header{}, strings.Repeat("é", 300),
			Error{Status: 500, Code: "internal_server_error", Message: strings.Repeat("é", 100)}},
		{"echoed key", 400, http.Header{}, `{"error":{"code":"bad_request","message":"key secret-key is malformed"}}`,
			Error{Status: 400, Code: "bad_request", Message: "key [redacted] is malformed"}},
		{"key across the cut", 500, http.Header{}, strings.Repeat("x", 195) + "secret-key",
			Error{Status: 500, Code: "internal_server_error", Message: strings.Repeat("x", 195) + "[reda"}},
		{"unknown status", 599, http.Header{}, "",
			Error{Status: 599, Code: "http_error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newError("GET", "/p", tt.status, tt.header, []byte(tt.body), red)
			tt.want.Method, tt.want.Path = "GET", "/p"
			if got.Status != tt.want.Status || got.Code != tt.want.Code || got.Message != tt.want.Message ||
				got.RetryAfter != tt.want.RetryAfter || len(got.Details) != len(tt.want.Details) {
				t.Fatalf("got  %#v\nwant %#v", *got, tt.want)
			}
			for i := range got.Details {
				if got.Details[i] != tt.want.Details[i] {
					t.Fatalf("details = %v, want %v", got.Details, tt.want.Details)
				}
			}
		})
	}
}

func FuzzNewError(f *testing.F) {
	f.Add(500, []byte(`{"error":{"code":"c","message":"the key is sk-1","details":[{"field":"sk-1","message":"x"}]}}`))
	f.Add(502, []byte("<html>sk-1</html>"))
	f.Add(404, []byte(`{"error":null}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		red := &redactor{key: "sk-1"}
		e := newError("GET", "/p", status, http.Header{}, body, red)
		msg := e.Error()
		if strings.Contains(msg, "sk-1") {
			t.Fatalf("the key leaked: %q", msg)
		}
		if strings.ContainsAny(msg, "\n\r\x00") {
			t.Fatalf("control characters in %q", msg)
		}
		if len(e.Message) > 64<<10 {
			t.Fatalf("message of %d bytes", len(e.Message))
		}
	})
}

// A non-JSON error body is cut to maxErrorText after folding whitespace; the
// key must be redacted before any cut, so that no prefix of it can survive
// at the cut, however much whitespace or text precedes it.
func TestNewErrorNeverCutsIntoTheKey(t *testing.T) {
	const key = "sk_live_SECRETKEY0123456789"
	red := &redactor{key: key}
	var bodies []string
	for _, pad := range []string{" ", "\n", "x"} {
		for _, n := range []int{64 << 10, 64<<10 - 5, 64<<10 + 1, 64<<10 + len(key) - 4, 1 << 20, 200 - 10, 200 - 3} {
			bodies = append(bodies, strings.Repeat(pad, n)+key+" tail")
		}
	}
	for i := 0; i <= len(key); i++ { // the key at every offset around the 200-byte cut
		bodies = append(bodies, strings.Repeat("y", maxErrorText-i)+key)
	}
	for _, body := range bodies {
		e := newError("GET", "/p", 502, http.Header{}, []byte(body), red)
		msg := e.Error()
		for n := 4; n <= len(key); n++ {
			if strings.Contains(msg, key[:n]) {
				t.Fatalf("body of %d bytes: %d bytes of the key leaked: %q", len(body), n, prefixOf(msg, 300))
			}
		}
		if len(e.Message) > maxErrorText {
			t.Fatalf("message of %d bytes, want at most %d", len(e.Message), maxErrorText)
		}
	}
	// 64 KiB of whitespace folds away: what follows is the message.
	e := newError("GET", "/p", 502, http.Header{}, []byte(strings.Repeat(" ", 64<<10)+key+" is not allowed"), red)
	if want := "GET /p: 502 bad_gateway: [redacted] is not allowed: the server failed; try again later"; e.Error() != want {
		t.Fatalf("got  %s\nwant %s", e.Error(), want)
	}
}

func prefixOf(s string, n int) string { return s[:min(n, len(s))] }
