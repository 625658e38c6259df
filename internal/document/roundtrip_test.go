package document

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

// hostile are strings YAML, Markdown or front matter may misread.
var hostile = []string{
	"yes", "no", "No", "on", "OFF", "y", "null", "Null", "~", "true", "FALSE", "123", "-7", "0x1F", "0o17", "1e3", ".inf", ".NaN",
	"1:20", "2024-01-01", "", " ", "  padded  ", ": ", "a: b", "a:b", "#", "# heading", "a #b", "- x", "-", "--", "---", "...",
	"? x", "[x]", "{x: 1}", "x, y", "\"quoted\"", "'single'", "it's", "@at", "*star", "&anchor", "!tag", "%pct", "`tick`",
	"|", "> folded", "=", "<<", "Größentabelle", "日本語のタイトル", "emoji 🎉👍🏽", "tab\tinside", "\ttab first", "back\\slash",
	"ends with colon:", "\u00a0nbsp", "zero\u200bwidth", "bell\a", "nul\x00byte", "del\x7f", "ﬁ ligature", "\ufeffbom", "\\uE000 escape-like", "\ue000 private use", "bom\ufeff🎉",
}

// lines are building blocks of multi-line text.
var lines = []string{
	"", "", "plain line", "  indented", "\tindented with tab", "trailing spaces  ", "trailing tab\t", "---", "...", "---  ",
	"title: not a key", "# Markdown heading", "- list item", "1. step", "```", "def f():", "    return 1", "| table |",
	"> quote", "**bold**", "ünïcödé ✓", "\"quoted\"", "key: value # comment", " ", "\u2028line separator", "\u0085nel",
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// genLine is a short, usually one-line string.
func genLine(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0:
		return pick(r, hostile)
	case 1:
		return pick(r, hostile) + " " + pick(r, hostile)
	case 2:
		return strings.TrimSpace(pick(r, lines)) + pick(r, hostile)
	}
	return fmt.Sprintf("Title %d", r.IntN(1000))
}

// genText is free text: one line, many lines with any line endings, or
// sometimes very long.
func genText(r *rand.Rand) string {
	switch r.IntN(6) {
	case 0:
		return genLine(r)
	case 1:
		return strings.Repeat("All work and no play. ", 50000/22+1)[:50000]
	}
	n := 1 + r.IntN(8)
	var b strings.Builder
	for i := 0; i < n; i++ {
		switch r.IntN(3) {
		case 0:
			b.WriteString(pick(r, hostile))
		default:
			b.WriteString(pick(r, lines))
		}
		b.WriteString(pick(r, []string{"\n", "\n", "\r\n", "\r", "\n\n"}))
	}
	s := b.String()
	switch r.IntN(4) {
	case 0:
		s = strings.TrimRight(s, "\r\n")
	case 1:
		s = "\n" + s
	case 2:
		s = "---\ntitle: fake\n---\n" + s
	}
	return s
}

func genList(r *rand.Rand) []string {
	out := make([]string, r.IntN(5))
	for i := range out {
		out[i] = genLine(r)
	}
	if len(out) == 0 && r.IntN(2) == 0 {
		return nil
	}
	return out
}

// genSpec generates a resource of any kind.
func genSpec(r *rand.Rand) resource.Spec {
	switch r.IntN(3) {
	case 0:
		return resource.Article{
			Title: genLine(r), Content: genText(r), Language: pick(r, []string{"en", "de-CH", "no", "", "yes"}),
			Tags: genList(r), Enabled: r.IntN(2) == 0,
		}
	case 1:
		w := resource.Workflow{
			Title: genLine(r), Trigger: genText(r), Instructions: genText(r), Actions: genList(r), Enabled: r.IntN(2) == 0,
		}
		if r.IntN(2) == 0 {
			code := genText(r)
			w.ConditionProvider = &code
		}
		for i := r.IntN(4); i > 0; i-- {
			w.Variants = append(w.Variants, resource.Variant{Name: genLine(r), Condition: genLine(r), Instructions: genText(r)})
		}
		return w
	}
	return resource.BotRule{Title: genLine(r), Content: genText(r), Enabled: r.IntN(2) == 0}
}

// parseFiles parses rendered files as Parse would see them in a repository
// folder.
func parseFiles(t testing.TB, kind resource.Kind, files []File) *Document {
	t.Helper()
	dir := "businesses/acme/" + kind.Dir() + "/"
	repo := map[string]string{}
	for _, f := range files {
		repo[dir+f.Name] = string(f.Data)
	}
	doc, diags := Parse(kind, dir+files[0].Name, files[0].Data, ParseOptions{ReadFile: repoFiles(repo)})
	if doc == nil {
		t.Fatalf("rendered file does not parse: %v\n%s", diags, truncate(files[0].Data))
	}
	for _, d := range diags {
		// Generated specs may have empty required text; nothing else may
		// be wrong with a rendered file.
		if !strings.Contains(d.Message, "must not be empty") {
			t.Errorf("rendered file has a diagnostic: %v\n%s", d, truncate(files[0].Data))
		}
	}
	return doc
}

func TestRoundTripProperty(t *testing.T) {
	for seed := uint64(0); seed < 2000; seed++ {
		r := rand.New(rand.NewPCG(seed, 42))
		spec := genSpec(r)
		id := pick(r, []string{"", "art_7f3k2", "123", "yes", "id with: colon"})
		files, err := Render(spec, id, "name")
		if err != nil {
			t.Fatalf("seed %d: render: %v", seed, err)
		}
		doc := parseFiles(t, spec.Kind(), files)
		if !resource.Equal(doc.Spec, spec) {
			t.Fatalf("seed %d: parse(render(r)) != r: %s\n%s", seed, describeDiff(doc.Spec, spec), truncate(files[0].Data))
		}
		if doc.ID != id {
			t.Fatalf("seed %d: id = %q, want %q", seed, doc.ID, id)
		}
		again, err := Render(doc.Spec, doc.ID, "name")
		if err != nil {
			t.Fatalf("seed %d: render again: %v", seed, err)
		}
		if !sameFiles(files, again) {
			t.Fatalf("seed %d: render is not a fixed point:\n%s\n---- again ----\n%s", seed, truncate(joinFiles(files)), truncate(joinFiles(again)))
		}
		checkCanonicalBytes(t, files)
	}
}

// checkCanonicalBytes checks the byte-level rules: LF only, exactly one
// trailing newline.
func checkCanonicalBytes(t *testing.T, files []File) {
	t.Helper()
	for _, f := range files {
		if bytes.ContainsRune(f.Data, '\r') {
			t.Errorf("%s contains CR:\n%q", f.Name, f.Data)
		}
		if !bytes.HasSuffix(f.Data, []byte("\n")) || (bytes.HasSuffix(f.Data, []byte("\n\n")) && !strings.HasSuffix(f.Name, ".yaml")) {
			t.Errorf("%s does not end in exactly one newline:\n%q", f.Name, f.Data)
		}
	}
}

// describeDiff lists the fields that differ, values quoted and cut short.
func describeDiff(got, want resource.Spec) string {
	var b strings.Builder
	for _, c := range resource.Diff(want, got) {
		fmt.Fprintf(&b, "\n  %s: got %.300q, want %.300q", c.Name, fmt.Sprint(c.After), fmt.Sprint(c.Before))
	}
	return b.String()
}

func joinFiles(files []File) []byte {
	var b bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&b, "== %s\n%s", f.Name, f.Data)
	}
	return b.Bytes()
}

// truncate keeps failure output readable when a generated text is huge.
func truncate(data []byte) string {
	if len(data) > 2000 {
		return string(data[:2000]) + "…"
	}
	return string(data)
}

func sameFiles(a, b []File) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			return false
		}
	}
	return true
}

// TestExampleRepoIsCanonical renders every file of the example repository
// back from its parsed form: the example is written in canonical form, so
// pull on it changes nothing.
func TestExampleRepoIsCanonical(t *testing.T) {
	root := filepath.Join("..", "..", "example-repo")
	paths, err := filepath.Glob(filepath.Join(root, "businesses", "*", "*", "*"))
	if err != nil || len(paths) == 0 {
		t.Skipf("no example repository: %v", err)
	}
	read := func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(root, filepath.FromSlash(p))) }
	for _, p := range paths {
		if _, ok := resource.KindFromDir(filepath.Base(filepath.Dir(p))); !ok || filepath.Ext(p) == ProviderExt {
			continue // a provider, or a test or macro file: not a resource
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			kind, ok := resource.KindFromDir(filepath.Base(filepath.Dir(p)))
			if !ok {
				t.Fatalf("unknown folder")
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			doc, diags := Parse(kind, rel, data, ParseOptions{ReadFile: read})
			if len(diags) > 0 || doc == nil {
				t.Fatalf("diagnostics: %v", diags)
			}
			name := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
			files, err := Render(doc.Spec, doc.ID, name)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				want, err := os.ReadFile(filepath.Join(filepath.Dir(p), f.Name))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(f.Data, want) {
					t.Errorf("%s is not canonical; Render gives:\n%s", f.Name, f.Data)
				}
			}
		})
	}
}
