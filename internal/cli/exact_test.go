package cli

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/live"
	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
	"github.com/octosync/octosync/internal/source"
)

// whitespaceMarkdown is real-world Markdown whose whitespace is content:
// hard line breaks (two trailing spaces), indented and fenced code, tabs,
// trailing spaces in table cells, leading blank lines.
var whitespaceMarkdown = []string{
	"Northwind Outfitters  \nCustomer Care  \n221B Harbour Street\n",
	"Use the API like this:\n\n    curl -X POST \\\n      https://api.example/returns  \n\nDone.\n",
	"```python\ndef refund(order):\n\tif order.total > 300:  \n\t\treturn escalate(order)\n\treturn approve(order)\n```\n",
	"| size | chest (cm) |  \n|------|------------|  \n| S    | 86–91      |  \n| M    | 96–101     |  \n",
	"\n\nStarts after two blank lines.\n",
	"Tabs\tbetween\twords and a trailing tab\t\nnext line\n",
	"- item one  \n  continued on a hard break\n- item two\n\n> quote  \n> next\n",
}

// TestExactContentRoundTrip: an organization whose content depends on its
// whitespace exports, plans empty, takes an edit of every resource, and
// after apply live holds exactly what the files hold; CRLF copies of the
// files plan as unchanged, and removing a hard line break plans an update.
func TestExactContentRoundTrip(t *testing.T) {
	url, client := exactSandbox(t)
	dir := filepath.Join(t.TempDir(), "org")
	run := func(want int, args ...string) string {
		t.Helper()
		code, out, errs := runInProcess(url, append(args, "--dir", dir)...)
		if code != want {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, out, errs)
		}
		return out
	}
	run(0, "pull")
	run(0, "plan", "--detailed-exitcode")

	// Edit every resource: more whitespace that matters.
	repo, err := source.Load(dir, source.LoadOptions{})
	must(t, err)
	for _, d := range repo.Documents {
		rewriteSpec(t, dir, d.Path, func(s resource.Spec) resource.Spec {
			switch v := s.(type) {
			case resource.Article:
				v.Content = "Edited:  \n" + v.Content + "\n\n\tindented code  \n"
				return v
			case resource.Workflow:
				v.Instructions = "1. First  \n\t2. Tabbed\n" + v.Instructions + "   "
				return v
			}
			return s
		})
	}
	run(2, "plan", "--detailed-exitcode")
	run(0, "apply", "--auto-approve")
	run(0, "plan", "--detailed-exitcode")
	assertLiveEqualsFiles(t, client, dir)

	// CRLF files against LF live content: nothing to do.
	for _, f := range listFiles(t, dir) {
		data, err := os.ReadFile(f)
		must(t, err)
		must(t, os.WriteFile(f, []byte(strings.ReplaceAll(string(data), "\n", "\r\n")), 0o644))
	}
	run(0, "plan", "--detailed-exitcode")

	// Removing one Markdown hard line break is a change.
	p := filepath.Join(dir, "businesses", "demo", "articles", "address.md")
	data, err := os.ReadFile(p)
	must(t, err)
	edited := strings.Replace(string(data), "Northwind Outfitters  \r\n", "Northwind Outfitters\r\n", 1)
	if edited == string(data) {
		t.Fatalf("address.md has no hard line break to remove:\n%s", data)
	}
	must(t, os.WriteFile(p, []byte(edited), 0o644))
	out := run(2, "plan", "--detailed-exitcode")
	if !strings.Contains(out, `~ article "Address"`) || !strings.Contains(out, "Plan: 0 to create, 1 to update") {
		t.Errorf("a removed hard line break must plan one update:\n%s", out)
	}
}

// exactSandbox serves one organization whose articles and workflow
// instructions are whitespaceMarkdown.
func exactSandbox(t *testing.T) (string, *octocom.Client) {
	t.Helper()
	titles := []string{"Address", "API example", "Refund code", "Size table", "Late start", "Tabs", "Lists"}
	var arts, flows []map[string]any
	for i, md := range whitespaceMarkdown {
		arts = append(arts, map[string]any{"title": titles[i], "content": md, "language": "en", "tags": []string{}, "enabled": true})
		flows = append(flows, map[string]any{"title": "Flow " + titles[i], "trigger": "When asked about " + titles[i] + ".",
			"instructions": md, "actions": []string{}, "variants": []any{}, "enabled": true})
	}
	seedJSON, err := json.Marshal(map[string]any{"organizations": []any{map[string]any{
		"name": "exact", "apiKeys": []string{"sandbox-key"},
		"businesses": []any{map[string]any{"slug": "demo", "name": "Demo", "articles": arts, "workflows": flows}},
	}}})
	must(t, err)
	return serveSeed(t, seedJSON)
}

// serveSeed serves a sandbox seeded with seedJSON over loopback HTTP for
// the test, and returns its API URL and a client of its first key.
func serveSeed(t *testing.T, seedJSON []byte) (string, *octocom.Client) {
	t.Helper()
	seed, err := sandbox.ParseSeed(seedJSON)
	must(t, err)
	_, url, client := serveSandbox(t, sandbox.Options{Seed: seed})
	return url, client
}

// serveSandbox is serveSeed for a sandbox built from opts (no seed: the
// default organization, key sandbox-key); it returns the sandbox too.
func serveSandbox(t *testing.T, opts sandbox.Options) (*sandbox.Server, string, *octocom.Client) {
	t.Helper()
	sb, err := sandbox.New(opts)
	must(t, err)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	url := srv.URL + sandbox.BasePath
	client, err := octocom.New(octocom.Options{BaseURL: url, APIKey: "sandbox-key"})
	must(t, err)
	return sb, url, client
}

// assertLiveEqualsFiles compares every live text field with its file's,
// byte for byte: the only difference allowed is the final newline a block
// scalar or a Markdown body ends with, which carries no meaning.
func assertLiveEqualsFiles(t *testing.T, client *octocom.Client, dir string) {
	t.Helper()
	repo, err := source.Load(dir, source.LoadOptions{})
	must(t, err)
	st, err := live.Fetch(context.Background(), client, live.Options{Businesses: repo.Businesses})
	must(t, err)
	byID := map[string]resource.Resource{}
	for _, r := range st.Resources {
		byID[r.ID] = r
	}
	for _, d := range repo.Resources {
		l, ok := byID[d.ID]
		if !ok {
			t.Errorf("%s: id %q not live", d.Path, d.ID)
			continue
		}
		file, got := exactFields(t, d.Spec), exactFields(t, l.Spec)
		for name, v := range file {
			if s, ok := v.(string); ok {
				file[name] = strings.TrimRight(s, "\n")
			}
		}
		if a, b := mustJSON(t, file), mustJSON(t, got); a != b {
			t.Errorf("%s: live differs from the file\nfile: %s\nlive: %s", d.Path, a, b)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	return string(b)
}

// listFiles lists the resource files under dir/businesses.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	must(t, filepath.Walk(filepath.Join(dir, "businesses"), func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			out = append(out, p)
		}
		return err
	}))
	return out
}

// rewriteSpec rewrites the resource file at rel (slash path under dir) with
// edit applied to its content, in canonical form, keeping its id.
func rewriteSpec(t *testing.T, dir, rel string, edit func(resource.Spec) resource.Spec) {
	t.Helper()
	kind, ok := source.KindOf(rel)
	if !ok {
		t.Fatalf("%s: not a resource file", rel)
	}
	abs := filepath.Join(dir, filepath.FromSlash(rel))
	data, err := os.ReadFile(abs)
	must(t, err)
	doc, diags := document.Parse(kind, rel, data, document.ParseOptions{ReadFile: func(p string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	}})
	if diags.HasErrors() {
		t.Fatalf("%s: %v", rel, diags)
	}
	name := strings.TrimSuffix(filepath.Base(rel), filepath.Ext(rel))
	files, err := document.Render(edit(doc.Spec), doc.ID, name)
	must(t, err)
	for _, f := range files {
		must(t, os.WriteFile(filepath.Join(filepath.Dir(abs), f.Name), f.Data, 0o644))
	}
}
