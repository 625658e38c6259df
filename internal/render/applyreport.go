package render

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/octosync/octosync/internal/apply"
	"github.com/octosync/octosync/internal/plan"
)

// ApplyText writes an apply report for people: one line per change tried
// or skipped (applied, failed with the API's reason, skipped with why), in
// plan order, then a summary line.
func ApplyText(w io.Writer, r *apply.Report, opts TextOptions) error {
	t := &textWriter{w: w, color: opts.Color}
	for _, res := range r.Results {
		c := res.Change
		action := string(c.Action)
		if c.Action == plan.Restore {
			action = fmt.Sprintf("restore of version %d", c.RestoreVersion)
		}
		subject := fmt.Sprintf("%s %s/%s %s", action, visible(c.Key.Business), c.Key.Kind, quote(c.Key.Title))
		switch res.Outcome {
		case apply.Applied:
			note := ""
			if res.Version > 0 {
				note = fmt.Sprintf(" (now version %d)", res.Version)
			}
			if res.Adopted {
				note = " (its answer was lost; found live, not created again)"
			}
			t.line("  " + t.paint(ansiGreen, "applied") + " " + subject + note)
		case apply.Failed:
			t.line("  " + t.paint(ansiRed, "failed ") + " " + subject + ": " + visible(res.Reason))
		case apply.Skipped:
			t.line("  " + t.paint(ansiYellow, "skipped") + " " + subject + ": " + visible(res.Reason))
		}
	}
	applied, failed, skipped := r.Count(apply.Applied), r.Count(apply.Failed), r.Count(apply.Skipped)
	noun := "changes"
	if applied == 1 {
		noun = "change"
	}
	summary := fmt.Sprintf("Applied %d %s, %d failed, %d skipped.", applied, noun, failed, skipped)
	if r.Interrupted {
		summary += " Interrupted: the rest was not started."
	}
	t.line("")
	t.line(summary)
	return t.err
}

// reportJSON is format version 1 of the apply report.
type reportJSON struct {
	FormatVersion int `json:"formatVersion"`
	Summary       struct {
		Applied int `json:"applied"`
		Failed  int `json:"failed"`
		Skipped int `json:"skipped"`
	} `json:"summary"`
	Interrupted bool               `json:"interrupted"`
	Results     []reportResultJSON `json:"results"`
}

type reportResultJSON struct {
	Action   string `json:"action"`
	Kind     string `json:"kind"`
	Business string `json:"business"`
	Title    string `json:"title"`
	Path     string `json:"path,omitempty"`
	ID       string `json:"id,omitempty"`
	Outcome  string `json:"outcome"`
	Reason   string `json:"reason,omitempty"`
	Version  int    `json:"version,omitempty"`
	Adopted  bool   `json:"adopted,omitempty"`
}

// ApplyJSON writes an apply report as JSON, format version 1.
func ApplyJSON(w io.Writer, r *apply.Report) error {
	out := reportJSON{FormatVersion: 1, Interrupted: r.Interrupted, Results: []reportResultJSON{}}
	out.Summary.Applied, out.Summary.Failed, out.Summary.Skipped = r.Count(apply.Applied), r.Count(apply.Failed), r.Count(apply.Skipped)
	for _, res := range r.Results {
		c := res.Change
		id := res.ID
		if id == "" {
			id = c.Key.ID
		}
		out.Results = append(out.Results, reportResultJSON{
			Action: string(c.Action), Kind: string(c.Key.Kind), Business: c.Key.Business, Title: c.Key.Title,
			Path: c.Path, ID: id, Outcome: string(res.Outcome), Reason: res.Reason, Version: res.Version, Adopted: res.Adopted,
		})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
