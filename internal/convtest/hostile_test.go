package convtest

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/provider"
)

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
	bot := &fakeBot{answer: func(conv int, msg string) (provider.Reply, error) {
		if conv == 2 {
			return provider.Reply{}, errors.New("server said " + hostile)
		}
		return provider.Reply{Text: hostile, WorkflowReported: true, Workflow: &provider.Ref{ID: "wf_1", Title: hostile}}, nil
	}}
	results, err := Run(context.Background(), bot, mustParse(t, file), nil, Options{Parallelism: 1})
	if err != nil {
		t.Fatal(err)
	}
	writers := map[string]func(*bytes.Buffer) error{
		"text":    func(b *bytes.Buffer) error { return WriteText(b, results) },
		"json":    func(b *bytes.Buffer) error { return WriteJSON(b, results) },
		"junit":   func(b *bytes.Buffer) error { return WriteJUnit(b, results) },
		"summary": func(b *bytes.Buffer) error { return WriteMarkdownSummary(b, results) },
		"annotations": func(b *bytes.Buffer) error {
			for _, d := range Diagnostics(results) {
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
