package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/octosync/octosync/internal/convtest"
)

// JUnit XML, in the shape CI systems read (the Jenkins / Ant schema that
// GitHub, GitLab and others accept): one <testsuite> per test file, one
// <testcase> per test, with <failure> (an expectation did not hold),
// <error> (the API failed) or <skipped>.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr"`
	Line      int           `xml:"line,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// ConvTestJUnit writes the JUnit XML report of a conversation-test run.
func ConvTestJUnit(w io.Writer, results []convtest.Result) error {
	out := junitSuites{Name: "octosync test"}
	var total time.Duration
	index := map[string]int{}
	for _, r := range results {
		t := r.Test
		i, ok := index[t.File]
		if !ok {
			i = len(out.Suites)
			index[t.File] = i
			out.Suites = append(out.Suites, junitSuite{Name: shown(t.File)})
		}
		s := &out.Suites[i]
		c := junitCase{Name: shown(t.Name), Classname: shown(t.Business + "." + strings.TrimSuffix(baseName(t.File), ".yaml")), File: shown(t.File), Line: t.Line, Time: seconds(r.Duration)}
		switch {
		case r.Skipped:
			c.Skipped = &junitSkipped{Message: "tagged " + convtest.SkipTag + "; run it with --tag " + convtest.SkipTag}
			s.Skipped++
		case !r.OK:
			p := &junitProblem{Message: failureMessage(r), Text: transcript(r)}
			if hasExpectationFailure(r) {
				p.Type = "expectation"
				c.Failure = p
				s.Failures++
			} else {
				p.Type = "api"
				c.Error = p
				s.Errors++
			}
		}
		s.Tests++
		total += r.Duration
		s.Cases = append(s.Cases, c)
	}
	for i := range out.Suites {
		s := &out.Suites[i]
		var d time.Duration
		for _, r := range results {
			if shown(r.Test.File) == s.Name {
				d += r.Duration
			}
		}
		s.Time = seconds(d)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
	}
	out.Time = seconds(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func baseName(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// failureMessage is a one-line account of a failed test.
func failureMessage(r convtest.Result) string {
	fs := failures(r)
	msg := ""
	if len(fs) > 0 {
		f := fs[0]
		msg = fmt.Sprintf("%s:%d: ", shown(r.Test.File), f.Line)
		if f.Expectation != "" {
			msg += "expected " + f.Expectation + ": "
		}
		msg += f.Message
	}
	if r.Test.Repeat > 1 {
		msg = fmt.Sprintf("%d/%d runs passed, %d needed; first failure: %s", r.Passed, r.Test.Repeat, convtest.Needed(r.Test), msg)
	}
	return msg
}

// transcript is the text report's transcript of r's first failed run.
func transcript(r convtest.Result) string {
	run, ok := convtest.FirstFailed(r)
	if !ok {
		return ""
	}
	var b strings.Builder
	writeTranscript(&b, r.Test, run)
	return b.String()
}

func hasExpectationFailure(r convtest.Result) bool {
	for _, f := range failures(r) {
		if f.Expectation != "" {
			return true
		}
	}
	return false
}
