package lint

import (
	"bytes"
	"unicode/utf8"
)

// maxMarkdownChunk is the most bytes of an article body handed to goldmark
// at once. goldmark's inline parser takes time quadratic in a paragraph's
// length on some inputs (runs of unclosed link openers `[x](`, mismatched
// emphasis `*a_`, nested brackets), and a pull request controls both the
// body and, through articleContentMax, its size: cutting the body into
// pieces of at most this size bounds the work to the body's length times
// this constant, whatever the body.
const maxMarkdownChunk = 4 << 10

// mdChunk is one piece of a body: src[start:end]. code marks a fenced code
// block too long to be a piece of its own: it holds no links, so it is not
// parsed, only looked at for visible text.
type mdChunk struct {
	start, end int
	code       bool
}

// markdownChunks cuts src into pieces of at most bound bytes, in one pass,
// where Markdown allows: a body that fits is one piece; a longer one is cut
// between blocks (at a blank line followed by a line that is not indented,
// outside fenced code), blocks are gathered up to bound, and a block longer
// than bound is cut between lines, then a line longer than bound at a space
// (cutBlock). A fenced code block longer than bound is a piece of its own,
// marked code. A link cut in two is not checked; nothing else changes.
func markdownChunks(src []byte, bound int) []mdChunk {
	if len(src) <= bound {
		return []mdChunk{{0, len(src), false}}
	}
	var out []mdChunk
	start := 0 // of the pending piece
	for _, b := range markdownBlocks(src) {
		switch {
		case b.end-start <= bound:
			continue // the block joins the pending piece
		case b.start > start:
			out = append(out, mdChunk{start, b.start, false})
			start = b.start
		}
		if b.end-b.start <= bound {
			continue
		}
		if b.code {
			out = append(out, mdChunk{b.start, b.end, true})
		} else {
			out = append(out, cutBlock(src, b.start, b.end, bound)...)
		}
		start = b.end
	}
	if start < len(src) {
		out = append(out, mdChunk{start, len(src), false})
	}
	return out
}

// markdownBlocks splits src at blank lines followed by a line that is not
// indented, and around fenced code blocks, which are blocks of their own
// (marked code; an unclosed one runs to the end, as in CommonMark).
func markdownBlocks(src []byte) []mdChunk {
	var out []mdChunk
	start, blank := 0, false
	cut := func(at int) {
		if at > start {
			out = append(out, mdChunk{start, at, false})
			start = at
		}
	}
	var fence []byte // the open fence's marker, nil outside one
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off + 1
		}
		line := src[off:end]
		m := fenceMarker(line)
		switch {
		case fence != nil:
			if m != nil && m[0] == fence[0] && len(m) >= len(fence) && len(bytes.TrimSpace(line)) == len(m) {
				fence = nil
				cut(end)
			}
		case m != nil:
			cut(off)
			fence = m
		case blank && len(line) > 0 && line[0] != ' ' && line[0] != '\t':
			cut(off)
		}
		blank = len(bytes.TrimSpace(line)) == 0
		off = end
	}
	cut(len(src))
	for i := range out {
		out[i].code = fenceMarker(firstLine(src[out[i].start:out[i].end])) != nil
	}
	return out
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

// fenceMarker is the run of ` or ~ (three or more) opening line, after at
// most three spaces; nil when line is no fence.
func fenceMarker(line []byte) []byte {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	if i >= len(line) || (line[i] != '`' && line[i] != '~') {
		return nil
	}
	j := i
	for j < len(line) && line[j] == line[i] {
		j++
	}
	if j-i < 3 {
		return nil
	}
	return line[i:j]
}

// cutBlock cuts src[start:end] into pieces of at most bound bytes: between
// lines where it can, else at the last space outside brackets before bound
// (so a link's text and destination stay whole), else at the last space,
// else at bound (on a rune boundary).
func cutBlock(src []byte, start, end, bound int) []mdChunk {
	var out []mdChunk
	for start < end {
		if end-start <= bound {
			out = append(out, mdChunk{start, end, false})
			break
		}
		window := src[start : start+bound]
		cut := bytes.LastIndexByte(window, '\n') + 1
		if cut <= 0 {
			cut = spaceOutsideBrackets(window) + 1
		}
		if cut <= 0 {
			cut = bytes.LastIndexByte(window, ' ') + 1
		}
		if cut <= 0 {
			cut = bound
			for cut > 1 && !utf8.RuneStart(src[start+cut]) {
				cut--
			}
		}
		out = append(out, mdChunk{start, start + cut, false})
		start += cut
	}
	return out
}

// spaceOutsideBrackets is the index of the last space of b at bracket depth
// 0 ([...] and (...) counted together), or -1.
func spaceOutsideBrackets(b []byte) int {
	last, depth := -1, 0
	for i, c := range b {
		switch c {
		case '[', '(':
			depth++
		case ']', ')':
			depth = max(depth-1, 0)
		case ' ':
			if depth == 0 {
				last = i
			}
		}
	}
	return last
}
