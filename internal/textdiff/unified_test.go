package textdiff

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// patch applies hunks to before the way patch(1) would, checking every
// context and deleted line and every header count.
func patch(before string, hunks []Hunk) (string, error) {
	a := splitLines(before)
	var out []string
	pos := 0
	for k, h := range hunks {
		start := h.OldStart - 1
		if h.OldLines == 0 {
			start = h.OldStart
		}
		if start < pos || start > len(a) {
			return "", fmt.Errorf("hunk %d: old start %d out of order (at line %d of %d)", k, h.OldStart, pos, len(a))
		}
		out = append(out, a[pos:start]...)
		pos = start
		newStart := h.NewStart - 1
		if h.NewLines == 0 {
			newStart = h.NewStart
		}
		if newStart != len(out) {
			return "", fmt.Errorf("hunk %d: new start %d, but %d lines precede it", k, h.NewStart, len(out))
		}
		var olds, news int
		for _, l := range h.Lines {
			piece := l.Text
			if !l.NoNewline {
				piece += "\n"
			}
			switch l.Op {
			case Equal, Delete:
				if pos >= len(a) || a[pos] != piece {
					return "", fmt.Errorf("hunk %d: line %d is not %q", k, pos+1, piece)
				}
				pos++
				olds++
				if l.Op == Equal {
					out = append(out, piece)
					news++
				}
			case Insert:
				out = append(out, piece)
				news++
			default:
				return "", fmt.Errorf("hunk %d: bad op %q", k, l.Op)
			}
		}
		if olds != h.OldLines || news != h.NewLines {
			return "", fmt.Errorf("hunk %d: header %s, body has %d old and %d new lines", k, h.Header(), olds, news)
		}
	}
	out = append(out, a[pos:]...)
	return strings.Join(out, ""), nil
}

// checkShape verifies what Unified promises beyond exactness: deletions
// before insertions in every run of edits, context limits, no hunks that
// should have been merged.
func checkShape(t *testing.T, hunks []Hunk, context int) {
	t.Helper()
	for k, h := range hunks {
		lead := 0
		for lead < len(h.Lines) && h.Lines[lead].Op == Equal {
			lead++
		}
		trail := 0
		for trail < len(h.Lines) && h.Lines[len(h.Lines)-1-trail].Op == Equal {
			trail++
		}
		if lead > context || trail > context || lead == len(h.Lines) {
			t.Errorf("hunk %d: %d leading and %d trailing context lines, context %d", k, lead, trail, context)
		}
		for i := 1; i < len(h.Lines); i++ {
			if h.Lines[i-1].Op == Insert && h.Lines[i].Op == Delete {
				t.Errorf("hunk %d: a deletion follows an insertion at line %d", k, i)
			}
			if h.Lines[i].Op == Equal {
				run := 0
				for i+run < len(h.Lines) && h.Lines[i+run].Op == Equal {
					run++
				}
				if i+run < len(h.Lines) && run > 2*context {
					t.Errorf("hunk %d: %d inner context lines, more than 2×%d", k, run, context)
				}
				i += run - 1
			}
		}
		if k > 0 {
			prev := hunks[k-1]
			if gap := oldFirst(h) - (oldFirst(prev) + prev.OldLines); gap <= 0 {
				t.Errorf("hunks %d and %d touch", k-1, k)
			}
		}
	}
}

// oldFirst is the 0-based index of the hunk's first old line (or of the
// line before which it inserts).
func oldFirst(h Hunk) int {
	if h.OldLines == 0 {
		return h.OldStart
	}
	return h.OldStart - 1
}

func render(hunks []Hunk) string {
	var b strings.Builder
	for _, h := range hunks {
		b.WriteString(h.String())
	}
	return b.String()
}

func TestUnified(t *testing.T) {
	tests := []struct {
		name, before, after string
		context             int
		want                string
	}{
		{name: "equal", before: "a\nb\n", after: "a\nb\n", context: 3, want: ""},
		{name: "both empty", context: 3, want: ""},
		{name: "from empty", before: "", after: "a\nb\n", context: 3, want: "@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{name: "to empty", before: "a\nb", after: "", context: 3,
			want: "@@ -1,2 +0,0 @@\n-a\n-b\n\\ No newline at end of file\n"},
		{name: "one line changed", before: "1\n2\n3\n4\n5\n6\n7\n8\n9\n", after: "1\n2\n3\n4\nfive\n6\n7\n8\n9\n", context: 3,
			want: "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"},
		{name: "single-line header counts", before: "a", after: "b", context: 3,
			want: "@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n"},
		{name: "trailing newline added", before: "a\nb", after: "a\nb\n", context: 3,
			want: "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
		{name: "insert at start", before: "b\nc\n", after: "a\nb\nc\n", context: 0, want: "@@ -0,0 +1 @@\n+a\n"},
		{name: "insert at start with context", before: "b\nc\n", after: "a\nb\nc\n", context: 1, want: "@@ -1 +1,2 @@\n+a\n b\n"},
		{name: "append", before: "a\nb\n", after: "a\nb\nc\n", context: 1, want: "@@ -2 +2,2 @@\n b\n+c\n"},
		{name: "delete in middle, no context", before: "a\nb\nc\n", after: "a\nc\n", context: 0, want: "@@ -2 +1,0 @@\n-b\n"},
		{name: "nearby edits merge", before: "1\n2\n3\n4\n5\n6\n7\n8\n", after: "one\n2\n3\n4\n5\n6\n7\neight\n", context: 3,
			want: "@@ -1,8 +1,8 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+eight\n"},
		{name: "distant edits split", before: "1\n2\n3\n4\n5\n6\n7\n8\n", after: "one\n2\n3\n4\n5\n6\n7\neight\n", context: 1,
			want: "@@ -1,2 +1,2 @@\n-1\n+one\n 2\n@@ -7,2 +7,2 @@\n 7\n-8\n+eight\n"},
		{name: "interleaved edits grouped", before: "a\nx\nb\ny\n", after: "A\nx\nB\nY\n", context: 0,
			want: "@@ -1 +1 @@\n-a\n+A\n@@ -3,2 +3,2 @@\n-b\n-y\n+B\n+Y\n"},
		{name: "negative context", before: "a\nb\n", after: "a\nc\n", context: -2, want: "@@ -2 +2 @@\n-b\n+c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hunks := Unified(tt.before, tt.after, tt.context)
			if got := render(hunks); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			got, err := patch(tt.before, hunks)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.after {
				t.Errorf("patched = %q, want %q", got, tt.after)
			}
			checkShape(t, hunks, max(tt.context, 0))
		})
	}
}

func TestLines(t *testing.T) {
	got := Lines("a\nb\nc", "a\nB\nc")
	want := []Line{{Equal, "a", false}, {Delete, "b", false}, {Insert, "B", false}, {Equal, "c", true}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Lines = %v, want %v", got, want)
	}
}

// mutate applies random line edits to text.
func mutate(r *rand.Rand, lines []string) []string {
	out := append([]string(nil), lines...)
	for range r.IntN(8) {
		i := r.IntN(len(out) + 1)
		switch r.IntN(3) {
		case 0:
			out = append(out[:i], append([]string{fmt.Sprintf("new %d", r.IntN(5))}, out[i:]...)...)
		case 1:
			if i < len(out) {
				out = append(out[:i], out[i+1:]...)
			}
		default:
			if i < len(out) {
				out[i] = fmt.Sprintf("changed %d", r.IntN(5))
			}
		}
	}
	return out
}

func joinText(r *rand.Rand, lines []string) string {
	s := strings.Join(lines, "\n")
	if s != "" && r.IntN(2) == 0 {
		s += "\n"
	}
	return s
}

// TestUnifiedProperty: for random texts and random edits, the hunks patch
// before into after, for every context size.
func TestUnifiedProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 42))
	for iter := range 2000 {
		var base []string
		for range r.IntN(30) {
			base = append(base, fmt.Sprintf("line %d", r.IntN(6))) // repeats on purpose
		}
		before := joinText(r, base)
		after := joinText(r, mutate(r, base))
		for context := range 5 {
			hunks := Unified(before, after, context)
			got, err := patch(before, hunks)
			if err != nil || got != after {
				t.Fatalf("iteration %d, context %d: %v\nbefore %q\nafter  %q\npatched %q\n%s", iter, context, err, before, after, got, render(hunks))
			}
			checkShape(t, hunks, context)
		}
	}
}

func FuzzUnified(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nc\nd", 3)
	f.Add("", "x", 0)
	f.Add("same", "same", 1)
	f.Fuzz(func(t *testing.T, before, after string, context int) {
		context %= 8
		hunks := Unified(before, after, context)
		got, err := patch(before, hunks)
		if err != nil || got != after {
			t.Fatalf("%v: patched %q, want %q", err, got, after)
		}
		checkShape(t, hunks, max(context, 0))
	})
}
