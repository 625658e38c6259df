package lint

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/values"
)

// evaluateRE finds the function Octocom calls in a condition provider.
var evaluateRE = regexp.MustCompile(`(?m)^[ \t]*def[ \t]+evaluate_conditions[ \t]*\(`)

// checkWorkflowText rejects a trigger or instructions that are only white
// space: the schema requires them, and the server rejects them blank.
func checkWorkflowText(d *document.Document, w resource.Workflow) diag.List {
	var l diag.List
	if resource.Blank(w.Trigger) {
		l.Errorf(d.Path, pos(d, "trigger", "title"), "trigger is blank: say when the bot should follow this workflow, like `trigger: When a customer reports a damaged product.`")
	}
	if resource.Blank(w.Instructions) {
		l.Errorf(d.Path, pos(d, "instructions", "title"), "instructions are blank: write the steps the bot follows when no variant applies")
	}
	return l
}

// checkActionNames rejects a blank action name.
func checkActionNames(d *document.Document, w resource.Workflow) diag.List {
	var l diag.List
	// The server requires every action name (`actions[0]: is required`).
	for i, a := range w.Actions {
		if resource.Blank(a) {
			at := fmt.Sprintf("actions[%d]", i)
			l.Errorf(d.Path, pos(d, at, "actions"), "action %d is blank: write the name of an action of your organization, like `getOrderById`, or remove the entry", i+1)
		}
	}
	return l
}

// checkVariants enforces VariantsMax, non-empty unique variant names and
// a condition provider for any variant condition (checkVariantInstructions
// judges their instructions). It judges the normalized workflow, which is what octosync
// sends: a provider that is only white space is none to the server. Such a
// blank provider is checkProvider's to report, once.
func (c *checker) checkVariants(d *document.Document, w resource.Workflow) diag.List {
	var l diag.List
	// The server refuses a condition when the provider octosync sends is
	// nil. A declared provider that normalizes to nil gets one error from
	// checkProvider; a workflow that declares none gets one per condition.
	sendsNone := w.Normalize().(resource.Workflow).ConditionProvider == nil
	declaresNone := w.ConditionProvider == nil
	if len(w.Variants) > c.limits.VariantsMax {
		l.Errorf(d.Path, pos(d, fmt.Sprintf("variants[%d]", c.limits.VariantsMax), "variants"),
			"workflow has %d variants; the server accepts at most %d: merge or remove %d", len(w.Variants), c.limits.VariantsMax, len(w.Variants)-c.limits.VariantsMax)
	}
	first := map[string]int{}
	for i, v := range w.Variants {
		at := fmt.Sprintf("variants[%d]", i)
		name := resource.NormalizeLine(v.Name)
		switch j, dup := first[name]; {
		case resource.Blank(name):
			l.Errorf(d.Path, pos(d, at+".name", at), "variant %d has no name: name it after the situation it handles", i+1)
		case dup:
			l.Errorf(d.Path, pos(d, at+".name", at), "variant name %q is also used by variant %d: variant names must be unique within a workflow; rename one", name, j+1)
		default:
			first[name] = i
		}
		if cond := resource.NormalizeLine(v.Condition); cond != "" && sendsNone && declaresNone {
			l.Errorf(d.Path, pos(d, at+".condition", at),
				"variant %q has condition `%s` but the workflow has no condition provider: add `conditionProvider: {file: %s.py}` with an evaluate_conditions(context) that returns `%s`, or remove the condition",
				name, cond, strings.TrimSuffix(path.Base(d.Path), path.Ext(d.Path)), cond)
		}
	}
	return l
}

// checkVariantInstructions rejects variant instructions that are only
// white space: the server rejects them (checkDocument runs it on the text
// each environment sends).
func checkVariantInstructions(d *document.Document, w resource.Workflow) diag.List {
	var l diag.List
	for i, v := range w.Variants {
		if resource.Blank(v.Instructions) {
			at := fmt.Sprintf("variants[%d]", i)
			l.Errorf(d.Path, pos(d, at+".instructions", at), "variant %s has blank instructions: write the steps the bot follows when its condition holds", variantLabel(i, resource.NormalizeLine(v.Name)))
		}
	}
	return l
}

// variantTextFields are the names values gives the text fields of w's
// variants (asRendered's fields).
func variantTextFields(w resource.Workflow) []string {
	var out []string
	for _, f := range values.Fields(w) {
		if strings.HasPrefix(f.Name, "variants[") {
			out = append(out, f.Name)
		}
	}
	return out
}

// variantLabel names a variant in a message: by name, else by number.
func variantLabel(i int, name string) string {
	if resource.Blank(name) {
		return fmt.Sprint(i + 1)
	}
	return fmt.Sprintf("%q", name)
}

// checkProvider checks a condition provider's source: it must define
// evaluate_conditions, and should mention every variant's condition (which
// it returns as a key of its result). A provider that is empty or only
// white space is sent as none (resource.Workflow.Normalize), so the server
// refuses it when a variant has a condition; otherwise it is harmless.
func checkProvider(d *document.Document, w resource.Workflow) diag.List {
	var l diag.List
	if w.ConditionProvider == nil {
		return l
	}
	src := *w.ConditionProvider
	what := "the inline condition provider"
	if d.ProviderPath != "" {
		what = "condition provider `" + path.Base(d.ProviderPath) + "`"
	}
	if resource.Blank(src) {
		var conds []string
		for _, v := range w.Variants {
			if cond := resource.NormalizeLine(v.Condition); cond != "" {
				conds = append(conds, "`"+cond+"`")
			}
		}
		if len(conds) > 0 {
			where := "the file"
			if d.ProviderPath == "" {
				where = "`code:`"
			}
			l.Errorf(d.Path, pos(d, "conditionProvider"),
				"%s is empty, but variants have conditions (%s): an empty provider is no provider, and the server refuses conditions without one; write `def evaluate_conditions(context):` returning them in %s, or remove the conditions",
				what, strings.Join(conds, ", "), where)
		}
		return l
	}
	if !evaluateRE.MatchString(src) {
		l.Errorf(d.Path, pos(d, "conditionProvider"),
			"%s does not define `def evaluate_conditions(context):`: Octocom calls it to decide which variant applies; define it and return a dict of condition names to booleans", what)
	}
	for i, v := range w.Variants {
		cond := resource.NormalizeLine(v.Condition)
		if cond == "" || mentions(src, cond) {
			continue
		}
		at := fmt.Sprintf("variants[%d]", i)
		l.Warningf(d.Path, pos(d, at+".condition", at),
			"condition `%s` is never mentioned in %s: evaluate_conditions must return it as a key (`\"%s\": ...`), or variant %q never applies",
			cond, what, cond, resource.NormalizeLine(v.Name))
	}
	return l
}

// mentions reports whether name occurs in src as a whole word: not
// preceded or followed by a letter, digit or underscore.
func mentions(src, name string) bool {
	for off := 0; ; {
		i := strings.Index(src[off:], name)
		if i < 0 {
			return false
		}
		start := off + i
		end := start + len(name)
		if (start == 0 || !isWordByte(src[start-1])) && (end == len(src) || !isWordByte(src[end])) {
			return true
		}
		off = start + 1
	}
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}
