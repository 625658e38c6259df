package render

import (
	"encoding/json"
	"io"

	"github.com/octosync/octosync/internal/convtest"
)

// jsonReport is the JSON report, format version 1. New fields may be
// added; existing ones keep their meaning.
type jsonReport struct {
	FormatVersion int         `json:"formatVersion"`
	Tests         []jsonTest  `json:"tests"`
	Summary       jsonSummary `json:"summary"`
}

type jsonSummary struct {
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

type jsonTest struct {
	File       string        `json:"file"`
	Line       int           `json:"line"`
	Business   string        `json:"business"`
	Name       string        `json:"name"`
	Tags       []string      `json:"tags"`
	Status     string        `json:"status"` // pass, fail or skip
	Runs       int           `json:"runs"`
	RunsPassed int           `json:"runsPassed"`
	PassRate   float64       `json:"passRate"`
	Failures   []jsonFailure `json:"failures"` // of the first failed run
	DurationMS int64         `json:"durationMs"`
}

type jsonFailure struct {
	Line        int    `json:"line"`
	Expectation string `json:"expectation"` // "" for an API error
	Message     string `json:"message"`
	Customer    string `json:"customer"`
	Reply       string `json:"reply"`
}

// ConvTestJSON writes the JSON report of a conversation-test run.
func ConvTestJSON(w io.Writer, results []convtest.Result) error {
	s := convtest.Summarize(results)
	out := jsonReport{FormatVersion: 1, Tests: []jsonTest{}, Summary: jsonSummary(s)}
	for _, r := range results {
		t := r.Test
		jt := jsonTest{
			File: shown(t.File), Line: t.Line, Business: shown(t.Business), Name: shown(t.Name), Tags: t.Tags, Runs: len(r.Runs),
			RunsPassed: r.Passed, PassRate: t.PassRate, Failures: []jsonFailure{}, DurationMS: r.Duration.Milliseconds(),
		}
		if jt.Tags == nil {
			jt.Tags = []string{}
		}
		switch {
		case r.Skipped:
			jt.Status = "skip"
		case r.OK:
			jt.Status = "pass"
		default:
			jt.Status = "fail"
		}
		for _, f := range failures(r) {
			jt.Failures = append(jt.Failures, jsonFailure(f))
		}
		out.Tests = append(out.Tests, jt)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// failure is one problem of a failed test's first failed run, flattened for
// the machine-readable reports, every text shown (escaped).
type failure struct {
	Line        int
	Expectation string
	Message     string
	Customer    string
	Reply       string
}

// failures lists the problems of r's first failed run (none for a test that
// passed overall).
func failures(r convtest.Result) []failure {
	if r.OK || r.Skipped {
		return nil
	}
	run, ok := convtest.FirstFailed(r)
	if !ok {
		return nil
	}
	var out []failure
	for _, tr := range run.Turns {
		for _, f := range tr.Failures {
			out = append(out, failure{Line: f.Expectation.Pos.Line, Expectation: shown(f.Expectation.String()), Message: shown(f.Why), Customer: shown(tr.Turn.Customer), Reply: shown(tr.Reply.Text)})
		}
	}
	if run.Err != nil {
		n := len(run.Turns)
		f := failure{Line: errLine(r.Test, n), Message: shown(run.Err.Error())}
		if n < len(r.Test.Turns) {
			f.Customer = shown(r.Test.Turns[n].Customer)
		}
		out = append(out, f)
	}
	return out
}
