package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/octosync/octosync/internal/convtest"
)

// ConvTestText writes the human report of a conversation-test run: one line per test, and for a failed
// test the transcript of its first failed run with the broken
// expectations marked at their file:line, then a summary line.
func ConvTestText(w io.Writer, results []convtest.Result) error {
	var b strings.Builder
	for _, r := range results {
		t := r.Test
		where := fmt.Sprintf("%s:%d", shown(t.File), t.Line)
		name := shown(t.Name)
		switch {
		case r.Skipped:
			fmt.Fprintf(&b, "SKIP  %s  %s (tagged %s; run it with --tag %s)\n", where, name, convtest.SkipTag, convtest.SkipTag)
			continue
		case r.OK:
			fmt.Fprintf(&b, "PASS  %s  %s%s\n", where, name, runCount(r))
			continue
		}
		fmt.Fprintf(&b, "FAIL  %s  %s%s\n", where, name, runCount(r))
		if run, ok := convtest.FirstFailed(r); ok {
			writeTranscript(&b, t, run)
		}
	}
	s := convtest.Summarize(results)
	fmt.Fprintf(&b, "\nTests: %d passed, %d failed, %d skipped.\n", s.Passed, s.Failed, s.Skipped)
	_, err := io.WriteString(w, b.String())
	return err
}

// runCount is " (2/3 runs passed, 2 needed)" for repeated tests.
func runCount(r convtest.Result) string {
	if r.Test.Repeat == 1 {
		return ""
	}
	return fmt.Sprintf(" (%d/%d runs passed, %d needed)", r.Passed, r.Test.Repeat, convtest.Needed(r.Test))
}

// writeTranscript writes a failed run: each turn's message and reply,
// and under the failed turn each broken expectation.
func writeTranscript(b *strings.Builder, t *convtest.Test, run convtest.RunResult) {
	for _, tr := range run.Turns {
		fmt.Fprintf(b, "      customer: %s\n", oneLine(tr.Turn.Customer))
		fmt.Fprintf(b, "      bot:      %s\n", oneLine(tr.Reply.Text))
		if meta := replyMeta(tr); meta != "" {
			fmt.Fprintf(b, "                (%s)\n", meta)
		}
		for _, f := range tr.Failures {
			fmt.Fprintf(b, "    ✗ %s:%d: expected %s: %s\n", shown(t.File), f.Expectation.Pos.Line, shown(f.Expectation.String()), shown(f.Why))
		}
	}
	if run.Err != nil {
		next := len(run.Turns)
		if next < len(t.Turns) {
			fmt.Fprintf(b, "      customer: %s\n", oneLine(t.Turns[next].Customer))
		}
		fmt.Fprintf(b, "    ✗ %s:%d: %s\n", shown(t.File), errLine(t, next), shown(run.Err.Error()))
	}
}

// errLine is the line an API error is reported at: the turn that was
// being sent, or the test.
func errLine(t *convtest.Test, turn int) int {
	if turn < len(t.Turns) {
		return t.Turns[turn].Line
	}
	return t.Line
}

// replyMeta describes what the API reported about a reply.
func replyMeta(tr convtest.TurnResult) string {
	var parts []string
	r := tr.Reply
	if r.WorkflowReported {
		if r.Workflow != nil {
			parts = append(parts, "workflow "+quote(r.Workflow.Title))
		} else {
			parts = append(parts, "no workflow")
		}
	}
	if r.ArticlesReported && len(r.Articles) > 0 {
		var ts []string
		for _, a := range r.Articles {
			ts = append(ts, quote(a.Title))
		}
		parts = append(parts, "articles "+strings.Join(ts, ", "))
	}
	if r.HandedOff {
		parts = append(parts, "handed off")
	}
	return strings.Join(parts, "; ")
}

// oneLine shows text on one line, with line breaks as ⏎, shortened past
// 300 characters, escaped (shown).
func oneLine(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\n", " ⏎ ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return shown(s)
}

// shown is text from the server or the repository (a reply, an error, a
// test's name) made safe for every report of a conversation-test run: the
// project's one output escape, whatever the format.
func shown(s string) string { return visible(s) }
