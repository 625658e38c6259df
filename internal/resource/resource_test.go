package resource

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"a", "a"},
		{"a\n", "a"},
		{"a\r\nb\r\n", "a\nb"},
		{"a\rb", "a\nb"},
		{"a  \nb\t\n\n\n", "a  \nb\t"},
		{"\ufeffhello", "hello"},
		{"  indented\n\n  kept", "  indented\n\n  kept"},
		{"trailing  ", "trailing  "},
		{"x \n \n", "x \n "},
		{"\n\nleading blank lines", "\n\nleading blank lines"},
		{"hard  \nbreak", "hard  \nbreak"},
		{"\tcode\n", "\tcode"},
	}
	for _, tt := range tests {
		if got := NormalizeText(tt.in); got != tt.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEqualIgnoresFormattingOnly(t *testing.T) {
	a := Article{Title: "Returns", Content: "\ufeffLine one\r\nLine two  \r\n\n", Language: "en", Enabled: true}
	b := Article{Title: "Returns", Content: "Line one\nLine two  ", Language: "en", Tags: []string{}, Enabled: true}
	if !Equal(a, b) {
		t.Fatalf("formatting-only differences must compare equal")
	}
	// A hard line break and a title's surrounding space are content.
	hb := b
	hb.Content = "Line one\nLine two"
	if Equal(a, hb) {
		t.Fatalf("removing a Markdown hard line break must not compare equal")
	}
	sp := b
	sp.Title = "Returns "
	if Equal(a, sp) {
		t.Fatalf("a title's trailing space is content")
	}
	if TitleKey(sp.Title) != TitleKey(a.Title) {
		t.Fatalf("TitleKey must ignore surrounding space")
	}
	c := b
	c.Content = "Line one\nLine 2"
	if Equal(a, c) {
		t.Fatalf("a content change must not compare equal")
	}
	if Equal(a, BotRule{Title: "Returns"}) {
		t.Fatalf("different kinds must not compare equal")
	}
	if !Equal(nil, nil) || Equal(a, nil) {
		t.Fatalf("nil handling wrong")
	}
}

func TestWorkflowEmptyProviderIsNone(t *testing.T) {
	empty := ""
	a := Workflow{Title: "W", Trigger: "t", Instructions: "i", ConditionProvider: &empty}
	b := Workflow{Title: "W", Trigger: "t", Instructions: "i"}
	if !Equal(a, b) {
		t.Fatalf("an empty condition provider must equal none")
	}
}

func TestDiffListsChangedFieldsInOrder(t *testing.T) {
	before := Workflow{Title: "W", Trigger: "t", Instructions: "one", Actions: []string{"a"}, Enabled: true}
	code := "def evaluate_conditions(context):\n    return {}\n"
	after := Workflow{Title: "W", Trigger: "t", Instructions: "two", Actions: []string{"a", "b"}, ConditionProvider: &code, Enabled: true}
	got := Diff(before, after)
	var names []string
	for _, f := range got {
		names = append(names, f.Name)
	}
	want := []string{"actions", "conditionProvider", "instructions"}
	if !slices.Equal(names, want) {
		t.Fatalf("Diff fields = %v, want %v", names, want)
	}
	if got[1].Before != nil || got[1].After != NormalizeText(code) {
		t.Fatalf("conditionProvider change = %#v", got[1])
	}
	if len(Diff(before, before)) != 0 {
		t.Fatalf("Diff of equal specs must be empty")
	}
	if n := len(Diff(nil, after)); n != len(after.Fields()) {
		t.Fatalf("Diff(nil, x) lists %d fields, want all %d", n, len(after.Fields()))
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]Kind{
		"article": KindArticle, "Articles": KindArticle, "workflow": KindWorkflow,
		"workflows": KindWorkflow, "bot-rule": KindBotRule, "bot-rules": KindBotRule, "botrule": KindBotRule, "bot_rules": KindBotRule,
	} {
		got, err := ParseKind(in)
		if err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseKind("rules"); err == nil {
		t.Errorf("ParseKind(rules) must fail")
	}
}

func TestKeyCompareOrder(t *testing.T) {
	keys := []Key{
		{Business: "b", Kind: KindArticle, Title: "a"},
		{Business: "a", Kind: KindBotRule, Title: "a"},
		{Business: "a", Kind: KindArticle, Title: "beta"},
		{Business: "a", Kind: KindArticle, Title: "Alpha"},
		{Business: "a", Kind: KindWorkflow, Title: "z"},
	}
	slices.SortFunc(keys, Key.Compare)
	var got []string
	for _, k := range keys {
		got = append(got, k.String())
	}
	want := []string{`a/article/"Alpha"`, `a/article/"beta"`, `a/workflow/"z"`, `a/bot-rule/"a"`, `b/article/"a"`}
	if !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
}

// TestDiffOfACreateOrADeleteListsEveryField: with one side nil (an
// export's every resource is a live-only one), Diff lists every field of
// the other side in its order, its value on the side it is on, the other
// nil: what pairing the fields by name gives.
func TestDiffOfACreateOrADeleteListsEveryField(t *testing.T) {
	code := "def evaluate_conditions(context):\n    return {}\n"
	for _, spec := range []Spec{
		Workflow{Title: "W", Trigger: "t", Instructions: "i", Actions: []string{"a"}, ConditionProvider: &code, Enabled: true},
		Article{Title: "A", Content: "body", Tags: []string{"x"}},
		BotRule{Title: "R", Content: "c"},
	} {
		fields := spec.Fields()
		for _, del := range []bool{true, false} {
			var got []FieldChange
			if del {
				got = Diff(spec, nil)
			} else {
				got = Diff(nil, spec)
			}
			if len(got) != len(fields) {
				t.Fatalf("%T, delete %v: %d changes, want %d", spec, del, len(got), len(fields))
			}
			for i, f := range fields {
				want := FieldChange{Name: f.Name, Text: f.Text, After: f.Value}
				if del {
					want = FieldChange{Name: f.Name, Text: f.Text, Before: f.Value}
				}
				if !reflect.DeepEqual(got[i], want) {
					t.Errorf("%T, delete %v: change %d = %#v, want %#v", spec, del, i, got[i], want)
				}
			}
		}
	}
	if got := Diff(nil, nil); got != nil {
		t.Errorf("Diff(nil, nil) = %#v, want nil", got)
	}
}

// FuzzCompareFolded checks compareFolded against comparing the lowered
// strings.
func FuzzCompareFolded(f *testing.F) {
	for _, p := range [][2]string{{"Return policy", "return Policy"}, {"A", "a"}, {"Ärger", "ärger"}, {"İstanbul", "istanbul"}, {"\xff", "\ufffd"}, {"ab", "a"}, {"K", "\u212a"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := compareFolded(a, b), cmp.Compare(strings.ToLower(a), strings.ToLower(b)); got != want {
			t.Fatalf("compareFolded(%q, %q) = %d, want %d", a, b, got, want)
		}
	})
}
