package pull

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/source"
)

// macroRepo writes files (slash path → content) under a temporary root and
// returns the repository as source would list its macros.
func macroRepo(t *testing.T, files map[string]string) *source.Repo {
	t.Helper()
	root := t.TempDir()
	repo := &source.Repo{Layout: source.Layout{Root: root, Businesses: []string{"demo"}}}
	for p, data := range files {
		abs := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		repo.Macros = append(repo.Macros, p)
		repo.Files = append(repo.Files, p)
	}
	return repo
}

func render(t *testing.T, m provider.Macro) string {
	t.Helper()
	data, err := RenderMacro(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func opsString(ops []Op) string {
	var out []string
	for _, o := range ops {
		s := string(o.Kind) + " " + o.Path
		if o.New {
			s += " (new)"
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func TestMacroOps(t *testing.T) {
	refund := provider.Macro{Business: "demo", ID: "mac_1", Title: "Refund issued", Content: "On its way.\n"}
	order := provider.Macro{Business: "demo", ID: "mac_2", Title: "Order number", Content: "Your order number?"}
	const dir = "businesses/demo/macros/"
	tests := []struct {
		name  string
		files map[string]string
		dirty map[string]bool
		want  string
		err   string
	}{
		{"export", nil, nil, "write " + dir + "refund-issued.yaml (new); write " + dir + "order-number.yaml (new)", ""},
		{"in sync", map[string]string{dir + "refund-issued.yaml": render(t, refund), dir + "order-number.yaml": render(t, order)}, nil, "", ""},
		{"renamed file keeps its name", map[string]string{dir + "refunds.yaml": "id: mac_1\ntitle: Old\ncontent: x\n", dir + "order-number.yaml": render(t, order)}, nil, "write " + dir + "refunds.yaml", ""},
		{"stale file removed", map[string]string{dir + "refund-issued.yaml": render(t, refund), dir + "order-number.yaml": render(t, order), dir + "gone.yaml": "id: mac_9\ntitle: Gone\ncontent: x\n"}, nil, "remove " + dir + "gone.yaml", ""},
		{"unreadable file taken over by its name", map[string]string{dir + "refund-issued.yaml": "title: [broken\n", dir + "order-number.yaml": render(t, order)}, nil, "write " + dir + "refund-issued.yaml", ""},
		{"dirty file refused", map[string]string{dir + "refund-issued.yaml": "id: mac_1\ntitle: Refund issued\ncontent: edited\n", dir + "order-number.yaml": render(t, order)}, map[string]bool{dir + "refund-issued.yaml": true}, "", "uncommitted changes: " + dir + "refund-issued.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := macroRepo(t, tt.files)
			ops, err := MacroOps(repo, []string{"demo"}, []provider.Macro{refund, order}, tt.dirty, false, false)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := opsString(ops); got != tt.want {
				t.Errorf("ops = %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestRenderMacroIsCanonical(t *testing.T) {
	got := render(t, provider.Macro{ID: "mac_1", Title: "yes", Content: "Line one\nline two\n"})
	want := "# Macro (read-only in Octocom): written by `octosync pull`. Edits here are never applied;\n" +
		"# change the macro in the Octocom dashboard and pull again.\n" +
		"id: mac_1\ntitle: \"yes\"\ncontent: |\n  Line one\n  line two\n"
	if got != want {
		t.Errorf("RenderMacro =\n%s\nwant\n%s", got, want)
	}
}

func TestMacroWarnings(t *testing.T) {
	m := provider.Macro{Business: "demo", ID: "mac_1", Title: "Refund issued", Content: "On its way.\n"}
	const dir = "businesses/demo/macros/"
	repo := macroRepo(t, map[string]string{
		dir + "same.yaml":   render(t, m),
		dir + "crlf.yaml":   strings.ReplaceAll(render(t, m), "\n", "\r\n"),
		dir + "edited.yaml": "id: mac_1\ntitle: Refund issued\ncontent: Soon.\n",
		dir + "stray.yaml":  "id: mac_9\ntitle: Stray\ncontent: x\n",
	})
	got := strings.Join(MacroWarnings(repo, []string{"demo"}, []provider.Macro{m}), "\n")
	for _, want := range []string{dir + "edited.yaml: edited locally, but macros are read-only", dir + "stray.yaml: names no live macro of demo"} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "same.yaml") || strings.Contains(got, "crlf.yaml") {
		t.Errorf("warnings name an unchanged file:\n%s", got)
	}
}
