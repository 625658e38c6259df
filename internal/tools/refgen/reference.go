package main

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/alecthomas/kong"
	mangokong "github.com/alecthomas/mango-kong"
	"github.com/muesli/roff"

	"github.com/octosync/octosync/internal/cli"
)

// Reference renders the command reference from the kong model: README.md
// (the index), one Markdown page per command, and the man page octosync.1,
// by file name. The help
// text in the grammar is its only source; docs/reference holds the result,
// and a test fails when it is stale.
func Reference() (map[string][]byte, error) {
	model, err := cli.Model()
	if err != nil {
		return nil, err
	}
	pages := map[string][]byte{}
	var index bytes.Buffer
	index.WriteString("# octosync command reference\n\n")
	index.WriteString("Generated from the command line's own help (`go generate ./internal/cli`); do not edit.\n\n")
	index.WriteString("| command | what it does |\n|---|---|\n")
	globals := model.Node.Flags
	for _, n := range leaves(model.Node) {
		name := strings.ReplaceAll(n.FullPath(), " ", "-") + ".md"
		fmt.Fprintf(&index, "| [`%s`](%s) | %s |\n", n.FullPath(), name, n.Help)
		pages[name] = page(n, globals)
	}
	index.WriteString("\nEvery command also takes the global flags:\n\n")
	flagTable(&index, globals)
	index.WriteString("The same reference as a man page: [octosync.1](octosync.1) (`man ./docs/reference/octosync.1`).\n")
	pages["README.md"] = index.Bytes()
	pages["octosync.1"] = []byte(mangokong.NewManPage(1, model).Build(fixedDate{roff.NewDocument()}))
	return pages, nil
}

// leaves are the runnable commands under n, in grammar order.
func leaves(n *kong.Node) []*kong.Node {
	var out []*kong.Node
	for _, c := range n.Children {
		if c.Hidden {
			continue
		}
		if len(c.Children) == 0 {
			out = append(out, c)
			continue
		}
		out = append(out, leaves(c)...)
	}
	return out
}

// page is one command's reference page.
func page(n *kong.Node, globals []*kong.Flag) []byte {
	var b bytes.Buffer
	usage := "octosync " + n.Summary()
	fmt.Fprintf(&b, "# %s\n\n%s\n\n```\n%s\n```\n\n", n.FullPath(), n.Help, usage)
	if n.Detail != "" {
		b.WriteString(strings.TrimSpace(n.Detail) + "\n\n")
	}
	if len(n.Positional) > 0 {
		b.WriteString("## Arguments\n\n| argument | description |\n|---|---|\n")
		for _, a := range n.Positional {
			fmt.Fprintf(&b, "| `%s` | %s |\n", a.Summary(), cell(a.Help))
		}
		b.WriteString("\n")
	}
	var own []*kong.Flag
	for _, group := range n.AllFlags(true) {
		for _, f := range group {
			if !isGlobal(f, globals) {
				own = append(own, f)
			}
		}
	}
	if len(own) > 0 {
		b.WriteString("## Flags\n\n")
		flagTable(&b, own)
	}
	b.WriteString("Global flags (`--help`, `--timeout`) are listed in the [index](README.md).\n")
	return b.Bytes()
}

func isGlobal(f *kong.Flag, globals []*kong.Flag) bool {
	for _, g := range globals {
		if g == f {
			return true
		}
	}
	return false
}

// flagTable writes one row per visible flag.
func flagTable(b *bytes.Buffer, flags []*kong.Flag) {
	b.WriteString("| flag | default | description |\n|---|---|---|\n")
	for _, f := range flags {
		if f.Hidden {
			continue
		}
		name := "--" + f.Name
		if f.Short != 0 {
			name = fmt.Sprintf("-%c, %s", f.Short, name)
		}
		if !f.IsBool() {
			ph := f.PlaceHolder
			if ph == "" {
				ph = strings.ToUpper(f.Name)
			}
			name += "=" + ph
			if f.Enum != "" {
				name += " (" + strings.ReplaceAll(f.Enum, ",", ", ") + ")"
			}
		}
		def := ""
		if f.HasDefault && f.Default != "" {
			def = "`" + f.Default + "`"
		}
		fmt.Fprintf(b, "| `%s` | %s | %s |\n", name, def, cell(f.Help))
	}
	b.WriteString("\n")
}

// cell makes text fit in one table cell.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", "\\|")
}

// fixedDate dates the man page with the day its format was last changed
// instead of today, so the generated reference does not go stale overnight.
type fixedDate struct{ *roff.Document }

func (d fixedDate) Heading(section uint, title, description string, _ time.Time) {
	d.Document.Heading(section, title, description, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
}
