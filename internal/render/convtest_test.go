package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/convtest"
	"github.com/octosync/octosync/internal/provider"
)

// fakeBot answers each conversation (numbered from 1) by a function of its
// number.
type fakeBot struct {
	answer func(conv int) (provider.Reply, error)
	mu     sync.Mutex
	convs  int
}

func (b *fakeBot) StartConversation(context.Context, string) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.convs++
	return fmt.Sprintf("c%d", b.convs), nil
}

func (b *fakeBot) SendMessage(_ context.Context, _, conv, _ string) (provider.Reply, error) {
	var n int
	fmt.Sscanf(conv, "c%d", &n)
	return b.answer(n)
}

func parseTests(t *testing.T, file string) []*convtest.Test {
	t.Helper()
	tests, diags := convtest.Parse("businesses/acme/tests/t.yaml", []byte(file), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return tests
}

// TestConvTestTextShowsTheFailedExpectation: the text report marks a broken
// expectation at its file and line.
func TestConvTestTextShowsTheFailedExpectation(t *testing.T) {
	file := "tests:\n  - name: One\n    turns:\n      - customer: first\n        expect: {contains: ok}\n"
	bot := &fakeBot{answer: func(int) (provider.Reply, error) { return provider.Reply{Text: "nope"}, nil }}
	results, err := convtest.Run(context.Background(), bot, parseTests(t, file), nil, convtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := ConvTestText(&out, results); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `✗ businesses/acme/tests/t.yaml:5: expected contains: "ok": the reply does not contain it`) {
		t.Errorf("text report lacks the failed expectation:\n%s", out.String())
	}
}

// TestConvTestJUnitReportsAPIErrorsAsErrors: an API failure is a JUnit
// <error>, not a <failure>.
func TestConvTestJUnitReportsAPIErrorsAsErrors(t *testing.T) {
	file := "tests:\n  - name: One\n    turns:\n      - customer: first\n"
	bot := &fakeBot{answer: func(int) (provider.Reply, error) { return provider.Reply{}, errors.New("POST /x: 500 internal_error") }}
	results, err := convtest.Run(context.Background(), bot, parseTests(t, file), nil, convtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var x bytes.Buffer
	if err := ConvTestJUnit(&x, results); err != nil {
		t.Fatal(err)
	}
	doc := parseJUnit(t, x.Bytes())
	if c := doc.Suites[0].Cases[0]; c.Error == nil || c.Failure != nil || !strings.Contains(c.Error.Message, "500 internal_error") {
		t.Errorf("an API failure is a JUnit <error>, got %+v", c)
	}
}

// junitReader is the JUnit XML structure as CI systems read it, written
// apart from the writer's types.
type junitReader struct {
	XMLName xml.Name `xml:"testsuites"`
	Tests   int      `xml:"tests,attr"`
	Suites  []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
			Skipped *struct{} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, data []byte) junitReader {
	t.Helper()
	var doc junitReader
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, data)
	}
	return doc
}

func TestJUnitReportCountsAndEscapes(t *testing.T) {
	file := "tests:\n  - name: 'Quotes \" and <tags> & more'\n    turns: [{customer: hi, expect: {contains: '<b>'}}]\n  - name: Skipped\n    tags: [skip]\n    turns: [{customer: hi}]\n"
	all := parseTests(t, file)
	bot := &fakeBot{answer: func(int) (provider.Reply, error) { return provider.Reply{Text: "a <i>reply</i> & more"}, nil }}
	results, err := convtest.Run(context.Background(), bot, all[:1], all[1:], convtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var x bytes.Buffer
	if err := ConvTestJUnit(&x, results); err != nil {
		t.Fatal(err)
	}
	doc := parseJUnit(t, x.Bytes())
	s := doc.Suites[0]
	if doc.Tests != 2 || s.Tests != 2 || s.Failures != 1 || s.Skipped != 1 || s.Errors != 0 {
		t.Fatalf("counts: %+v", doc)
	}
	c := s.Cases[0]
	if c.Name != `Quotes " and <tags> & more` || c.Classname != "acme.t" || c.Failure == nil || !strings.Contains(c.Failure.Text, "a <i>reply</i> & more") {
		t.Errorf("case = %+v", c)
	}
	if s.Cases[1].Skipped == nil {
		t.Errorf("the skip-tagged test is not <skipped/>")
	}
}

// hostile holds the bytes a reply must never bring to a terminal or a
// report raw: ESC (a colour), OSC 52 (a clipboard write) ended by BEL, NUL,
// DEL, a C1 control and a bidi override.
const hostile = "hi \x1b[31mred\x1b]52;c;ZWNobyBwd25lZA==\x07 \x00 \x7f \u009b \u202e end"

// rawControl reports the first control byte of out that is not a line
// break or a tab, or a bidi override.
func rawControl(out string) (rune, bool) {
	for _, r := range out {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x202e || r == utf8.RuneError:
			return r, true
		}
	}
	return 0, false
}

// TestRepliesAreEscapedInEveryFormat: a reply full of terminal controls,
// an API error carrying them, and a test named with them reach no report
// (text, JSON, JUnit, step summary, annotations) raw.
func TestRepliesAreEscapedInEveryFormat(t *testing.T) {
	file := "tests:\n  - name: \"Evil \\e]52;c;eA==\\a name\"\n    turns:\n      - customer: hello\n        expect: {contains: never}\n" +
		"  - name: Broken\n    turns:\n      - customer: hello\n        expect: {contains: ok}\n"
	bot := &fakeBot{answer: func(conv int) (provider.Reply, error) {
		if conv == 2 {
			return provider.Reply{}, errors.New("server said " + hostile)
		}
		return provider.Reply{Text: hostile, WorkflowReported: true, Workflow: &provider.Ref{ID: "wf_1", Title: hostile}}, nil
	}}
	results, err := convtest.Run(context.Background(), bot, parseTests(t, file), nil, convtest.Options{Parallelism: 1})
	if err != nil {
		t.Fatal(err)
	}
	writers := map[string]func(*bytes.Buffer) error{
		"text":    func(b *bytes.Buffer) error { return ConvTestText(b, results) },
		"json":    func(b *bytes.Buffer) error { return ConvTestJSON(b, results) },
		"junit":   func(b *bytes.Buffer) error { return ConvTestJUnit(b, results) },
		"summary": func(b *bytes.Buffer) error { return ConvTestSummary(b, results) },
		"annotations": func(b *bytes.Buffer) error {
			for _, d := range ConvTestDiagnostics(results) {
				b.WriteString(d.String() + "\n")
			}
			return nil
		},
	}
	for name, write := range writers {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if r, ok := rawControl(out); ok {
			t.Errorf("%s report holds %U raw:\n%s", name, r, out)
		}
		// JSON and XML escape by their own rules; the bytes must be
		// escaped before either encoder sees them, so the escape shows.
		if name != "summary" && !strings.Contains(out, `x1b`) {
			t.Errorf("%s report does not show the escape sequence escaped:\n%s", name, out)
		}
	}
}
