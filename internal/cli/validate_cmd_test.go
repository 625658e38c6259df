package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// runCLI runs octosync in process with env (a map standing in for the
// environment) and returns the exit status and both streams. It fails the
// test when the command reads any OCTOCOM_ variable: commands that must
// work offline never look for credentials.
func runCLI(t *testing.T, env map[string]string, offline bool, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	var mu sync.Mutex
	var asked []string
	e := &Env{
		Ctx:    context.Background(),
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: func(k string) string {
			mu.Lock()
			asked = append(asked, k)
			mu.Unlock()
			return env[k]
		},
	}
	code := Run(e, args)
	if offline {
		for _, k := range asked {
			if strings.HasPrefix(k, "OCTOCOM_") {
				t.Errorf("octosync %s read %s: it must not look for API settings", strings.Join(args, " "), k)
			}
		}
	}
	return code, stdout.String(), stderr.String()
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// brokenRepo has one error and one warning in two files, and one clean file.
var brokenRepo = map[string]string{
	"octosync.yaml":                    "version: 1\n",
	"businesses/acme/bot-rules/a.yaml": "title: Tone\ncontent: Be warm.\ncolour: red\n",
	"businesses/acme/articles/a.md":    "---\ntitle: Returns\ntags: [x, x]\n---\nText.\n",
	"businesses/acme/articles/b.md":    "---\ntitle: Shipping\n---\nText.\n",
}

func TestValidateText(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, brokenRepo)
	code, stdout, stderr := runCLI(t, nil, true, "validate", "--dir", dir)
	if code != ExitError {
		t.Errorf("exit status %d, want %d", code, ExitError)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) < 3 {
		t.Fatalf("stdout:\n%s", stdout)
	}
	if !strings.HasPrefix(lines[0], "businesses/acme/articles/a.md:3:") || !strings.Contains(lines[0], ": warning: tag \"x\" is listed twice") {
		t.Errorf("first line %q, want the duplicate-tag warning of a.md", lines[0])
	}
	if !strings.HasPrefix(lines[1], "businesses/acme/bot-rules/a.yaml:") || !strings.Contains(lines[1], ": error: ") {
		t.Errorf("second line %q, want an error in a.yaml", lines[1])
	}
	if got, want := lines[len(lines)-1], "1 error, 1 warning in 4 files"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestValidateClean(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for k, v := range brokenRepo {
		files[k] = v
	}
	files["businesses/acme/bot-rules/a.yaml"] = "title: Tone\ncontent: Be warm.\n"
	files["businesses/acme/articles/a.md"] = "---\ntitle: Returns\n---\nText.\n"
	writeFiles(t, dir, files)
	code, stdout, stderr := runCLI(t, nil, true, "validate", "--dir", dir, "--strict")
	if code != ExitOK || stdout != "0 errors, 0 warnings in 4 files\n" || stderr != "" {
		t.Errorf("got %d, stdout %q, stderr %q; want 0 and \"0 errors, 0 warnings in 4 files\"", code, stdout, stderr)
	}
}

func TestValidateStrict(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"octosync.yaml":                 "version: 1\n",
		"businesses/acme/articles/a.md": "---\ntitle: Returns\ntags: [x, x]\n---\nText.\n",
	})
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"validate", "--dir", dir}, ExitOK},
		{[]string{"validate", "--dir", dir, "--strict"}, ExitError},
	}
	for _, tt := range tests {
		code, stdout, _ := runCLI(t, nil, true, tt.args...)
		if code != tt.want {
			t.Errorf("%v: exit status %d, want %d", tt.args, code, tt.want)
		}
		if !strings.HasSuffix(stdout, "0 errors, 1 warning in 2 files\n") {
			t.Errorf("%v: stdout %q", tt.args, stdout)
		}
	}
}

func TestValidateJSON(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, brokenRepo)
	code, stdout, _ := runCLI(t, nil, true, "validate", "--dir", dir, "--output", "json")
	if code != ExitError {
		t.Errorf("exit status %d, want %d", code, ExitError)
	}
	var got struct {
		FormatVersion int `json:"formatVersion"`
		Diagnostics   []struct {
			Path     string `json:"path"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		} `json:"diagnostics"`
		Summary map[string]int `json:"summary"`
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if got.FormatVersion != 1 || len(got.Diagnostics) != 2 {
		t.Fatalf("got %+v", got)
	}
	d := got.Diagnostics[0]
	if d.Path != "businesses/acme/articles/a.md" || d.Line != 3 || d.Col == 0 || d.Severity != "warning" || d.Message == "" {
		t.Errorf("first diagnostic %+v", d)
	}
	if got.Diagnostics[1].Severity != "error" {
		t.Errorf("second diagnostic %+v", got.Diagnostics[1])
	}
	want := map[string]int{"errors": 1, "warnings": 1, "files": 2, "checked": 4}
	if !reflect.DeepEqual(got.Summary, want) {
		t.Errorf("summary %v, want %v", got.Summary, want)
	}

	// A clean repository still gets an array, never null.
	clean := t.TempDir()
	writeFiles(t, clean, map[string]string{"octosync.yaml": "version: 1\n"})
	_, stdout, _ = runCLI(t, nil, true, "validate", "--dir", clean, "-o", "json")
	if !strings.Contains(stdout, `"diagnostics": []`) {
		t.Errorf("clean JSON output:\n%s", stdout)
	}
}

func TestValidateGitHubAnnotations(t *testing.T) {
	ws := t.TempDir()
	dir := filepath.Join(ws, "config")
	writeFiles(t, dir, map[string]string{
		"octosync.yaml":                    "version: 1\n",
		"businesses/acme/bot-rules/a.yaml": "title: Tone\ncontent: \"   \"\n",
	})
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": ws}
	code, stdout, _ := runCLI(t, env, true, "validate", "--dir", dir)
	if code != ExitError {
		t.Errorf("exit status %d", code)
	}
	want := "::error file=config/businesses/acme/bot-rules/a.yaml,line=2,col=10::bot rule content is empty: write the instruction the bot must always follow (1 to 500 characters)\n"
	if !strings.HasSuffix(stdout, want) {
		t.Errorf("stdout:\n%s\nwant it to end with\n%s", stdout, want)
	}
	// JSON output stays pure JSON.
	_, stdout, _ = runCLI(t, env, true, "validate", "--dir", dir, "-o", "json")
	if strings.Contains(stdout, "::error") {
		t.Errorf("JSON output holds annotations:\n%s", stdout)
	}
}

func TestValidateErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	code, stdout, stderr := runCLI(t, nil, true, "validate", "--dir", missing)
	if code != ExitError || stdout != "" || !strings.HasPrefix(stderr, "Error: "+missing+": no such file or directory") {
		t.Errorf("got %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, nil, true, "validate", "--output", "xml")
	if code != ExitError || !strings.Contains(stderr, "--output") {
		t.Errorf("--output xml: got %d, stderr %q", code, stderr)
	}
}
