package ghactions

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/gitrepo"
	"github.com/octosync/octosync/internal/plan"
	"github.com/octosync/octosync/internal/render"
)

// resultReserve is room kept in a plan comment for the apply-result block
// that apply adds later.
const resultReserve = 1024

// PlanCommentBody is the sticky comment showing p for the repository
// directory dir at the pull request's head commit head: the marker
// (carrying p's environment, fp and head), the directory and environment,
// the plan in
// Markdown, and a footer with the fingerprint, the commit and the run. A
// plan that does not fit in CommentLimit characters is cut, with a pointer
// to the run's step summary, which holds the whole plan.
func PlanCommentBody(e Env, dir, commit string, p *plan.Plan, fp Fingerprint) (string, error) {
	var head strings.Builder
	head.WriteString(Marker{Dir: dir, Env: p.Environment, Fingerprint: fp, Head: commit}.String() + "\n")
	if p.Environment != "" {
		fmt.Fprintf(&head, "**Environment:** `%s`\n\n", strings.ReplaceAll(p.Environment, "`", "'"))
	}
	if dir != "." {
		fmt.Fprintf(&head, "**Directory:** `%s`\n\n", strings.ReplaceAll(dir, "`", "'"))
	}
	foot := "\n<sub>Plan fingerprint `" + fp.Short() + "`"
	if commit != "" {
		foot += " for commit " + gitrepo.ShortHash(commit)
	}
	if u := e.RunURL(); u != "" {
		foot += " · [workflow run](" + u + ")"
	}
	foot += ". `apply --require-reviewed-plan` applies it on merge only if the plan is still the same.</sub>\n"

	budget := CommentLimit - utf8.RuneCountInString(head.String()+foot) - resultReserve
	var md bytes.Buffer
	if err := render.Markdown(&md, p, render.MarkdownOptions{MaxLen: 1 << 30}); err != nil {
		return "", err
	}
	if utf8.RuneCount(md.Bytes()) > budget {
		where := "the step summary of this workflow run"
		if u := e.RunURL(); u != "" {
			where = "the step summary of [this workflow run](" + u + ")"
		}
		pointer := "\n**This plan is too long for a comment:** the whole plan is in " + where + ".\n"
		md.Reset()
		// MaxLen counts bytes, never fewer than characters: the cut plan
		// fits in budget characters.
		if err := render.Markdown(&md, p, render.MarkdownOptions{MaxLen: budget - len(pointer)}); err != nil {
			return "", err
		}
		md.WriteString(pointer)
	}
	return head.String() + md.String() + foot, nil
}
