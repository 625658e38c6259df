package cli

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/sandbox"
)

// hostileArticles are contents and titles chosen to break a naive
// Markdown-with-front-matter writer.
func hostileArticles() []map[string]any {
	// Exactly 50,000 characters (the server's limit, counted in runes),
	// with multi-byte letters, emoji, CRLF and trailing spaces on lines.
	long := []rune(strings.Repeat("Ünïcödé and emoji 🎉 in a very long article.  \r\n", 50000/40+1))[:50000]
	long[len(long)-1] = '.'
	arts := []map[string]any{
		{"title": "CRLF", "content": "line one\r\nline two\r\n"},
		{"title": "Trailing spaces", "content": "hard  \nbreak   \n\ttab\t\n"},
		{"title": "Dashes in the body", "content": "before\n---\nafter\n---\n"},
		{"title": "Looks like front matter", "content": "---\ntitle: not me\n---\nbody\n"},
		{"title": "yes", "content": "YAML 1.1 would read this title as a boolean."},
		{"title": "null", "content": "and this one as null"},
		{"title": ": ", "content": "colon space"},
		{"title": "#", "content": "a comment sign"},
		{"title": "- x", "content": "a list item"},
		{"title": "\"quoted\" 'both' `ways`", "content": "quotes"},
		{"title": "Ünïcödé — 日本語 — עברית", "content": "Mixed scripts: 日本語, עברית, Ελληνικά."},
		{"title": "🎉🎉🎉", "content": "emoji only title"},
		{"title": "50,000 characters", "content": string(long)},
		{"title": "No trailing newline", "content": "end"},
		{"title": "Only whitespace lines", "content": "a\n\n\n   \n\nb"},
		{"title": "Tabs and indentation", "content": "\tcode\n    more code\n"},
		{"title": "Leading blank lines", "content": "\n\nstarts late"},
	}
	for _, a := range arts {
		a["language"] = "en"
		a["tags"] = []string{}
		a["enabled"] = true
	}
	return arts
}

// realWorldArticles takes README files from the Go module cache: Markdown
// nobody wrote for this test.
func realWorldArticles(t *testing.T, max int) []map[string]any {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Logf("no module cache: %v", err)
		return nil
	}
	root := strings.TrimSpace(string(out))
	var paths []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "cache" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.EqualFold(d.Name(), "README.md") {
			paths = append(paths, p)
		}
		return nil
	})
	sort.Strings(paths)
	var arts []map[string]any
	seen := map[string]bool{}
	for _, p := range paths {
		if len(arts) == max {
			break
		}
		data, err := os.ReadFile(p)
		if err != nil || !utf8.Valid(data) || len(data) == 0 {
			continue
		}
		content := string(data)
		if utf8.RuneCountInString(content) > 50000 {
			content = string([]rune(content)[:50000])
		}
		rel, _ := filepath.Rel(root, p)
		title := filepath.ToSlash(filepath.Dir(rel))
		if len(title) > 200 || seen[title] {
			continue
		}
		seen[title] = true
		arts = append(arts, map[string]any{"title": title, "content": content, "language": "en", "tags": []string{"readme"}, "enabled": true})
	}
	return arts
}

// TestPullThenPlanIsEmpty is the round-trip invariant: whatever the live
// content, pull then plan shows no change, and a second pull writes
// nothing.
func TestPullThenPlanIsEmpty(t *testing.T) {
	arts := append(hostileArticles(), realWorldArticles(t, 60)...)
	workflows := []map[string]any{{
		"title": "yes", "trigger": "---\nnot: front matter\n", "instructions": "Step 1  \r\nStep 2\n",
		"actions": []string{"getOrderById"}, "conditionProvider": "def evaluate_conditions(context):\r\n    return {\"a\": True}  \n",
		"variants": []map[string]any{{"name": "null", "condition": "a", "instructions": "#"}}, "enabled": false,
	}}
	rules := []map[string]any{{"title": "- x", "content": ": colon first", "enabled": true}}
	seedJSON, err := json.Marshal(map[string]any{"organizations": []any{map[string]any{
		"name": "rt", "apiKeys": []string{"sandbox-key"},
		"businesses": []any{map[string]any{"slug": "demo", "name": "Demo", "articles": arts, "workflows": workflows, "botRules": rules}},
	}}})
	must(t, err)
	seed, err := sandbox.ParseSeed(seedJSON)
	must(t, err)
	sb, err := sandbox.New(sandbox.Options{Seed: seed})
	must(t, err)
	srv := httptest.NewServer(sb)
	defer srv.Close()
	url := srv.URL + sandbox.BasePath
	dir := t.TempDir()
	t.Logf("%d articles (%d real-world READMEs)", len(arts), len(arts)-len(hostileArticles()))

	code, stdout, stderr := runInProcess(url, "pull", "--dir", dir)
	if code != 0 {
		t.Fatalf("pull: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runInProcess(url, "plan", "--dir", dir, "--detailed-exitcode")
	if code != 0 {
		t.Fatalf("plan after pull is not empty (exit %d):\n%s%s", code, stdout, stderr)
	}
	before := snapshotTree(t, dir)
	code, stdout, stderr = runInProcess(url, "pull", "--dir", dir)
	if code != 0 || !strings.Contains(stdout, "Already up to date") {
		t.Fatalf("second pull: exit %d\n%s%s", code, stdout, stderr)
	}
	if after := snapshotTree(t, dir); after != before {
		t.Fatalf("second pull rewrote files")
	}
	code, stdout, stderr = runInProcess(url, "validate", "--dir", dir)
	if code != 0 {
		t.Fatalf("pulled files do not validate:\n%s%s", stdout, stderr)
	}
}

// snapshotTree is every file's path, size and modification time.
func snapshotTree(t *testing.T, dir string) string {
	var b strings.Builder
	must(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %d\n", p, fi.Size(), fi.ModTime().UnixNano())
		return nil
	}))
	return b.String()
}
