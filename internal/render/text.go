package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/textdiff"
)

// TextOptions tune Text.
type TextOptions struct {
	// Color adds ANSI colours. The caller decides (a terminal, no
	// --no-color, no NO_COLOR).
	Color bool
}

// ANSI escape sequences; no library needed for five colours.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiRed     = "\x1b[31m"
	ansiGreen   = "\x1b[32m"
	ansiYellow  = "\x1b[33m"
	ansiMagenta = "\x1b[35m"
	ansiCyan    = "\x1b[36m"
)

// symbolColor is the colour of each change symbol.
var symbolColor = map[string]string{
	plan.Create.Symbol():  ansiGreen,
	plan.Update.Symbol():  ansiYellow,
	plan.Delete.Symbol():  ansiRed,
	plan.Restore.Symbol(): ansiCyan,
	plan.DriftSymbol:      ansiMagenta,
}

// symbolLegend names each symbol, in legend order.
var symbolLegend = []struct{ symbol, name string }{
	{plan.Create.Symbol(), "create"},
	{plan.Update.Symbol(), "update"},
	{plan.Delete.Symbol(), "delete"},
	{plan.Restore.Symbol(), "restore"},
	{plan.DriftSymbol, "drift"},
}

// Text writes p for a terminal: the sandbox notice, a legend of the
// symbols in use, one block per change (header line, then the drift note,
// withheld reason, file and fields, long text as unified diffs), warnings,
// and the summary. A plan without changes prints NoChanges.
func Text(w io.Writer, p *plan.Plan, opts TextOptions) error {
	t := &textWriter{w: w, color: opts.Color}
	if n := TargetNotice(p, VerbPlan); n != "" {
		t.line(n)
		t.line("")
	}
	if len(p.Changes) == 0 {
		t.warnings(p.Warnings)
		t.unmanaged(p.Unmanaged)
		t.line(t.paint(ansiBold, NoChanges))
		if p.Unchanged > 0 {
			t.line(fmt.Sprintf("%d unchanged.", p.Unchanged))
		}
		return t.err
	}

	t.line("Symbols: " + t.legend(p))
	for _, c := range p.Changes {
		t.line("")
		t.change(c)
	}
	t.line("")
	t.warnings(p.Warnings)
	t.unmanaged(p.Unmanaged)
	first, second := counts(p.Summary())
	t.line(t.paint(ansiBold, first))
	t.line(second)
	if !p.HasChanges() {
		t.line(NothingToApply)
	}
	return t.err
}

// textWriter writes lines and keeps the first error.
type textWriter struct {
	w     io.Writer
	color bool
	err   error
}

func (t *textWriter) line(s string) {
	if t.err == nil {
		_, t.err = io.WriteString(t.w, s+"\n")
	}
}

func (t *textWriter) paint(color, s string) string {
	if !t.color || color == "" {
		return s
	}
	return color + s + ansiReset
}

func (t *textWriter) legend(p *plan.Plan) string {
	used := map[string]bool{}
	for _, c := range p.Changes {
		used[c.Symbol()] = true
	}
	var parts []string
	for _, l := range symbolLegend {
		if used[l.symbol] {
			parts = append(parts, t.paint(symbolColor[l.symbol], l.symbol)+" "+l.name)
		}
	}
	return strings.Join(parts, ", ")
}

func (t *textWriter) warnings(ws []string) {
	for _, w := range ws {
		t.line(t.paint(ansiYellow, "Warning:") + " " + visible(w))
	}
	if len(ws) > 0 {
		t.line("")
	}
}

// unmanaged writes the plan's one line per kind about the fields octosync
// does not manage, then a blank line.
func (t *textWriter) unmanaged(us []plan.UnmanagedKind) {
	for _, u := range us {
		t.line("Note: " + visible(u.Line()))
	}
	if len(us) > 0 {
		t.line("")
	}
}

// change writes one change's block.
func (t *textWriter) change(c plan.Change) {
	sym := c.Symbol()
	t.line(fmt.Sprintf("  %s %s %s in %s %s", t.paint(symbolColor[sym], sym), c.Key.Kind,
		t.paint(ansiBold, quote(c.Key.Title)), visible(c.Key.Business), headline(c)))
	const indent = "      "
	if c.Drift != nil {
		t.line(indent + t.paint(ansiMagenta, "drift:") + " " + visible(driftNote(c)))
	}
	if c.Withheld != "" {
		t.line(indent + t.paint(ansiYellow, "withheld:") + " " + visible(c.HoldText(c.Withheld)))
	}
	if c.Path != "" {
		t.line(indent + "file: " + visible(c.Path))
	}

	rs := rows(c)
	width := 0
	for _, r := range rs {
		width = max(width, len(r.name))
	}
	for _, r := range rs {
		label := fmt.Sprintf("%s%-*s ", indent, width+1, r.name+":")
		switch {
		case brief(c):
			v := r.after
			if c.Action == plan.Delete {
				v = r.before
			}
			if r.text && long(v) {
				t.line(label + lineCount(v))
			} else {
				t.line(label + value(v))
			}
		case r.diffRow():
			t.line(strings.TrimRight(label, " ") + " (" + DiffLegend + ")")
			t.hunks(indent+"  ", hunks(r.before, r.after))
		default:
			t.line(label + value(r.before) + " → " + value(r.after))
		}
	}
}

func (t *textWriter) hunks(indent string, hs []textdiff.Hunk) {
	for _, h := range hs {
		t.line(indent + t.paint(ansiCyan, h.Header()))
		for _, l := range h.Lines {
			color := ""
			switch l.Op {
			case textdiff.Delete:
				color = ansiRed
			case textdiff.Insert:
				color = ansiGreen
			}
			t.line(indent + t.paint(color, string(l.Op)+visible(l.Text)))
		}
	}
}
