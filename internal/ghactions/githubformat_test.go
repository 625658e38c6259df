package ghactions

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// readOutputs parses a $GITHUB_OUTPUT file the way the runner does: lines
// "name=value", or "name<<DELIM" followed by value lines up to a line that
// is exactly DELIM. It fails the test on anything else, so a malformed file
// cannot pass.
func readOutputs(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		if name, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(name, "=") {
			var val []string
			closed := false
			for sc.Scan() {
				if sc.Text() == delim {
					closed = true
					break
				}
				val = append(val, sc.Text())
			}
			if !closed {
				t.Fatalf("%s: output %s: delimiter %s never closes", path, name, delim)
			}
			out[name] = strings.Join(val, "\n")
			continue
		}
		name, val, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: line %q is neither name=value nor name<<delimiter", path, line)
		}
		out[name] = val
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteOutputsFormat(t *testing.T) {
	path := t.TempDir() + "/output"
	// The action itself appends name=value lines to the same file.
	if err := os.WriteFile(path, []byte("exitcode=2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tricky := "line one\nghadelimiter_x\nchanges<<EOF\nlast"
	if err := WriteOutputs(path, []Output{{"summary", tricky}, {"changes", "3"}, {"empty", ""}}); err != nil {
		t.Fatal(err)
	}
	got := readOutputs(t, path)
	want := map[string]string{"exitcode": "2", "summary": tricky, "changes": "3", "empty": ""}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outputs read back = %q, want %q", got, want)
	}
	data, _ := os.ReadFile(path)
	if strings.Count(string(data), "ghadelimiter_") != 2*3+1 {
		t.Errorf("want one fresh delimiter per output, file:\n%s", data)
	}
}

func TestWriteOutputsRejectsBadName(t *testing.T) {
	err := WriteOutputs(t.TempDir()+"/o", []Output{{"a\nb", "x"}})
	if err == nil || !strings.Contains(err.Error(), "not a valid name") {
		t.Fatalf("err = %v", err)
	}
}

func TestAppendSummaryCutsAtLimit(t *testing.T) {
	path := t.TempDir() + "/summary"
	if err := os.WriteFile(path, []byte("# earlier step text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var big strings.Builder
	big.WriteString("```diff\n")
	for big.Len() < 2*SummaryLimit {
		big.WriteString("+ a line of a very long plan\n")
	}
	if err := AppendSummary(path, big.String(), "The whole plan is in the plan-json output."); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if len(data) > SummaryLimit {
		t.Errorf("summary is %d bytes, over GitHub's %d", len(data), SummaryLimit)
	}
	s := string(data)
	if !strings.HasPrefix(s, "# earlier step text\n") {
		t.Error("earlier content lost")
	}
	if !strings.HasSuffix(s, "The whole plan is in the plan-json output.\n") || !strings.Contains(s, "GitHub shows at most 1 MiB") {
		t.Errorf("no cut line at the end: %q", s[len(s)-300:])
	}
	if strings.Count(s, "```")%2 != 0 {
		t.Error("the cut leaves a code fence open, swallowing the cut line")
	}
	// A full file takes nothing more.
	if err := AppendSummary(path, "more", ""); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(path); len(after) != len(data) {
		t.Error("appended to a full summary")
	}
}

func TestAppendSummaryWritesSmallAsIs(t *testing.T) {
	path := t.TempDir() + "/summary"
	if err := AppendSummary(path, "### octosync plan\n", ""); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "### octosync plan\n" {
		t.Errorf("summary = %q", data)
	}
	if err := AppendSummary("", "x", ""); err != nil {
		t.Errorf("no GITHUB_STEP_SUMMARY: %v", err)
	}
}

func TestAnnotationString(t *testing.T) {
	for _, tc := range []struct {
		a    Annotation
		want string
	}{
		{Annotation{Level: LevelError, Message: "50% done\nnext"}, "::error::50%25 done%0Anext"},
		{Annotation{Level: LevelWarning, File: "a,b:c.md", Line: 3, Col: 2, Title: "octosync: drift", Message: "x"},
			"::warning file=a%2Cb%3Ac.md,line=3,col=2,title=octosync%3A drift::x"},
		{Annotation{Level: LevelWarning, File: "a.md", Col: 2, Message: "whole file"}, "::warning file=a.md::whole file"},
		{Annotation{Level: LevelError, Message: "::set-output name=x::y"}, "::error::::set-output name=x::y"},
	} {
		if got := tc.a.String(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}

func TestWorkspacePath(t *testing.T) {
	if got := WorkspacePath("/ws", "/ws/config", "businesses/a.md"); got != "config/businesses/a.md" {
		t.Errorf("got %q", got)
	}
	if got := WorkspacePath("/ws", "/elsewhere", "businesses/a.md"); got != "businesses/a.md" {
		t.Errorf("outside the workspace: got %q", got)
	}
}
