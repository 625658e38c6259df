package doctor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/octosync/octosync/internal/resource"
)

// Report is the outcome of Run: the API checked and its sections, in a
// fixed order.
type Report struct {
	Target   string    `json:"target"`
	OK       bool      `json:"ok"`
	Sections []Section `json:"sections"`
	// Spec marks a CheckSpec report: its failures are in the document.
	Spec bool `json:"-"`
}

// Section is a group of checks under a title ("Connection", "articles in
// demo").
type Section struct {
	Title string `json:"title"`
	// Business and Kind say what a section of one kind in one business
	// checked; empty for the others.
	Business string        `json:"business,omitempty"`
	Kind     resource.Kind `json:"kind,omitempty"`
	Checks   []Check       `json:"checks"`
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
	// Skipped marks a check doctor could not make (Text says why): it
	// neither passes nor fails.
	Skipped bool `json:"skipped,omitempty"`
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

func (s *Section) skip(format string, args ...any) {
	s.Checks = append(s.Checks, Check{OK: true, Skipped: true, Text: fmt.Sprintf(format, args...)})
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

// Counts returns the number of checks made and of failed ones.
func (r *Report) Counts() (all, failed int) {
	for _, s := range r.Sections {
		for _, c := range s.Checks {
			if c.Skipped {
				continue
			}
			all++
			if !c.OK {
				failed++
			}
		}
	}
	return all, failed
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
