package textdiff

// Op is what happened to a line: its value is the line's prefix in a
// unified diff.
type Op byte

const (
	Equal  Op = ' '
	Delete Op = '-'
	Insert Op = '+'
)

// Line is one line of a diff. Text excludes the line's newline; NoNewline
// marks the last line of a text that does not end in one (unified diffs
// print "\ No newline at end of file" after it).
type Line struct {
	Op        Op
	Text      string
	NoNewline bool
}

// String is the line as a unified diff prints it, without its newline.
func (l Line) String() string { return string(l.Op) + l.Text }

// splitLines cuts s after every newline; the last piece lacks one when s
// does not end in a newline. "" has no lines.
func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		if i < len(s) {
			i++
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	return out
}

// newLine makes a Line from a piece of splitLines.
func newLine(op Op, piece string) Line {
	if n := len(piece); n > 0 && piece[n-1] == '\n' {
		return Line{Op: op, Text: piece[:n-1]}
	}
	return Line{Op: op, Text: piece, NoNewline: true}
}
