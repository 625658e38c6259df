package lint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
)

// The action heuristic. Instructions tell the bot to call an action by
// quoting its name in backticks ("Call `createReplacementOrder`"). A code
// span is taken for an action name when its whole content, less an optional
// "()", is a lowerCamelCase identifier with at least one upper-case hump:
// `getOrderById` and `issueRefund()` count; `true`, `order_id`,
// `context["order"]`, `GET /orders` and single words like `refund` do not,
// because they are more often values or prose than action names. A name
// that is one of the workflow's variant conditions is not an action either.
// A name that passes and is missing from `actions` gets a warning: the bot
// cannot call an action the workflow does not list. The converse, an action
// listed but never quoted, is normal and not reported.
var (
	codeSpanRE   = regexp.MustCompile("`([^`\n]+)`")
	actionNameRE = regexp.MustCompile(`^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$`)
)

// actionNames returns the action-looking names quoted in text, in order of
// first appearance.
func actionNames(text string) []string {
	var names []string
	seen := map[string]bool{}
	for _, m := range codeSpanRE.FindAllStringSubmatch(text, -1) {
		name := strings.TrimSuffix(strings.TrimSpace(m[1]), "()")
		if actionNameRE.MatchString(name) && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return names
}

// checkActions warns about action names quoted in the instructions or a
// variant's instructions that the workflow's actions do not list.
func checkActions(d *document.Document, w resource.Workflow) diag.List {
	listed := map[string]bool{}
	for _, a := range w.Actions {
		listed[resource.NormalizeLine(a)] = true
	}
	for _, v := range w.Variants {
		listed[resource.NormalizeLine(v.Condition)] = true
	}
	var l diag.List
	report := func(text, where string, fields ...string) {
		for _, name := range actionNames(text) {
			if listed[name] {
				continue
			}
			l.Warningf(d.Path, pos(d, fields...), "%s mention action `%s`, which is not in `actions`: add it to `actions` so the workflow may call it, or fix the name", where, name)
		}
	}
	report(w.Instructions, "instructions", "instructions")
	for i, v := range w.Variants {
		at := fmt.Sprintf("variants[%d]", i)
		report(v.Instructions, fmt.Sprintf("the instructions of variant %q", resource.NormalizeLine(v.Name)), at+".instructions", at)
	}
	return l
}
