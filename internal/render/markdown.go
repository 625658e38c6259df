package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/octosync/octosync/internal/plan"
)

// MarkdownOptions tune Markdown.
type MarkdownOptions struct {
	// MaxLen bounds the output in bytes (never fewer than characters);
	// 0 means DefaultMaxLen, just under GitHub's 65,536-character limit
	// for comments and step summaries.
	MaxLen int
}

// DefaultMaxLen is MarkdownOptions.MaxLen when unset.
const DefaultMaxLen = 60000

// Markdown writes p for a pull-request comment or a GitHub step summary:
// the sandbox note first, a heading, a summary table, warnings, then one
// collapsed <details> block per change with its fields and ```diff blocks
// for long text. When the whole would exceed MaxLen, blocks are added in
// plan order while they fit, followed by a note saying how many were left
// out. Titles and values are escaped so that no file content can inject
// Markdown or HTML.
func Markdown(w io.Writer, p *plan.Plan, opts MarkdownOptions) error {
	limit := opts.MaxLen
	if limit <= 0 {
		limit = DefaultMaxLen
	}
	var head strings.Builder
	if n := TargetNotice(p, VerbPlan); n != "" {
		head.WriteString("> **Note:** " + n + "\n\n")
	}
	head.WriteString("### octosync plan\n\n")
	s := p.Summary()
	if len(p.Changes) == 0 {
		head.WriteString(NoChanges + "\n")
		if s.Unchanged > 0 {
			fmt.Fprintf(&head, "%d unchanged.\n", s.Unchanged)
		}
		writeWarnings(&head, p.Warnings)
		writeUnmanaged(&head, p.Unmanaged)
		_, err := io.WriteString(w, head.String())
		return err
	}
	head.WriteString("| action | count |\n| --- | ---: |\n")
	for _, r := range []struct {
		name string
		n    int
	}{
		{"`+` create", s.Create}, {"`~` update", s.Update}, {"`<` restore", s.Restore}, {"`-` delete", s.Delete},
		{"`!` drifted", s.Drift}, {"withheld", s.Withheld}, {"unchanged", s.Unchanged},
	} {
		fmt.Fprintf(&head, "| %s | %d |\n", r.name, r.n)
	}
	if !p.HasChanges() {
		head.WriteString("\n" + NothingToApply + "\n")
	}
	writeWarnings(&head, p.Warnings)
	writeUnmanaged(&head, p.Unmanaged)

	blocks := make([]string, len(p.Changes))
	total := head.Len()
	for i, c := range p.Changes {
		blocks[i] = markdownChange(c)
		total += len(blocks[i])
	}
	out := head.String()
	if total <= limit {
		out += strings.Join(blocks, "")
	} else {
		reserve := len(truncationNote(len(blocks), limit))
		shown := 0
		var body strings.Builder
		for _, b := range blocks {
			if len(out)+body.Len()+len(b)+reserve > limit {
				break
			}
			body.WriteString(b)
			shown++
		}
		out += body.String() + truncationNote(len(blocks)-shown, limit)
	}
	_, err := io.WriteString(w, out)
	return err
}

func truncationNote(hidden, limit int) string {
	changes := "changes"
	if hidden == 1 {
		changes = "change"
	}
	return fmt.Sprintf("\n… %d more %s not shown (plan output truncated at %s characters); run `octosync plan` locally for the full plan.\n",
		hidden, changes, thousands(limit))
}

// writeUnmanaged writes the plan's line per kind about the fields octosync
// does not manage.
func writeUnmanaged(b *strings.Builder, us []plan.UnmanagedKind) {
	if len(us) == 0 {
		return
	}
	b.WriteString("\n")
	for _, u := range us {
		b.WriteString("- " + htmlText(u.Line()) + "\n")
	}
}

func writeWarnings(b *strings.Builder, ws []string) {
	if len(ws) == 0 {
		return
	}
	b.WriteString("\n")
	for i, w := range ws {
		if i > 0 {
			b.WriteString(">\n")
		}
		b.WriteString("> **Warning:** " + htmlText(w) + "\n")
	}
}

// markdownChange is one change's <details> block.
func markdownChange(c plan.Change) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n<details><summary><code>%s</code> %s <b>%s</b> in %s %s</summary>\n\n",
		htmlText(c.Symbol()), c.Key.Kind, htmlText(c.Key.Title), htmlText(c.Key.Business), htmlText(headline(c)))
	if c.Drift != nil {
		b.WriteString("**Drift:** " + htmlText(driftNote(c)) + "\n\n")
	}
	if c.Withheld != "" {
		b.WriteString("**Withheld:** " + htmlText(c.HoldText(c.Withheld)) + "\n\n")
	}
	if c.Path != "" {
		b.WriteString("File: <code>" + htmlText(c.Path) + "</code>\n\n")
	}
	for _, r := range rows(c) {
		name := "<b>" + htmlText(r.name) + "</b>"
		switch {
		case brief(c):
			v := r.after
			if c.Action == plan.Delete {
				v = r.before
			}
			if r.text && long(v) {
				fmt.Fprintf(&b, "- %s: %s\n", name, lineCount(v))
			} else {
				fmt.Fprintf(&b, "- %s: <code>%s</code>\n", name, htmlText(value(v)))
			}
		case r.diffRow():
			var d strings.Builder
			for _, h := range hunks(r.before, r.after) {
				d.WriteString(h.Header() + "\n")
				for _, l := range h.Lines {
					d.WriteString(string(l.Op) + visible(l.Text) + "\n")
				}
			}
			f := fence(d.String())
			fmt.Fprintf(&b, "- %s (%s):\n\n%sdiff\n%s%s\n", name, DiffLegend, f, d.String(), f)
		default:
			fmt.Fprintf(&b, "- %s: <code>%s</code> → <code>%s</code>\n", name, htmlText(value(r.before)), htmlText(value(r.after)))
		}
	}
	b.WriteString("\n</details>\n")
	return b.String()
}
