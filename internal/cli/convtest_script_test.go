package cli

import (
	"encoding/xml"
	"os"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
)

// sandbox-bot-flaky N: make the script sandbox's bot hand off in every N-th
// conversation started from now on (0: never).
func cmdSandboxBotFlaky(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sandbox-bot-flaky N")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	scriptSB(ts).cur.Load().SetBotFlakyEvery(n)
}

// The JUnit XML structure CI systems read (the Jenkins/Ant JUnit schema):
// these structs are the test's own reading of it, independent of the
// writer's types. Attributes the schema requires are pointers, so that a
// missing one is told from a zero.
type junitDoc struct {
	XMLName xml.Name `xml:"testsuites"`
	Tests   *int     `xml:"tests,attr"`
	Suites  []struct {
		Name     *string `xml:"name,attr"`
		Tests    *int    `xml:"tests,attr"`
		Failures *int    `xml:"failures,attr"`
		Errors   *int    `xml:"errors,attr"`
		Skipped  *int    `xml:"skipped,attr"`
		Time     *string `xml:"time,attr"`
		Cases    []struct {
			Name      *string `xml:"name,attr"`
			Classname *string `xml:"classname,attr"`
			Time      *string `xml:"time,attr"`
			Failure   *struct {
				Message *string `xml:"message,attr"`
				Type    *string `xml:"type,attr"`
				Text    string  `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message *string `xml:"message,attr"`
			} `xml:"error"`
			Skipped *struct{} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// junit-valid FILE TESTS FAILURES ERRORS SKIPPED: FILE parses as JUnit XML
// with every attribute the schema requires, its counts add up, and the
// totals are the ones given. Each failure's message and text are printed to
// stdout for the script to match.
func cmdJUnitValid(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 5 {
		ts.Fatalf("usage: junit-valid FILE TESTS FAILURES ERRORS SKIPPED")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	var doc junitDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		ts.Fatalf("%s: not JUnit XML: %v", args[0], err)
	}
	var want [4]int
	for i := range want {
		want[i], err = strconv.Atoi(args[i+1])
		ts.Check(err)
	}
	var got [4]int
	for si, s := range doc.Suites {
		if s.Name == nil || s.Tests == nil || s.Failures == nil || s.Errors == nil || s.Time == nil {
			ts.Fatalf("testsuite %d lacks a required attribute (name, tests, failures, errors, time)", si)
		}
		var f, e, sk int
		for ci, c := range s.Cases {
			if c.Name == nil || c.Classname == nil || c.Time == nil {
				ts.Fatalf("testsuite %s: testcase %d lacks name, classname or time", *s.Name, ci)
			}
			switch {
			case c.Failure != nil:
				if c.Failure.Message == nil || c.Failure.Type == nil {
					ts.Fatalf("testcase %s: failure lacks message or type", *c.Name)
				}
				f++
				_, _ = ts.Stdout().Write([]byte("failure: " + *c.Failure.Message + "\n" + c.Failure.Text))
			case c.Error != nil:
				e++
			case c.Skipped != nil:
				sk++
			}
		}
		if *s.Tests != len(s.Cases) || *s.Failures != f || *s.Errors != e || (s.Skipped != nil && *s.Skipped != sk) {
			ts.Fatalf("testsuite %s: counts (tests %d, failures %d, errors %d) do not match its testcases", *s.Name, *s.Tests, *s.Failures, *s.Errors)
		}
		got[0] += len(s.Cases)
		got[1] += f
		got[2] += e
		got[3] += sk
	}
	if doc.Tests == nil || *doc.Tests != got[0] {
		ts.Fatalf("testsuites tests attribute missing or not the sum of its suites")
	}
	if got != want {
		ts.Fatalf("tests, failures, errors, skipped = %v, want %v", got, want)
	}
}
