package document

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/resource"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestRenderGolden compares Render's output with testdata/render/<name>.golden,
// which holds every rendered file, each after a "-- name --" line.
func TestRenderGolden(t *testing.T) {
	code := "def evaluate_conditions(context):\r\n    return {\"isRefunded\": True}\r\n\r\n\r\n"
	tests := []struct {
		name string
		spec resource.Spec
		id   string
	}{
		{"article", resource.Article{Title: "Return policy", Language: "en", Tags: []string{"returns", "policy"}, Enabled: true,
			Content: "You can return any item within **30 days**.\r\n\r\n---\r\n\r\nTrailing spaces stay:  \n\n\n"}, "art_7f3k2"},
		{"article-minimal", resource.Article{Title: "Empty", Language: "de-CH"}, ""},
		{"article-quoting", resource.Article{Title: "yes", Language: "no", Tags: []string{"null", "a, b", "- x", "#x", " lead", "1:20", "[x]", "\"q\"", "it's", "ok"}, Enabled: true, Content: "x"}, "123"},
		{"workflow", resource.Workflow{Title: "Damaged product", Trigger: "When a customer reports receiving a damaged product.",
			Actions: []string{"getOrderById", "createReplacementOrder"}, ConditionProvider: &code,
			Instructions: "1. Apologise and ask for a photo of the damage.\n2. Call `createReplacementOrder`.\n",
			Variants: []resource.Variant{
				{Name: "Already refunded", Condition: "isRefunded", Instructions: "Explain that a refund was already issued.\n"},
				{Name: "Odd text", Condition: "x", Instructions: "  starts indented\nends with spaces   \n"},
			}, Enabled: true}, "wf_91x0"},
		{"workflow-minimal", resource.Workflow{Title: "Greet", Trigger: "Always", Instructions: "Say hi", Enabled: false}, ""},
		{"bot-rule", resource.BotRule{Title: "Greet in Spanish", Content: "Always greet the customer in Spanish.", Enabled: true}, ""},
		{"bot-rule-multiline", resource.BotRule{Title: ": colon", Content: "Line one.\nLine two.", Enabled: false}, "rule_1"},
		{"bot-rule-emoji", resource.BotRule{Title: "Emoji 🎉", Content: "Use 👍 sparingly.\nNever 💩.\n", Enabled: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Render(tt.spec, tt.id, "name")
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, f := range files {
				b.WriteString("-- " + f.Name + " --\n")
				b.Write(f.Data)
			}
			golden := filepath.Join("testdata", "render", tt.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("Render differs from %s (go test -update rewrites it):\n%s", golden, b.String())
			}
			doc := parseFiles(t, tt.spec.Kind(), files)
			if !resource.Equal(doc.Spec, tt.spec) || doc.ID != tt.id {
				t.Errorf("round trip: %s", describeDiff(doc.Spec, tt.spec))
			}
		})
	}
}

// TestRenderScalarStyle checks the style chosen for one-line strings: plain
// when YAML (1.1 or 1.2) reads it back as the same string, quoted otherwise.
func TestRenderScalarStyle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Return policy", "Return policy"},
		{"Größentabelle", "Größentabelle"},
		{"emoji 🎉", "emoji 🎉"},
		{"🎉", "🎉"},
		{"🎉 yes \ue000", "🎉 yes \ue000"},
		{"𝔘𝔫𝔦𝔠𝔬𝔡𝔢: x", "'𝔘𝔫𝔦𝔠𝔬𝔡𝔢: x'"},
		{"ends with colon:", "'ends with colon:'"},
		{"a:b", "a:b"},
		{"yes", `"yes"`},
		{"No", `"No"`},
		{"off", `"off"`},
		{"y", `"y"`},
		{"1:20", `"1:20"`},
		{"true", `"true"`},
		{"null", `"null"`},
		{"~", `"~"`},
		{"", `""`},
		{"123", `"123"`},
		{"1e3", `"1e3"`},
		{"0x1F", `"0x1F"`},
		{".inf", `".inf"`},
		{"2024-01-01", `"2024-01-01"`},
		{": x", "': x'"},
		{"a: b", "'a: b'"},
		{"#", "'#'"},
		{"a #b", "'a #b'"},
		{"- x", "'- x'"},
		{"---", "'---'"},
		{"\"quoted\"", `'"quoted"'`},
		{"it's", "it's"},
		{"'single'", "'''single'''"},
		{"@at", "'@at'"},
		{"*star", "'*star'"},
		{"&anchor", "'&anchor'"},
		{"!tag", "'!tag'"},
		{"%pct", "'%pct'"},
		{"`tick`", "'`tick`'"},
		{"[x]", "'[x]'"},
		{"{x}", "'{x}'"},
		{"|", "'|'"},
		{"> x", "'> x'"},
		{" lead", "' lead'"},
		{"trail ", "'trail '"},
		{"tab\there", `"tab\there"`},
		{"nul\x00", `"nul\0"`},
		{"a\u2028b", `"a\Lb"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			files, err := Render(resource.BotRule{Title: tt.in, Content: "c", Enabled: true}, "", "x")
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(files[0].Data), "\n")
			if got := strings.TrimPrefix(first, "title: "); got != tt.want {
				t.Errorf("title: %s, want title: %s", got, tt.want)
			}
			doc := parseFiles(t, resource.KindBotRule, files)
			if got := doc.Spec.GetTitle(); got != tt.in {
				t.Errorf("read back %q", got)
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name     string
		spec     resource.Spec
		fileName string
		want     string
	}{
		{"nil spec", nil, "x", "render x: unsupported spec <nil>"},
		{"empty name", resource.BotRule{}, "", `render: invalid file name "": use a base name without folder or extension`},
		{"name with folder", resource.BotRule{}, "a/b", `render: invalid file name "a/b": use a base name without folder or extension`},
		{"invalid utf-8", resource.BotRule{Title: "a", Content: "\xff"}, "x", "render x: content is not valid UTF-8"},
		{"invalid utf-8 in a variant", resource.Workflow{Variants: []resource.Variant{{Name: "\xff"}}}, "x", "render x: variants[0].name is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(tt.spec, "", tt.fileName)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v, want %s", err, tt.want)
			}
		})
	}
}

func TestExt(t *testing.T) {
	for kind, want := range map[resource.Kind]string{resource.KindArticle: ".md", resource.KindWorkflow: ".yaml", resource.KindBotRule: ".yaml"} {
		if got := Ext(kind); got != want {
			t.Errorf("Ext(%s) = %q, want %q", kind, got, want)
		}
	}
}
