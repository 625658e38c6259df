package resource

import (
	"fmt"
	"strings"
)

// Kind is one of the three kinds of configuration. Its value is the singular
// name users see in plans and pass to --kind.
type Kind string

const (
	KindArticle  Kind = "article"
	KindWorkflow Kind = "workflow"
	KindBotRule  Kind = "bot-rule"
)

// Kinds lists every kind in dependency order: creates and updates run in this
// order, deletes in reverse. Articles come first because workflows and rules
// may refer to knowledge the bot already has.
var Kinds = []Kind{KindArticle, KindWorkflow, KindBotRule}

// Dir is the kind's plural name: the folder under businesses/<slug>/ and the
// path segment of the REST API.
func (k Kind) Dir() string {
	switch k {
	case KindArticle:
		return "articles"
	case KindWorkflow:
		return "workflows"
	case KindBotRule:
		return "bot-rules"
	}
	return string(k)
}

// Level is the kind's position in Kinds; lower levels are created first.
func (k Kind) Level() int {
	for i, kk := range Kinds {
		if kk == k {
			return i
		}
	}
	return len(Kinds)
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return k.Level() < len(Kinds) }

// ParseKind accepts a kind by its singular or plural name ("article",
// "articles", "bot-rule", "bot-rules", "botrule", case-insensitive).
func ParseKind(s string) (Kind, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	n = strings.ReplaceAll(n, "_", "-")
	for _, k := range Kinds {
		if n == string(k) || n == k.Dir() || strings.ReplaceAll(n, "-", "") == strings.ReplaceAll(string(k), "-", "") ||
			strings.ReplaceAll(n, "-", "") == strings.ReplaceAll(k.Dir(), "-", "") {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown kind %q: use article, workflow or bot-rule", s)
}

// KindFromDir maps a folder name ("articles") to its kind.
func KindFromDir(dir string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Dir() == dir {
			return k, true
		}
	}
	return "", false
}
