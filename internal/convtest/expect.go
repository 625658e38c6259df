package convtest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/octosync/octosync/internal/provider"
)

type reply = provider.Reply

// noneWorkflow is the workflow expectation that no workflow handled the
// message.
const noneWorkflow = "none"

// checker returns the check of an expectation of kind k with value v
// (re is the compiled pattern of a Regex).
func checker(k Kind, v string, b bool, re *regexp.Regexp) func(reply) (bool, string) {
	switch k {
	case Contains:
		return func(r reply) (bool, string) { return strings.Contains(r.Text, v), "the reply does not contain it" }
	case NotContains:
		return func(r reply) (bool, string) { return !strings.Contains(r.Text, v), "the reply contains it" }
	case IContains:
		return func(r reply) (bool, string) {
			return strings.Contains(strings.ToLower(r.Text), strings.ToLower(v)), "the reply does not contain it, in any case"
		}
	case NotIContains:
		return func(r reply) (bool, string) {
			return !strings.Contains(strings.ToLower(r.Text), strings.ToLower(v)), "the reply contains it"
		}
	case Regex:
		return func(r reply) (bool, string) { return re.MatchString(r.Text), "the reply does not match it" }
	case Workflow:
		return func(r reply) (bool, string) {
			switch {
			case !r.WorkflowReported:
				return false, "the API did not say which workflow handled the message"
			case r.Workflow == nil:
				return v == noneWorkflow, "no workflow handled the message"
			case v == noneWorkflow:
				return false, fmt.Sprintf("workflow %s handled it", quote(r.Workflow.Title))
			}
			return r.Workflow.Title == v || r.Workflow.ID == v, fmt.Sprintf("workflow %s handled it", quote(r.Workflow.Title))
		}
	case Articles:
		return func(r reply) (bool, string) {
			if !r.ArticlesReported {
				return false, "the API did not say which articles the reply used"
			}
			var used []string
			for _, a := range r.Articles {
				if a.Title == v || a.ID == v {
					return true, ""
				}
				used = append(used, quote(a.Title))
			}
			if len(used) == 0 {
				return false, "the reply used no article"
			}
			return false, "the reply used " + strings.Join(used, ", ")
		}
	case HandedOff:
		return func(r reply) (bool, string) {
			if r.HandedOff {
				return b, "the bot handed off"
			}
			return !b, "the bot did not hand off"
		}
	}
	return func(reply) (bool, string) { return false, "unknown expectation " + string(k) }
}

// Check runs the expectation against a reply; why says what was wrong.
func (e Expectation) Check(r provider.Reply) (ok bool, why string) {
	if e.check == nil {
		return false, "the expectation was not parsed"
	}
	return e.check(r)
}

// quote renders text for a message: Go-quoted, so that line breaks and
// trailing spaces show.
func quote(s string) string { return strconv.Quote(s) }
