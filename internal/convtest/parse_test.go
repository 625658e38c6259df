package convtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/provider"
)

const validFile = `tests:
  - name: Return window
    tags: [returns, smoke]
    repeat: 3
    passRate: 0.67
    turns:
      - customer: How long can I return things?
        expect:
          contains: [30 days, refund]
          regex: (?i)within
          handedOff: false
      - customer: Thanks
  - name: Damaged
    turns:
      - customer: It is broken
        expect:
          workflow: Damaged product
          articles: [Return policy]
          notIcontains: SORRY
`

func TestParseReadsTestsWithPositions(t *testing.T) {
	tests, diags := Parse("businesses/acme/tests/a.yaml", []byte(validFile), nil)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if len(tests) != 2 {
		t.Fatalf("%d tests, want 2", len(tests))
	}
	a, b := tests[0], tests[1]
	if a.Business != "acme" || a.Name != "Return window" || a.Line != 2 || a.Repeat != 3 || a.PassRate != 0.67 || strings.Join(a.Tags, ",") != "returns,smoke" {
		t.Errorf("first test = %+v", a)
	}
	if b.Repeat != 1 || b.PassRate != 1 {
		t.Errorf("defaults: repeat %d, passRate %v; want 1 and 1", b.Repeat, b.PassRate)
	}
	var got []string
	for _, e := range a.Turns[0].Expect {
		got = append(got, e.String()+"@"+posString(e.Pos))
	}
	want := `contains: "30 days"@9:22 contains: "refund"@9:31 regex: "(?i)within"@10:18 handedOff: false@11:11`
	if strings.Join(got, " ") != want {
		t.Errorf("expectations = %s\nwant %s", strings.Join(got, " "), want)
	}
	if a.Turns[1].Customer != "Thanks" || len(a.Turns[1].Expect) != 0 || a.Turns[1].Line != 12 {
		t.Errorf("second turn = %+v", a.Turns[1])
	}
}

func posString(p diag.Pos) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

func TestParseReportsProblemsAtTheirLine(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"unknown key", "tests:\n  - name: A\n    turns:\n      - customer: Hi\n        expcet: {contains: x}\n", "t.yaml:5:9: error: unknown key `expcet`: did you mean `expect`?"},
		{"bad regex", "tests:\n  - name: A\n    turns:\n      - customer: Hi\n        expect:\n          regex: 'a(b'\n", "t.yaml:6:18: error: regex \"a(b\" does not compile"},
		{"missing turns", "tests:\n  - name: A\n", "t.yaml:2:5: error: "},
		{"passRate above 1", "tests:\n  - name: A\n    passRate: 1.5\n    turns: [{customer: Hi}]\n", "t.yaml:3:15: error: "},
		{"duplicate name", "tests:\n  - name: A\n    turns: [{customer: Hi}]\n  - name: A\n    turns: [{customer: Hi}]\n", "t.yaml:4:5: error: test name \"A\" is used twice (first on line 2)"},
		{"empty", "# nothing\n", "t.yaml: error: the file is empty"},
		{"syntax", "tests: [\n", "t.yaml:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := Parse("t.yaml", []byte(tt.file), nil)
			if got != nil {
				t.Errorf("tests = %v, want none from a broken file", got)
			}
			var lines []string
			for _, d := range diags {
				lines = append(lines, d.String())
			}
			if !strings.Contains(strings.Join(lines, "\n"), tt.want) {
				t.Errorf("diagnostics:\n%s\nwant one starting %q", strings.Join(lines, "\n"), tt.want)
			}
		})
	}
}

func TestExpectationChecks(t *testing.T) {
	wf := &provider.Ref{ID: "wf_1", Title: "Damaged product"}
	r := provider.Reply{Text: "Returns within 30 Days.", WorkflowReported: true, Workflow: wf, ArticlesReported: true, Articles: []provider.Ref{{ID: "art_1", Title: "Return policy"}}}
	silent := provider.Reply{Text: "Hello"}
	tests := []struct {
		kind  Kind
		value string
		b     bool
		reply provider.Reply
		ok    bool
	}{
		{Contains, "30 Days", false, r, true},
		{Contains, "30 days", false, r, false},
		{IContains, "30 DAYS", false, r, true},
		{NotContains, "Days", false, r, false},
		{NotIContains, "days", false, r, false},
		{NotIContains, "never", false, r, true},
		{Workflow, "Damaged product", false, r, true},
		{Workflow, "wf_1", false, r, true},
		{Workflow, "none", false, r, false},
		{Workflow, "Damaged product", false, silent, false},
		{Workflow, "none", false, provider.Reply{WorkflowReported: true}, true},
		{Articles, "Return policy", false, r, true},
		{Articles, "Shipping", false, r, false},
		{Articles, "Return policy", false, silent, false},
		{HandedOff, "", true, r, false},
		{HandedOff, "", false, r, true},
		{HandedOff, "", true, provider.Reply{HandedOff: true}, true},
	}
	for _, tt := range tests {
		e := Expectation{Kind: tt.kind, Value: tt.value, Bool: tt.b, check: checker(tt.kind, tt.value, tt.b, nil)}
		if ok, why := e.Check(tt.reply); ok != tt.ok {
			t.Errorf("%s against %+v: ok = %v (%s), want %v", e, tt.reply, ok, why, tt.ok)
		}
	}
}

func TestEnoughRounding(t *testing.T) {
	for _, tt := range []struct {
		passed, runs int
		rate         float64
		want         bool
	}{
		{2, 3, 0.67, true}, {2, 3, 0.66, true}, {1, 3, 0.67, false}, {3, 4, 0.75, true}, {2, 4, 0.75, false},
		{4, 4, 1, true}, {3, 4, 1, false}, {1, 1, 1, true}, {0, 1, 1, false}, {1, 10, 0.1, true},
	} {
		if got := enough(tt.passed, tt.runs, tt.rate); got != tt.want {
			t.Errorf("enough(%d, %d, %v) = %v, want %v", tt.passed, tt.runs, tt.rate, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(validFile))
	f.Add([]byte("tests: [{name: a, turns: [{customer: b, expect: {regex: '('}}]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tests, diags := Parse("businesses/x/tests/f.yaml", data, nil)
		if diags.HasErrors() && tests != nil {
			t.Fatalf("tests returned despite errors: %v", diags)
		}
		for _, tt := range tests {
			if tt.Repeat < 1 || tt.PassRate <= 0 || tt.PassRate > 1 || len(tt.Turns) == 0 {
				t.Fatalf("invalid test accepted: %+v", tt)
			}
		}
	})
}

func TestSelected(t *testing.T) {
	tagged := &Test{File: "businesses/a/tests/x.yaml", Business: "a", Tags: []string{"smoke"}}
	skip := &Test{File: "businesses/a/tests/x.yaml", Business: "a", Tags: []string{"skip", "smoke"}}
	tests := []struct {
		name                   string
		t                      *Test
		biz, tags, paths       []string
		wantSelected, wantSkip bool
	}{
		{"no filter", tagged, nil, nil, nil, true, false},
		{"skip tag by default", skip, nil, nil, nil, false, true},
		{"skip tag asked for", skip, nil, []string{"skip"}, nil, true, false},
		{"another tag leaves skip out silently", skip, nil, []string{"other"}, nil, false, false},
		{"tag matches", skip, nil, []string{"smoke"}, nil, true, false},
		{"other business", tagged, []string{"b"}, nil, nil, false, false},
		{"skip in another business is not listed", skip, []string{"b"}, nil, nil, false, false},
		{"folder path", tagged, nil, nil, []string{"businesses/a/tests/"}, true, false},
		{"file path", tagged, nil, nil, []string{"businesses/a/tests/x.yaml"}, true, false},
		{"prefix is not a folder", tagged, nil, nil, []string{"businesses/a/te"}, false, false},
	}
	for _, tt := range tests {
		if got := tt.t.Selected(tt.biz, tt.tags, tt.paths); got != tt.wantSelected {
			t.Errorf("%s: Selected = %v, want %v", tt.name, got, tt.wantSelected)
		}
		if got := tt.t.Skipped(tt.biz, tt.tags, tt.paths); got != tt.wantSkip {
			t.Errorf("%s: Skipped = %v, want %v", tt.name, got, tt.wantSkip)
		}
	}
}
