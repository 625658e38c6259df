package render

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/octosync/octosync/internal/diag"
)

// ValidateText writes validate's report: one line per diagnostic
// (path:line:col: severity: message), then ValidateSummary. With
// opts.Color the severities are red (error) and yellow (warning).
func ValidateText(w io.Writer, diags diag.List, checked int, opts TextOptions) error {
	t := &textWriter{w: w, color: opts.Color}
	for _, d := range diags {
		sev := d.Severity.String()
		if opts.Color {
			color := ansiRed
			if d.Severity == diag.Warning {
				color = ansiYellow
			}
			sev = t.paint(color, sev)
		}
		t.line(visible(d.Where()) + ": " + sev + ": " + visible(d.Message))
	}
	t.line(ValidateSummary(diags, checked))
	return t.err
}

// ValidateSummary is the last line of validate's text report, in the one
// format scripts can rely on: "N errors, M warnings in K files", K counting
// every file checked ("0 errors, 0 warnings in 39 files" when all is well).
func ValidateSummary(diags diag.List, checked int) string {
	return fmt.Sprintf("%s, %s in %s", Plural(diags.Errors(), "error"), Plural(diags.Warnings(), "warning"), Plural(checked, "file"))
}

// Plural is "1 noun" or "N nouns".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// validateJSON is the JSON report, format version 1. New fields may be
// added; existing ones keep their meaning.
type validateJSON struct {
	FormatVersion int                  `json:"formatVersion"`
	Diagnostics   []validateDiagnostic `json:"diagnostics"`
	Summary       validateJSONSummary  `json:"summary"`
}

type validateDiagnostic struct {
	Path     string `json:"path"`
	Line     int    `json:"line"` // 0: the whole file
	Col      int    `json:"col"`  // 0: the whole line
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

type validateJSONSummary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Files    int `json:"files"`   // files with problems
	Checked  int `json:"checked"` // files read
}

// ValidateJSON writes validate's report as JSON, format version 1.
func ValidateJSON(w io.Writer, diags diag.List, checked int) error {
	out := validateJSON{
		FormatVersion: 1,
		Diagnostics:   make([]validateDiagnostic, 0, len(diags)),
		Summary:       validateJSONSummary{Errors: diags.Errors(), Warnings: diags.Warnings(), Files: diags.Files(), Checked: checked},
	}
	for _, d := range diags {
		out.Diagnostics = append(out.Diagnostics, validateDiagnostic{
			Path: d.Path, Line: d.Pos.Line, Col: d.Pos.Col, Severity: d.Severity.String(), Message: d.Message,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
