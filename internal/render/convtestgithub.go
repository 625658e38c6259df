package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/octosync/octosync/internal/convtest"
	"github.com/octosync/octosync/internal/diag"
)

// ConvTestDiagnostics turns the failures of results into error diagnostics at the
// failing expectation's line (the test's line for an API error), so that a
// caller can show them the way it shows any file problem, for example as
// GitHub Actions annotations.
func ConvTestDiagnostics(results []convtest.Result) diag.List {
	var out diag.List
	for _, r := range results {
		for _, f := range failures(r) {
			msg := fmt.Sprintf("test %s: ", quote(r.Test.Name))
			if f.Expectation != "" {
				msg += "expected " + f.Expectation + ": " + f.Message + "; the reply was " + quote(oneLine(f.Reply))
			} else {
				msg += f.Message
			}
			out.Add(diag.Errorf(r.Test.File, diag.Pos{Line: f.Line}, "%s", msg))
		}
	}
	return out.Sort()
}

// ConvTestSummary writes a Markdown table of results, for a GitHub
// Actions step summary ($GITHUB_STEP_SUMMARY).
func ConvTestSummary(w io.Writer, results []convtest.Result) error {
	s := convtest.Summarize(results)
	var b strings.Builder
	fmt.Fprintf(&b, "### octosync test: %d passed, %d failed, %d skipped\n\n", s.Passed, s.Failed, s.Skipped)
	b.WriteString("| | Test | File | Runs |\n|---|---|---|---|\n")
	for _, r := range results {
		status := "✅"
		switch {
		case r.Skipped:
			status = "⏭️"
		case !r.OK:
			status = "❌"
		}
		runs := "—"
		if !r.Skipped {
			runs = fmt.Sprintf("%d/%d", r.Passed, len(r.Runs))
		}
		fmt.Fprintf(&b, "| %s | %s | `%s:%d` | %s |\n", status, mdCell(r.Test.Name), r.Test.File, r.Test.Line, runs)
	}
	for _, r := range results {
		if r.OK || r.Skipped {
			continue
		}
		fmt.Fprintf(&b, "\n<details><summary>❌ %s</summary>\n\n```text\n%s```\n\n</details>\n", mdCell(r.Test.Name), strings.ReplaceAll(transcript(r), "```", "ʼʼʼ"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ", "<", "&lt;", ">", "&gt;").Replace(shown(s))
}
