package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

// recorder is an HTTP server that answers 401 to everything and remembers
// every request's method, path and API key header.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newRecorder(t *testing.T) *recorder {
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.seen = append(rec.seen, r.Method+" "+r.URL.Path+" key="+r.Header.Get("X-API-Key"))
		rec.mu.Unlock()
		http.Error(w, `{"error":{"code":"unauthorized","message":"no"}}`, http.StatusUnauthorized)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.seen...)
}

// TestRepositoryCannotChooseWhereTheKeyGoes: a repository whose
// octosync.yaml names another server (here a local recorder) never gets
// the key sent there, whether the operator named no URL (the default) or
// another one; plan refuses before any request and says what to set.
func TestRepositoryCannotChooseWhereTheKeyGoes(t *testing.T) {
	rec := newRecorder(t)
	legit := newRecorder(t) // stands in for the operator's API
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"octosync.yaml":                 "version: 1\napi:\n  url: " + rec.URL + sandbox.BasePath + "\n",
		"businesses/demo/articles/a.md": "---\ntitle: A\n---\nText.\n",
	})
	for name, env := range map[string]map[string]string{
		"default URL":  {"OCTOCOM_API_KEY": "sk-secret-1234"},
		"operator URL": {"OCTOCOM_API_KEY": "sk-secret-1234", "OCTOCOM_API_URL": legit.URL + sandbox.BasePath},
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, env, false, "plan", "--dir", dir)
			if code != ExitError {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, ExitError, stdout, stderr)
			}
			if got := rec.requests(); len(got) != 0 {
				t.Fatalf("the repository's server received %v", got)
			}
			if got := legit.requests(); len(got) != 0 {
				t.Fatalf("a refused plan still sent %v", got)
			}
			for _, want := range []string{"api.url is " + rec.URL + sandbox.BasePath, "nothing was sent", "set OCTOCOM_API_URL=" + rec.URL + sandbox.BasePath} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if strings.Contains(stdout+stderr, "sk-secret") {
				t.Errorf("the key was printed:\n%s%s", stdout, stderr)
			}
		})
	}
	// The operator who agrees with the repository may send it there.
	code, _, _ := runCLI(t, map[string]string{"OCTOCOM_API_KEY": "sk-secret-1234", "OCTOCOM_API_URL": rec.URL + sandbox.BasePath}, false, "plan", "--dir", dir)
	if got := rec.requests(); code != ExitError || len(got) == 0 || !strings.Contains(got[0], "key=sk-secret-1234") {
		t.Fatalf("the operator's own choice was not used: exit %d, requests %v", code, got)
	}
}

// TestPlainHTTPIsRefusedOffLoopback: the key never travels in clear text
// to another machine, whoever names the URL.
func TestPlainHTTPIsRefusedOffLoopback(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"businesses/demo/articles/a.md": "---\ntitle: A\n---\nText.\n"})
	code, _, stderr := runCLI(t, map[string]string{"OCTOCOM_API_KEY": "sk-secret-1234", "OCTOCOM_API_URL": "http://api.octocom.example/rest/v1"}, false, "plan", "--dir", dir)
	if code != ExitError || !strings.Contains(stderr, "OCTOCOM_API_URL http://api.octocom.example/rest/v1: plain http:// would send the API key in clear text") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
}

// TestAPIKeyFileIsReadBounded: --api-key-file reads a few KiB at most, so
// a path to a log or a device cannot make octosync swallow it whole.
func TestAPIKeyFileIsReadBounded(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"businesses/demo/articles/a.md": "---\ntitle: A\n---\nText.\n"})
	big := filepath.Join(t.TempDir(), "big")
	must(t, os.WriteFile(big, []byte(strings.Repeat("k", maxAPIKeyFile+1)), 0o600))
	code, _, stderr := runCLI(t, map[string]string{"OCTOCOM_API_URL": "http://127.0.0.1:1/rest/v1"}, false, "plan", "--dir", dir, "--api-key-file", big)
	if code != ExitError || !strings.Contains(stderr, "is larger than 4096 bytes, so it is not an API key") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if strings.Contains(stderr, "kkkk") {
		t.Errorf("the file's content was printed")
	}
	// /dev/zero never ends: the read stops at the bound.
	if _, err := os.Stat("/dev/zero"); err == nil {
		code, _, stderr = runCLI(t, map[string]string{"OCTOCOM_API_URL": "http://127.0.0.1:1/rest/v1"}, false, "plan", "--dir", dir, "--api-key-file", "/dev/zero")
		if code != ExitError || !strings.Contains(stderr, "is larger than") {
			t.Fatalf("/dev/zero: exit %d, stderr:\n%s", code, stderr)
		}
	}
}

// TestValidateOfAHugeArticleStaysBounded: validate of an article of 8 MB
// of Markdown with a link on every line (far over the 50,000-character
// limit) reports the length error, and the file costs at most a few times
// its size in allocations: the Markdown checks, whose tree takes tens of
// times the text, cannot change the verdict and are skipped. (40 MB
// behaves the same; 8 MB keeps the test fast.) What any validate
// allocates, whatever the files (the command line's parsing, the schemas),
// is measured on a one-line article and left out: under the race detector
// sync.Pool drops items at random, so regexp's matchers are allocated
// afresh, some 13 MB of them, which is no cost of the file's.
func TestValidateOfAHugeArticleStaysBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: Huge\n---\n")
	for b.Len() < 8<<20 {
		b.WriteString("A line of **text** with [a link](missing.md) and `code` in it, repeated.\n")
	}
	size := b.Len()
	huge := b.String()
	b.Reset()

	// validated is what validate of a repository with the one article
	// allocated, and its output.
	validated := func(article string) (alloc uint64, code int, stdout string) {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{
			"octosync.yaml":                    "version: 1\n",
			"businesses/demo/articles/huge.md": article,
		})
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		code, stdout, _ = runCLI(t, nil, true, "validate", "--dir", dir)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, code, stdout
	}
	base, code, stdout := validated("---\ntitle: Small\n---\nA line of **text**.\n")
	if code != ExitOK {
		t.Fatalf("the one-line article: exit %d, stdout:\n%s", code, stdout)
	}
	alloc, code, stdout := validated(huge)
	if code != ExitError || !strings.Contains(stdout, "article content is 8") || !strings.Contains(stdout, "1 error, 0 warnings in 2 files") {
		t.Fatalf("exit %d, stdout:\n%.2000s", code, stdout)
	}
	file := alloc - min(base, alloc)
	t.Logf("validate allocated %.1f times the file's size for the file (%.1f in all; %d MB for a one-line article)",
		float64(file)/float64(size), float64(alloc)/float64(size), base>>20)
	if file > 4*uint64(size) {
		t.Errorf("validate allocated %d MB more for a %d MB file than for a one-line one; want at most 4 times the file", file>>20, size>>20)
	}
}

// TestServerTextNeverReachesTheTerminalRaw: a server whose business slugs
// carry terminal control sequences (an OSC 52 clipboard write, a colour,
// a carriage return) gets them into an error message; octosync prints them
// escaped, so the terminal never runs them.
func TestServerTextNeverReachesTheTerminalRaw(t *testing.T) {
	hostile := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == sandbox.BasePath+"/businesses" {
			_, _ = w.Write([]byte(`{"data": [{"id": "b1", "slug": "shop\u001b]52;c;cm0gLXJmIH4=\u0007", "name": "x"}, {"id": "b2", "slug": "\u001b[31mred\r", "name": "y"}],
				"pagination": {"page": 1, "pageSize": 50, "totalItems": 2, "totalPages": 1}}`))
			return
		}
		_, _ = w.Write([]byte(`{"data": [], "pagination": {"page": 1, "pageSize": 50, "totalItems": 0, "totalPages": 1}}`))
	}))
	t.Cleanup(hostile.Close)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"businesses/demo/articles/a.md": "---\ntitle: A\n---\nText.\n"})
	code, stdout, stderr := runCLI(t, map[string]string{"OCTOCOM_API_KEY": "k", "OCTOCOM_API_URL": hostile.URL + sandbox.BasePath}, false, "plan", "--dir", dir)
	if code != ExitError || !strings.Contains(stderr, "business demo not found") {
		t.Fatalf("exit %d\nstdout: %q\nstderr: %q", code, stdout, stderr)
	}
	if strings.ContainsAny(stdout+stderr, "\x1b\x07\r") {
		t.Errorf("control characters reached the terminal:\n%q", stderr)
	}
	if !strings.Contains(stderr, `shop\x1b]52;c;cm0gLXJmIH4=\x07`) {
		t.Errorf("the slug is not shown escaped:\n%q", stderr)
	}
	// doctor lists the slugs on stdout: escaped too.
	code, stdout, stderr = runCLI(t, map[string]string{"OCTOCOM_API_KEY": "k", "OCTOCOM_API_URL": hostile.URL + sandbox.BasePath}, false, "doctor", "--dir", dir)
	if code != ExitOK || strings.ContainsAny(stdout+stderr, "\x1b\x07\r") || !strings.Contains(stdout, `shop\x1b]52;c;cm0gLXJmIH4=\x07`) {
		t.Errorf("doctor: exit %d, control characters reached the terminal or the slug is not shown escaped:\n%q\n%q", code, stdout, stderr)
	}
}
