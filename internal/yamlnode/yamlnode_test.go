package yamlnode

import (
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/diag"
)

func TestText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		bad  diag.Pos // zero: valid
	}{
		{"plain", "a: b\n", "a: b\n", diag.Pos{}},
		{"bom dropped", "\ufeffa: b\n", "a: b\n", diag.Pos{}},
		{"crlf", "a: b\r\nc: d\r\n", "a: b\nc: d\n", diag.Pos{}},
		{"lone cr", "a\rb\r\n", "a\nb\n", diag.Pos{}},
		{"bad first byte", "\xff", "", diag.Pos{Line: 1, Col: 1}},
		{"bad after multibyte", "ü€\xc3(", "", diag.Pos{Line: 1, Col: 3}},
		{"bad on third line", "a\r\nb\n  \xe2\x82", "", diag.Pos{Line: 3, Col: 3}},
		{"surrogate half", "x\xed\xa0\x80", "", diag.Pos{Line: 1, Col: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, ok := Text([]byte(tt.in))
			if ok != (tt.bad == diag.Pos{}) || bad != tt.bad || (ok && got != tt.want) {
				t.Errorf("Text(%q) = %q, %v, %v; want %q, %v", tt.in, got, bad, ok, tt.want, tt.bad)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantRoot bool
		want     []string
	}{
		{"empty", "", false, nil},
		{"comments only", "# x\n", false, nil},
		{"mapping", "a: 1\n", true, nil},
		{"scanner error on line 1", "a: b: c\n", false, []string{"f.yaml:1: error: invalid YAML: mapping values are not allowed in this context; quote a value that contains `: `, like `title: \"Returns: how to\"`"}},
		{"scanner error", "a: 1\nb: @x\n", false, []string{"f.yaml:2: error: invalid YAML: found character that cannot start any token; quote a value that starts with `@`, `` ` `` or `%`"}},
		{"parser error line is made 1-based", "a: 1\nb:\n  c: 1\n d: 2\n", false, []string{"f.yaml:4: error: invalid YAML: did not find expected key; check the indentation of this line and the ones above it"}},
		{"unclosed quote", "a: 1\nb: \"abc\n", false, []string{"f.yaml:2: error: invalid YAML: found unexpected end of stream; check the quotes: a quoted value must be closed, and inside double quotes only \\\\, \\\", \\n and the like are escapes"}},
		{"tab indentation", "a:\n\tb: 1\n", false, []string{"f.yaml:2: error: invalid YAML: found character that cannot start any token; indent with spaces, not tabs"}},
		{"tab after indentation", "a: 1\n\tb: 2\n", false, []string{"f.yaml:2: error: invalid YAML: found a tab character that violates indentation; indent with spaces, not tabs"}},
		{"unknown anchor", "a: *x\n", false, []string{"f.yaml: error: invalid YAML: unknown anchor 'x' referenced; aliases (`*name`) are not supported: write the value out in full"}},
		{"second document", "a: 1\n---\nb: 2\n", true, []string{"f.yaml:2:1: error: a second YAML document starts here: a file holds one document; remove this `---` line and what follows it, or move it to a file of its own"}},
		{"broken second document", "a: 1\n---\nb: [\n", true, []string{"f.yaml:4: error: invalid YAML: did not find expected node content; quote a value that starts with `*`, `&`, `!`, `[` or `{`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, diags := Decode("f.yaml", tt.in)
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if (root != nil) != tt.wantRoot || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decode: root %v, diagnostics\n got  %q\n want %q", root != nil, got, tt.want)
			}
		})
	}
}

func mustDecode(t *testing.T, s string) *yaml.Node {
	t.Helper()
	root, diags := Decode("f.yaml", s)
	if root == nil || len(diags) > 0 {
		t.Fatalf("Decode(%q): %v", s, diags)
	}
	return root
}

func TestToJSON(t *testing.T) {
	root := mustDecode(t, `str: hello
yes: yes
quoted: "123"
int: 123
hex: 0x1F
under: 1_000
float: 1.5
inf: .inf
bool: true
null1:
null2: ~
date: 2024-01-01
bin: !!binary aGk=
tagged: !!str 12
custom: !thing x
list: [a, 1, false]
map: {k: v}
`)
	got, diags := ToJSON("f.yaml", root)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	want := map[string]any{
		"str": "hello", "yes": "yes", "quoted": "123", "int": int64(123), "hex": int64(31), "under": int64(1000),
		"float": 1.5, "inf": ".inf", "bool": true, "null1": nil, "null2": nil, "date": "2024-01-01", "bin": "aGk=",
		"tagged": "12", "custom": "x", "list": []any{"a", int64(1), false}, "map": map[string]any{"k": "v"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ToJSON:\n got  %#v\n want %#v", got, want)
	}
}

func TestToJSONDiagnostics(t *testing.T) {
	root := mustDecode(t, "a: &x 1\nb: *x\na: 2\n[k]: v\nc: [*x]\n")
	_, diags := ToJSON("f.yaml", root)
	var got []string
	for _, d := range diags.Sort() {
		got = append(got, d.String())
	}
	want := []string{
		"f.yaml:2:4: error: alias `*x` is not supported: write the value out in full",
		"f.yaml:3:1: error: duplicate key `a`: it is already set on line 1; remove one of them",
		"f.yaml:4:1: error: a key must be a plain name like `title`, not a list or mapping",
		"f.yaml:5:5: error: alias `*x` is not supported: write the value out in full",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics:\n got  %q\n want %q", got, want)
	}
}

func TestStrAndBool(t *testing.T) {
	root := mustDecode(t, "a: yes\nb: 0x1F\nc: ~\nd: [x]\ne: true\nf: \"true\"\ng: False\n")
	for key, want := range map[string]struct {
		s  string
		ok bool
	}{"a": {"yes", true}, "b": {"0x1F", true}, "c": {"", false}, "d": {"", false}, "e": {"true", true}} {
		_, v := Get(root, key)
		if s, ok := Str(v); s != want.s || ok != want.ok {
			t.Errorf("Str(%s) = %q, %v; want %q, %v", key, s, ok, want.s, want.ok)
		}
	}
	for key, want := range map[string]struct{ b, ok bool }{"a": {false, false}, "e": {true, true}, "f": {false, false}, "g": {false, true}} {
		_, v := Get(root, key)
		if b, ok := Bool(v); b != want.b || ok != want.ok {
			t.Errorf("Bool(%s) = %v, %v; want %v, %v", key, b, ok, want.b, want.ok)
		}
	}
	if _, ok := Str(nil); ok {
		t.Error("Str(nil) ok")
	}
}

func TestFindAndFieldPath(t *testing.T) {
	root := mustDecode(t, "variants:\n  - name: a\n  - name: b\n    condition: c\n")
	key, val := Find(root, []string{"variants", "1", "condition"})
	if key == nil || Pos(key) != (diag.Pos{Line: 4, Col: 5}) || Pos(val) != (diag.Pos{Line: 4, Col: 16}) {
		t.Errorf("Find: key %v val %v", Pos(key), Pos(val))
	}
	for _, bad := range [][]string{{"nope"}, {"variants", "2"}, {"variants", "x"}, {"variants", "0", "name", "deeper"}} {
		if _, v := Find(root, bad); v != nil {
			t.Errorf("Find(%q) found %v", bad, v)
		}
	}
	if got := FieldPath([]string{"variants", "1", "name"}); got != "variants[1].name" {
		t.Errorf("FieldPath = %q", got)
	}
	if got := FieldPath([]string{"tags", "0"}); got != "tags[0]" {
		t.Errorf("FieldPath = %q", got)
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"id", "title", "language", "tags", "enabled"}
	tests := []struct {
		word, want string
		ok         bool
	}{
		{"titel", "title", true},
		{"Title", "title", true},
		{"tag", "tags", true},
		{"lang", "", false},
		{"langauge", "language", true},
		{"enable", "enabled", true},
		{"ID", "id", true},
		{"content", "", false},
		{"x", "", false},
	}
	for _, tt := range tests {
		got, ok := Suggest(tt.word, keys)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("Suggest(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
	if d := distance("ca", "ac"); d != 1 {
		t.Errorf("distance(ca, ac) = %d, want 1 (a swap)", d)
	}
	if d := distance("größe", "grösse"); d != 2 {
		t.Errorf("distance counts runes: got %d", d)
	}
}

const testSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Widget",
  "type": "object",
  "additionalProperties": false,
  "required": ["name", "size"],
  "properties": {
    "name": {"title": "Name", "type": "string", "examples": ["gear"]},
    "size": {"title": "Size", "type": "integer", "minimum": 1, "examples": [3]},
    "note": {"title": "Note", "type": "string"},
    "parts": {"title": "Parts", "type": "array", "items": {"title": "Part", "type": "object", "required": ["id"], "properties": {"id": {"title": "ID", "type": "string"}}}}
  }
}`

func TestValidate(t *testing.T) {
	s, err := Compile("widget.schema.json", []byte(testSchema))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name() != "widget.schema.json" {
		t.Errorf("Name() = %q", s.Name())
	}
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"valid", "name: gear\nsize: 3\n", nil},
		{"number read as a string", "name: 2024\nsize: 3\n", nil},
		{"boolean read as a string", "name: no\nsize: 3\n", nil},
		{"null optional key is unset", "name: a\nsize: 3\nnote:\n", nil},
		{"null required key is missing", "name: ~\nsize: 3\n", []string{"f.yaml:1:1: error: missing `name`: it has no value; every widget needs a name, like `name: gear`"}},
		{"null required nested key", "name: a\nsize: 3\nparts:\n  - id:\n", []string{"f.yaml:4:5: error: missing `id` in `parts[0]`: it has no value; every part needs an id"}},
		{"missing", "size: 3\n", []string{"f.yaml:1:1: error: missing `name`: every widget needs a name, like `name: gear`"}},
		{"string is not an integer", "name: a\nsize: big\n", []string{"f.yaml:2:7: error: `size` must be a whole number, like `size: 3`"}},
		{"list is not a string", "name: [a]\nsize: 3\n", []string{"f.yaml:1:7: error: `name` must be a string, like `name: gear`"}},
		{"minimum", "name: a\nsize: 0\n", []string{"f.yaml:2:7: error: `size` must be at least 1, not 0"}},
		{"unknown key", "name: a\nsize: 3\nsiez: 4\n", []string{"f.yaml:3:1: error: unknown key `siez`: did you mean `size`?"}},
		{"list of objects", "name: a\nsize: 3\nparts: x\n", []string{"f.yaml:3:8: error: `parts` must be a list of parts"}},
		{"alias value is not reported twice", "name: &n a\nsize: 3\nnote: *n\n", []string{"f.yaml:3:7: error: alias `*n` is not supported: write the value out in full"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := mustDecode(t, tt.in)
			_, diags := s.Validate("f.yaml", root)
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("diagnostics:\n got  %q\n want %q", got, tt.want)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	if _, err := Compile("bad.json", []byte("{")); err == nil || !strings.HasPrefix(err.Error(), "bad.json: ") {
		t.Errorf("invalid JSON: %v", err)
	}
	if _, err := Compile("bad.json", []byte(`{"type": 5}`)); err == nil || !strings.HasPrefix(err.Error(), "bad.json: ") {
		t.Errorf("invalid schema: %v", err)
	}
}

func TestStringStyle(t *testing.T) {
	tests := []struct {
		in   string
		want yaml.Style
	}{
		{"plain", 0},
		{"null", 0}, // yaml.v3 quotes it itself
		{"yes", yaml.DoubleQuotedStyle},
		{"1:20", yaml.DoubleQuotedStyle},
		{"a\nb", yaml.LiteralStyle},
		{"\na", yaml.DoubleQuotedStyle},
		{"\ta\nb", yaml.DoubleQuotedStyle},
		{"a\u2028b", yaml.DoubleQuotedStyle},
	}
	for _, tt := range tests {
		if got := String(tt.in).Style; got != tt.want {
			t.Errorf("String(%q).Style = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestEncodeAstral(t *testing.T) {
	tests := []struct{ in, want string }{
		{"emoji 🎉", "v: emoji 🎉\n"},
		{"two\nlines 👍🏽\n", "v: |\n  two\n  lines 👍🏽\n"},
		{"\ue000 private 🎉", "v: \ue000 private 🎉\n"},
		{`\uE000 🎉 bell` + "\a", `v: "\\uE000 🎉 bell\a"` + "\n"},
	}
	for _, tt := range tests {
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		Set(m, "v", String(tt.in))
		got, err := Encode(m)
		if err != nil || string(got) != tt.want {
			t.Errorf("Encode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		root := mustDecode(t, string(got))
		if _, v := Get(root, "v"); v.Value != tt.in {
			t.Errorf("read back %q, want %q", v.Value, tt.in)
		}
		if _, v := Get(m, "v"); v.Value != tt.in {
			t.Errorf("Encode left %q in the tree, want %q", v.Value, tt.in)
		}
	}
}

// FuzzValidate checks that decoding and validating any input never panics
// and that every diagnostic has a path and a message.
func FuzzValidate(f *testing.F) {
	s, err := Compile("widget.schema.json", []byte(testSchema))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{"name: a\nsize: 3\n", "a: &x [*x]\n", "? [a]\n: b\n", "name: !!binary x\n", "parts: [{id: 1}, ~]\n"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, _, ok := Text(data)
		if !ok {
			return
		}
		root, diags := Decode("f.yaml", text)
		if root != nil {
			_, d := s.Validate("f.yaml", root)
			diags = append(diags, d...)
		}
		for _, d := range diags {
			if d.Path != "f.yaml" || d.Message == "" {
				t.Fatalf("bad diagnostic %#v", d)
			}
		}
	})
}
