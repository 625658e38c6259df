package ghactions

import (
	"fmt"
	"github.com/octosync/octosync/internal/render"
	"strings"
)

// ValidateDone publishes a validation: the problems in the step summary
// (their annotations are printed by the command) and the summary output,
// "N errors, M warnings in K files".
func (s *Step) ValidateDone(summary string, problems []string) error {
	if !s.Enabled() {
		return nil
	}
	var md strings.Builder
	md.WriteString("### octosync validate\n\n" + render.MarkdownText(summary) + "\n")
	if len(problems) > 0 {
		md.WriteString("\n")
		for _, p := range problems {
			md.WriteString("- " + render.MarkdownText(p) + "\n")
		}
	}
	md.WriteString("\n")
	if err := AppendSummary(s.Env.SummaryFile, md.String(), "Every problem is in the job's log."); err != nil {
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	if err := WriteOutputs(s.Env.OutputFile, []Output{{"summary", summary}}); err != nil {
		return fmt.Errorf("GITHUB_OUTPUT: %w", err)
	}
	return nil
}
