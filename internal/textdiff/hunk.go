package textdiff

import (
	"strconv"
	"strings"
)

// DefaultContext is the number of unchanged lines shown around each edit,
// as in diff -u and git.
const DefaultContext = 3

// Hunk is one group of nearby edits with its context lines. Starts are
// 1-based line numbers; when a side has no lines in the hunk, its start is
// the line after which the hunk applies (0: before the first), as GNU diff
// writes it.
type Hunk struct {
	OldStart, OldLines int
	NewStart, NewLines int
	Lines              []Line
}

// Header is the hunk's "@@ -a,b +c,d @@" line; a count of 1 is left out
// ("@@ -3 +3 @@"), as diff -u and git write it.
func (h Hunk) Header() string {
	return "@@ -" + hunkRange(h.OldStart, h.OldLines) + " +" + hunkRange(h.NewStart, h.NewLines) + " @@"
}

func hunkRange(start, n int) string {
	if n == 1 {
		return strconv.Itoa(start)
	}
	return strconv.Itoa(start) + "," + strconv.Itoa(n)
}

// String renders the hunk as in a unified diff: the header, then every
// line with its prefix, and "\ No newline at end of file" after a line
// without one. Each line ends in a newline.
func (h Hunk) String() string {
	var b strings.Builder
	b.WriteString(h.Header())
	b.WriteByte('\n')
	for _, l := range h.Lines {
		b.WriteString(l.String())
		b.WriteByte('\n')
		if l.NoNewline {
			b.WriteString("\\ No newline at end of file\n")
		}
	}
	return b.String()
}

// Unified groups the line diff of before and after into hunks, each edit
// surrounded by up to context unchanged lines (negative counts as 0); hunks
// whose context would touch or overlap are merged into one. Equal texts
// give no hunks.
func Unified(before, after string, context int) []Hunk {
	if before == after {
		return nil
	}
	context = max(context, 0)
	lines := Lines(before, after)
	n := len(lines)

	// oldNo[i] and newNo[i]: lines of each side before lines[i].
	oldNo := make([]int, n+1)
	newNo := make([]int, n+1)
	for i, l := range lines {
		oldNo[i+1], newNo[i+1] = oldNo[i], newNo[i]
		if l.Op != Insert {
			oldNo[i+1]++
		}
		if l.Op != Delete {
			newNo[i+1]++
		}
	}

	var hunks []Hunk
	for i := 0; i < n; {
		for i < n && lines[i].Op == Equal {
			i++
		}
		if i == n {
			break
		}
		start := max(0, i-context)
		end := i
		for {
			for end < n && lines[end].Op != Equal {
				end++
			}
			gap := end
			for gap < n && lines[gap].Op == Equal {
				gap++
			}
			if gap < n && gap-end <= 2*context {
				end = gap
				continue
			}
			end = min(n, end+context)
			break
		}
		h := Hunk{
			OldStart: oldNo[start] + 1, OldLines: oldNo[end] - oldNo[start],
			NewStart: newNo[start] + 1, NewLines: newNo[end] - newNo[start],
			Lines: lines[start:end:end],
		}
		if h.OldLines == 0 {
			h.OldStart--
		}
		if h.NewLines == 0 {
			h.NewStart--
		}
		hunks = append(hunks, h)
		i = end
	}
	return hunks
}
