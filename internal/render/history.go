package render

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/octosync/octosync/internal/history"
	"github.com/octosync/octosync/internal/provider"
)

// HistoryText writes each resource's version history as a table, newest
// version first, in the manner of `helm history`:
//
//	bot-rule "Be kind" in demo (rule_1), businesses/demo/bot-rules/be-kind.yaml
//	VERSION  TIME                  AUTHOR         CHANGE             COMMIT                STATE
//	4        2026-11-02 09:30 UTC  alice (user)   updated            dashboard edit        live
//	3        2026-11-02 09:30 UTC  ci (API key)   updated            1a2b3c4 Be brief      working tree
//
// COMMIT is the commit that held the version's content, "dashboard edit"
// when none did, "-" when it cannot be told (no git history; a delete).
// unknown, when not empty, explains the "-" once, after the tables.
func HistoryText(w io.Writer, hs []history.History, unknown string) error {
	var buf bytes.Buffer
	if len(hs) == 0 {
		buf.WriteString("No versions.\n")
	}
	for i, h := range hs {
		if i > 0 {
			buf.WriteString("\n")
		}
		historyTable(&buf, h)
	}
	if unknown != "" {
		fmt.Fprintf(&buf, "\nCommits are shown as \"-\": %s\n", visible(unknown))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func historyTable(buf *bytes.Buffer, h history.History) {
	l := h.Target.Live
	head := fmt.Sprintf("%s %s in %s (%s)", l.Kind(), quote(l.Title()), l.Business, visible(l.ID))
	if p := h.Target.Path(); p != "" {
		head += ", " + visible(p)
	}
	if l.Deleted() {
		head += ", deleted"
	}
	buf.WriteString(head + "\n")
	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tTIME\tAUTHOR\tCHANGE\tCOMMIT\tSTATE")
	for _, e := range h.Entries {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", e.Number, e.CreatedAt.UTC().Format("2006-01-02 15:04 UTC"),
			cell(author(e.Author)), changeText(e), cell(commitText(e)), state(e))
	}
	_ = tw.Flush()
	for _, line := range strings.SplitAfter(table.String(), "\n") {
		if line != "" {
			buf.WriteString(strings.TrimRight(line, " \n") + "\n")
		}
	}
	if shown := len(h.Entries); shown < h.Total {
		fmt.Fprintf(buf, "(%d of %d versions shown)\n", shown, h.Total)
	}
}

func author(a provider.Author) string {
	switch a.Type {
	case provider.AuthorUser:
		return a.Name + " (user)"
	case provider.AuthorAPIKey:
		return a.Name + " (API key)"
	}
	return a.Name
}

func changeText(e history.Entry) string {
	switch e.ChangeType {
	case provider.ChangeCreate:
		return "created"
	case provider.ChangeUpdate:
		return "updated"
	case provider.ChangeDelete:
		return "deleted"
	case provider.ChangeRestore:
		return fmt.Sprintf("restored from v%d", e.RestoredFrom)
	}
	return cell(string(e.ChangeType))
}

func commitText(e history.Entry) string {
	switch e.Source {
	case history.FromCommit:
		return e.Commit.Short + " " + e.Commit.Subject
	case history.FromDashboard:
		return "dashboard edit"
	}
	return "-"
}

func state(e history.Entry) string {
	var s []string
	if e.Live {
		s = append(s, "live")
	}
	if e.WorkingTree {
		s = append(s, "working tree")
	}
	return strings.Join(s, ", ")
}

// cell is free text made safe for one table cell: escaped, without tabs,
// and cut to 60 characters.
func cell(s string) string {
	s = strings.ReplaceAll(visible(s), "\t", " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}
