package textdiff

import "github.com/sergi/go-diff/diffmatchpatch"

// Edit is one run of a character diff: Text was kept (Equal), removed from
// before (Delete) or added by after (Insert).
type Edit struct {
	Op   Op
	Text string
}

// Chars is the character diff of before and after: concatenating the Equal
// and Delete runs gives before, the Equal and Insert runs gives after. Long
// texts are diffed line by line first and the changed lines character by
// character, with no time limit, so the result is the same on every machine.
func Chars(before, after string) []Edit {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMain(before, after, true)
	out := make([]Edit, 0, len(diffs))
	for _, d := range diffs {
		op := Equal
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = Delete
		case diffmatchpatch.DiffInsert:
			op = Insert
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += d.Text
			continue
		}
		out = append(out, Edit{Op: op, Text: d.Text})
	}
	return out
}
