package values

import (
	"strings"

	"github.com/octosync/octosync/internal/textdiff"
)

// Lost is a placeholder that Restore could not keep: an edit changed or
// removed the text its value rendered to, so the new template holds the
// edited text literally from Offset on.
type Lost struct {
	Name   string
	Offset int // byte offset in the restored template
}

// span is where one part of a template lands in its rendering.
type span struct {
	part       part
	value      string
	start, end int // byte offsets in the rendered text
	intact     bool
}

// Restore returns the template for edited, a text that started as t
// rendered with vals: the parts of edited that are still exactly t's
// rendering of a placeholder become that placeholder again (as t wrote
// it), everything else is literal (escaped). Placeholders whose text an
// edit touched are Lost, in order. An insertion right before or after a
// placeholder's text does not touch it. t must render with vals (see
// Template.Render).
func (t Template) Restore(vals map[string]string, edited string) (string, []Lost, error) {
	rendered, spans, err := t.layout(vals)
	if err != nil {
		return "", nil, err
	}
	edits := textdiff.Chars(rendered, edited)
	markIntact(spans, edits)
	return rebuild(spans, edits)
}

// layout renders t and records where each placeholder's value lands.
func (t Template) layout(vals map[string]string) (string, []span, error) {
	var b strings.Builder
	var spans []span
	for _, p := range t.parts {
		text := p.Text
		if p.Name != "" {
			v, ok := vals[p.Name]
			if !ok {
				return "", nil, &MissingError{Placeholder{Name: p.Name, Offset: p.Offset}}
			}
			text = v
			spans = append(spans, span{part: p, value: v, start: b.Len(), end: b.Len() + len(v)})
		}
		b.WriteString(text)
	}
	return b.String(), spans, nil
}

// markIntact sets intact on every span whose bytes the edits kept and
// into whose inside nothing was inserted.
func markIntact(spans []span, edits []textdiff.Edit) {
	for i := range spans {
		spans[i].intact = true
	}
	pos := 0 // offset in the rendered text
	for _, e := range edits {
		switch e.Op {
		case textdiff.Equal:
			pos += len(e.Text)
		case textdiff.Delete:
			touch(spans, pos, pos+len(e.Text), false)
			pos += len(e.Text)
		case textdiff.Insert:
			touch(spans, pos, pos, true)
		}
	}
}

// touch marks the spans that an edit of [from, to) reaches as not intact:
// a deletion overlapping them, or an insertion strictly inside. An empty
// value's span is reached only by a deletion around it.
func touch(spans []span, from, to int, insert bool) {
	for i := range spans {
		s := &spans[i]
		switch {
		case insert:
			if from > s.start && from < s.end {
				s.intact = false
			}
		case s.start == s.end:
			if from < s.start && to > s.start {
				s.intact = false
			}
		case from < s.end && to > s.start:
			s.intact = false
		}
	}
}

// token is one piece of a restored template: literal text, an intact
// placeholder (part set), or the mark where a lost placeholder was.
type token struct {
	text string
	part *part
	lost string
}

// rebuild writes the new template: edited's text, with each intact span
// replaced by its placeholder and everything else escaped.
func rebuild(spans []span, edits []textdiff.Edit) (string, []Lost, error) {
	var toks []token
	next, pos := 0, 0 // the next span to place; offset in the rendered text
	// place emits the spans that start at pos and returns how many rendered
	// bytes an intact one covers.
	place := func() int {
		for next < len(spans) && spans[next].start == pos {
			s := spans[next]
			next++
			if !s.intact {
				toks = append(toks, token{lost: s.part.Name})
				continue
			}
			toks = append(toks, token{part: &s.part, text: s.value})
			if s.end > s.start {
				return s.end - s.start
			}
		}
		return 0
	}
	for _, e := range edits {
		if e.Op == textdiff.Insert {
			toks = append(toks, token{text: e.Text})
			continue
		}
		text := e.Text
		for len(text) > 0 {
			if skip := place(); skip > 0 {
				text, pos = text[skip:], pos+skip
				continue
			}
			n := len(text)
			if next < len(spans) {
				n = min(n, spans[next].start-pos)
			}
			if e.Op == textdiff.Equal {
				toks = append(toks, token{text: text[:n]})
			}
			text, pos = text[n:], pos+n
		}
	}
	place()
	for ; next < len(spans); next++ {
		toks = append(toks, token{lost: spans[next].part.Name})
	}
	return write(toks)
}

// write joins the tokens, escaping literal text. A placeholder right after
// a literal `$` cannot be written (`$${{` is the escape), so its value
// stays literal and it counts as lost.
func write(toks []token) (string, []Lost, error) {
	var out, lit strings.Builder
	var lost []Lost
	flush := func() {
		out.WriteString(Escape(lit.String()))
		lit.Reset()
	}
	for _, t := range toks {
		switch {
		case t.lost != "":
			lost = append(lost, Lost{Name: t.lost, Offset: out.Len() + len(Escape(lit.String()))})
		case t.part != nil && !strings.HasSuffix(lit.String(), "$") &&
			!(lit.Len() == 0 && strings.HasSuffix(out.String(), "$")):
			flush()
			out.WriteString(t.part.Raw)
		case t.part != nil:
			lost = append(lost, Lost{Name: t.part.Name, Offset: out.Len() + len(Escape(lit.String()))})
			lit.WriteString(t.text)
		default:
			lit.WriteString(t.text)
		}
	}
	flush()
	return out.String(), lost, nil
}
