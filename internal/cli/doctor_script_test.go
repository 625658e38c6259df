package cli

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/octosync/octosync/internal/sandbox"
)

// divergences are servers that differ from the contract in one way each,
// for doctor's scripts: the script's sandbox behind a rewriting proxy.
var divergences = map[string]func(w http.ResponseWriter, r *http.Request, rec *httptest.ResponseRecorder) []byte{
	// The list envelope calls its items "items".
	"renamed-envelope": func(_ http.ResponseWriter, r *http.Request, rec *httptest.ResponseRecorder) []byte {
		return bytes.Replace(rec.Body.Bytes(), []byte(`{"data":`), []byte(`{"items":`), 1)
	},
	// Histories are not served.
	"versions-404": func(w http.ResponseWriter, r *http.Request, rec *httptest.ResponseRecorder) []byte {
		if strings.HasSuffix(r.URL.Path, "/versions") {
			rec.Code = http.StatusNotFound
			return []byte(`{"error":{"code":"not_found","message":"no such route","details":[]}}`)
		}
		return rec.Body.Bytes()
	},
	// Titles are numbers.
	"number-title": func(_ http.ResponseWriter, r *http.Request, rec *httptest.ResponseRecorder) []byte {
		return titleString.ReplaceAll(rec.Body.Bytes(), []byte(`"title":42`))
	},
	// Workflow variants carry a key octosync does not know.
	"nested-extra": func(_ http.ResponseWriter, _ *http.Request, rec *httptest.ResponseRecorder) []byte {
		return bytes.ReplaceAll(rec.Body.Bytes(), []byte(`"condition":`), []byte(`"priority":1,"condition":`))
	},
	// No Date header.
	"no-date": func(w http.ResponseWriter, _ *http.Request, rec *httptest.ResponseRecorder) []byte {
		w.Header()["Date"] = nil // net/http adds none then
		return rec.Body.Bytes()
	},
}

var titleString = regexp.MustCompile(`"title":"[^"]*"`)

// diverge MODE: serve the script's sandbox changed by MODE (a key of
// divergences) on another 127.0.0.1 port, its API URL in $DIVERGENT_URL.
func cmdDiverge(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 || divergences[args[0]] == nil {
		ts.Fatalf("usage: diverge renamed-envelope|versions-404|number-title|nested-extra|no-date")
	}
	edit := divergences[args[0]]
	sb := scriptSB(ts)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, r)
		body := edit(w, r, rec)
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	srv.Start()
	ts.Defer(srv.Close)
	ts.Setenv("DIVERGENT_URL", srv.URL+sandbox.BasePath)
}
