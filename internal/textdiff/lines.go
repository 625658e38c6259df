package textdiff

import (
	"github.com/sergi/go-diff/diffmatchpatch"
)

// Lines is the full line diff of before and after: every line of both, in
// order, marked Equal, Delete or Insert. In each run of edits between two
// equal lines the deletions come first.
func Lines(before, after string) []Line {
	a, b := splitLines(before), splitLines(after)

	// Common prefix and suffix need no diffing; the Myers search then only
	// sees the edited middle.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}

	out := make([]Line, 0, len(a)+len(b)-pre-suf)
	for _, p := range a[:pre] {
		out = append(out, newLine(Equal, p))
	}
	out = appendMiddle(out, a[pre:len(a)-suf], b[pre:len(b)-suf])
	for _, p := range a[len(a)-suf:] {
		out = append(out, newLine(Equal, p))
	}
	return out
}

// appendMiddle diffs a and b line by line and appends the result to out.
func appendMiddle(out []Line, a, b []string) []Line {
	if len(a) == 0 || len(b) == 0 {
		return appendReplace(out, a, b)
	}
	ra, rb, table, ok := encode(a, b)
	if !ok {
		return appendReplace(out, a, b) // too many distinct lines; see encode
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // minimal and machine-independent
	var dels, inss []Line
	flush := func() {
		out = append(out, dels...)
		out = append(out, inss...)
		dels, inss = dels[:0], inss[:0]
	}
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		for _, r := range d.Text {
			piece := table[runeIndex(r)]
			switch d.Type {
			case diffmatchpatch.DiffEqual:
				flush()
				out = append(out, newLine(Equal, piece))
			case diffmatchpatch.DiffDelete:
				dels = append(dels, newLine(Delete, piece))
			case diffmatchpatch.DiffInsert:
				inss = append(inss, newLine(Insert, piece))
			}
		}
	}
	flush()
	return out
}

// appendReplace appends a as deleted lines, then b as inserted ones.
func appendReplace(out []Line, a, b []string) []Line {
	for _, p := range a {
		out = append(out, newLine(Delete, p))
	}
	for _, p := range b {
		out = append(out, newLine(Insert, p))
	}
	return out
}

// encode maps each distinct line to one rune, so that a line diff is a
// character diff. Runes skip the surrogate range, which a Go string cannot
// hold; over a million distinct lines fit, and ok is false beyond that.
func encode(a, b []string) (ra, rb []rune, table []string, ok bool) {
	index := make(map[string]rune, len(a)+len(b))
	enc := func(lines []string) []rune {
		rs := make([]rune, len(lines))
		for i, l := range lines {
			r, ok := index[l]
			if !ok {
				r = indexRune(len(table))
				index[l] = r
				table = append(table, l)
			}
			rs[i] = r
		}
		return rs
	}
	ra = enc(a)
	rb = enc(b)
	return ra, rb, table, len(table) <= maxLines
}

const (
	surrogateMin = 0xD800
	surrogateLen = 0xE000 - 0xD800
	maxLines     = 0x10FFFF + 1 - surrogateLen
)

func indexRune(i int) rune {
	if i >= surrogateMin {
		i += surrogateLen
	}
	return rune(i)
}

func runeIndex(r rune) int {
	i := int(r)
	if i >= surrogateMin+surrogateLen {
		i -= surrogateLen
	}
	return i
}
