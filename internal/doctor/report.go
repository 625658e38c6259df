package doctor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/octosync/octosync/internal/render"
)

// Report is the outcome of Run: the API checked and its sections, in a
// fixed order.
type Report struct {
	Target   string    `json:"target"`
	OK       bool      `json:"ok"`
	Sections []Section `json:"sections"`
	spec     bool      // a CheckSpec report: its failures are in the document
}

// Section is a group of checks under a title ("Connection", "articles in
// demo").
type Section struct {
	Title  string  `json:"title"`
	Checks []Check `json:"checks"`
}

// Check is one thing octosync relies on, found (OK) or not.
type Check struct {
	OK   bool   `json:"ok"`
	Text string `json:"text"`
	// Breaks says, for a failed check, which commands or behaviours fail
	// while it does.
	Breaks string `json:"breaks,omitempty"`
	// Details list the particulars: each field that differs.
	Details []string `json:"details,omitempty"`
}

func (r *Report) section(title string) *Section {
	r.Sections = append(r.Sections, Section{Title: title})
	return &r.Sections[len(r.Sections)-1]
}

func (s *Section) pass(format string, args ...any) {
	s.Checks = append(s.Checks, Check{OK: true, Text: fmt.Sprintf(format, args...)})
}

func (s *Section) fail(breaks string, details []string, format string, args ...any) {
	s.Checks = append(s.Checks, Check{Text: fmt.Sprintf(format, args...), Breaks: breaks, Details: details})
}

// finish sets OK from the checks.
func (r *Report) finish() {
	r.OK = true
	for _, s := range r.Sections {
		for _, c := range s.Checks {
			r.OK = r.OK && c.OK
		}
	}
}

// counts returns the number of checks and of failed ones.
func (r *Report) counts() (all, failed int) {
	for _, s := range r.Sections {
		for _, c := range s.Checks {
			all++
			if !c.OK {
				failed++
			}
		}
	}
	return all, failed
}

// WriteText writes the report for a terminal. Every line from the server
// (slugs, field names, error messages) is escaped.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "octosync doctor: %s\n", render.Visible(r.Target))
	for _, s := range r.Sections {
		fmt.Fprintf(&b, "\n%s\n", render.Visible(s.Title))
		for _, c := range s.Checks {
			mark := "✓"
			if !c.OK {
				mark = "✗"
			}
			fmt.Fprintf(&b, "  %s %s\n", mark, render.Visible(c.Text))
			for _, d := range c.Details {
				fmt.Fprintf(&b, "      %s\n", render.Visible(d))
			}
			if c.Breaks != "" {
				fmt.Fprintf(&b, "      breaks: %s\n", render.Visible(c.Breaks))
			}
		}
	}
	all, failed := r.counts()
	switch {
	case failed == 0 && r.spec:
		b.WriteString("\nThe document promises everything octosync uses.\n")
	case failed == 0:
		fmt.Fprintf(&b, "\nAll %d checks passed: octosync can work with this API.\n", all)
	case r.spec:
		fmt.Fprintf(&b, "\n%d difference(s): octosync relies on something the document does not promise; see docs/api-client.md before the first apply.\n", failed)
	default:
		fmt.Fprintf(&b, "\n%d of %d checks failed: octosync would fail where each says; see docs/api-client.md before the first apply.\n", failed, all)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
