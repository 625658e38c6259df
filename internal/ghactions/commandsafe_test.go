package ghactions

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// runnerCommands is what the GitHub Actions runner executes from a step's
// log, parsed as the runner parses it: lines end at "\n", "\r\n" or "\r";
// a line whose first non-blank characters are "::" is a command, and so is
// any line holding "##["; after "::stop-commands::TOKEN" nothing is a
// command until the line "::TOKEN::".
func runnerCommands(log string) []string {
	// dotnetWhiteSpace is what .NET's String.TrimStart removes
	// (char.IsWhiteSpace), written out rather than taken from Go's unicode
	// package, so that the sink's rule is checked against the runner's.
	const dotnetWhiteSpace = " \t\n\v\f\r\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
	log = strings.ReplaceAll(log, "\r\n", "\n")
	var out []string
	stopToken := ""
	for _, line := range strings.FieldsFunc(log, func(r rune) bool { return r == '\n' || r == '\r' }) {
		trimmed := strings.TrimLeft(line, dotnetWhiteSpace)
		if stopToken != "" {
			if trimmed == "::"+stopToken+"::" {
				stopToken = ""
			}
			continue
		}
		isCommand := strings.HasPrefix(trimmed, "::") || strings.Contains(line, "##[")
		if !isCommand {
			continue
		}
		out = append(out, trimmed)
		if tok, ok := strings.CutPrefix(trimmed, "::stop-commands::"); ok && tok != "" {
			stopToken = tok
		}
	}
	return out
}

func TestRunnerCommandsParser(t *testing.T) {
	log := "plain\n  ::warning::a\nx ##[error]b\r::stop-commands::tok\n::error::hidden\n::tok::\n\u00a0::notice::c\n"
	got := runnerCommands(log)
	want := []string{"::warning::a", "x ##[error]b", "::stop-commands::tok", "::notice::c"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("runnerCommands = %q, want %q", got, want)
	}
}

// TestCommandSafeNeutralizesEveryWorkflowCommand: whatever text is written
// through the sink, in whatever pieces, the runner finds no command in it,
// and the text reads the same once the zero-width spaces are removed.
func TestCommandSafeNeutralizesEveryWorkflowCommand(t *testing.T) {
	hostile := []string{
		"::set-output name=summary::FORGED\n",
		"  ~ ::add-mask::octosync\n",
		"   ::error file=a.md::fake\n",
		"\u00a0\u3000::warning::unicode blanks\n",
		"title ##[error]x ##[add-mask]y\n",
		"a line\r::error::after a lone carriage return\n",
		"::stop-commands::abc\n::error::x\n::abc::\n",
		"#", "#[warning]split across writes\n",
		":", ":notice::split colon\n",
		"no newline at the end ::x ##[group]",
	}
	var buf bytes.Buffer
	sink := NewCommandSafe(&buf)
	for _, h := range hostile {
		if _, err := sink.Write([]byte(h)); err != nil {
			t.Fatal(err)
		}
	}
	if err := sink.WriteCommand("::warning::octosync's own"); err != nil {
		t.Fatal(err)
	}
	if _, err := sink.Write([]byte("::notice::after")); err != nil {
		t.Fatal(err)
	}
	if err := sink.Flush(); err != nil {
		t.Fatal(err)
	}
	got := runnerCommands(buf.String())
	if len(got) != 1 || got[0] != "::warning::octosync's own" {
		t.Errorf("the runner executes %q, want only octosync's own warning\nlog:\n%s", got, buf.String())
	}
	readable := strings.ReplaceAll(buf.String(), zeroWidthSpace, "")
	for _, h := range []string{"::set-output name=summary::FORGED\n", "title ##[error]x ##[add-mask]y\n", "##[warning]split across writes\n", "no newline at the end ::x ##[group]\n::warning::octosync's own\n"} {
		if !strings.Contains(readable, h) {
			t.Errorf("the log does not read %q:\n%s", h, readable)
		}
	}
}

func TestCommandSafeLongLine(t *testing.T) {
	var buf bytes.Buffer
	sink := NewCommandSafe(&buf)
	long := "::error::" + strings.Repeat("x", maxPendingLine) + "##"
	_, _ = sink.Write([]byte(long))
	_, _ = sink.Write([]byte("[error] tail\n"))
	_ = sink.Flush()
	if got := runnerCommands(buf.String()); len(got) != 0 {
		t.Errorf("a long line executes %d command(s)", len(got))
	}
	if strings.ReplaceAll(buf.String(), zeroWidthSpace, "") != long+"[error] tail\n" {
		t.Error("a long line is not kept whole")
	}
}

// FuzzCommandSafe: whatever is written, in two writes split anywhere, the
// runner finds no command in the output, and removing the zero-width
// spaces gives back exactly what was written.
func FuzzCommandSafe(f *testing.F) {
	for _, s := range []string{"::error::x\n", "a ##[group]b\r\n", " \u00a0::set-output name=a::b", "##", "::stop-commands::t\n::t::\n", "#\r#[x]"} {
		f.Add(s, len(s)/2)
	}
	f.Fuzz(func(t *testing.T, s string, cut int) {
		if strings.Contains(s, zeroWidthSpace) || !utf8.ValidString(s) {
			t.Skip()
		}
		if cut < 0 || cut > len(s) {
			cut = len(s) / 2
		}
		var buf bytes.Buffer
		sink := NewCommandSafe(&buf)
		_, _ = sink.Write([]byte(s[:cut]))
		_, _ = sink.Write([]byte(s[cut:]))
		_ = sink.Flush()
		if cmds := runnerCommands(buf.String()); len(cmds) > 0 {
			t.Errorf("%q executes %q", s, cmds)
		}
		if got := strings.ReplaceAll(buf.String(), zeroWidthSpace, ""); got != s {
			t.Errorf("%q came out as %q", s, got)
		}
	})
}
