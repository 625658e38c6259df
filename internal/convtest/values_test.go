package convtest

import (
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/provider"
)

const placeholderFile = `tests:
  - name: Contact
    turns:
      - customer: Is ${{ values.supportEmail }} your address?
        expect:
          contains: "Write to ${{ values.supportEmail }}"
          regex: ^Write to ${{values.supportEmail}}\.$
          notContains: $${{ values.supportEmail }}
          articles:
            - Contact ${{ values.brand }}
`

var staging = &config.Environment{Name: "staging", Values: map[string]string{
	"supportEmail": "help+staging@northwind.example",
	"brand":        "Northwind",
}}

// With an environment, customer messages and expectations are the file's
// texts rendered with its values: the checks compare against the rendered
// text, a regex matching a value literally (its `.` and `+` are not
// operators), and `$${{` stays a literal `${{`.
func TestParseRendersValuesOfTheEnvironment(t *testing.T) {
	tests, diags := Parse("businesses/acme/tests/t.yaml", []byte(placeholderFile), staging)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	turn := tests[0].Turns[0]
	if turn.Customer != "Is help+staging@northwind.example your address?" {
		t.Errorf("customer = %q", turn.Customer)
	}
	var got []string
	for _, e := range turn.Expect {
		got = append(got, e.String())
	}
	want := `contains: "Write to help+staging@northwind.example"|` +
		`regex: "^Write to help\\+staging@northwind\\.example\\.$"|` +
		`notContains: "${{ values.supportEmail }}"|` +
		`articles: "Contact Northwind"`
	if strings.Join(got, "|") != want {
		t.Errorf("expectations:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	reply := provider.Reply{Text: "Write to help+staging@northwind.example.", ArticlesReported: true,
		Articles: []provider.Ref{{Title: "Contact Northwind"}}}
	for _, e := range turn.Expect {
		if ok, why := e.Check(reply); !ok {
			t.Errorf("%s fails on the rendered reply: %s", e, why)
		}
	}
	if ok, _ := turn.Expect[1].Check(provider.Reply{Text: "Write to helpXstaging@northwindXexample."}); ok {
		t.Errorf("the regex treats the value as a pattern: %s", turn.Expect[1])
	}
	if tests[0].Texts[1].Text != "Write to ${{ values.supportEmail }}" {
		t.Errorf("Texts keep the file's text: %+v", tests[0].Texts[1])
	}
}

// Without an environment (a repository without environments) a test file
// is read as written: `${{` is plain text.
func TestParseWithoutEnvironmentKeepsPlaceholdersAsText(t *testing.T) {
	tests, diags := Parse("businesses/acme/tests/t.yaml", []byte(placeholderFile), nil)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if c := tests[0].Turns[0].Expect[0].Value; c != "Write to ${{ values.supportEmail }}" {
		t.Errorf("contains = %q", c)
	}
	if c := tests[0].Turns[0].Expect[2].Value; c != "$${{ values.supportEmail }}" {
		t.Errorf("notContains = %q", c)
	}
}

// A placeholder the environment has no value for, or a malformed one, is
// an error at its line and column, naming the environment; no test runs.
func TestParseReportsPlaceholderProblemsAtTheirColumn(t *testing.T) {
	file := "tests:\n  - name: A\n    turns:\n      - customer: Mail ${{ values.nope }}\n        expect:\n          contains: \"at ${{ value.brand }}\"\n"
	tests, diags := Parse("t.yaml", []byte(file), staging)
	if tests != nil {
		t.Errorf("tests returned despite errors")
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := "t.yaml:4:24: error: ${{ values.nope }} has no value in the environment staging: add `nope: TEXT` under environments.staging.values in octosync.yaml (octosync validate checks every environment)\n" +
		"t.yaml:6:25: error: \"${{ value.brand }}\" is not a placeholder: write ${{ values.NAME }}, or $${{ for a literal ${{"
	if strings.Join(got, "\n") != want {
		t.Errorf("diagnostics:\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}
