package sandbox

// Kind names a kind of business-scoped resource exactly as it appears in API
// paths: "articles", "workflows" or "bot-rules".
type Kind string

// The kinds of resource, in the order the sandbox lists them.
const (
	KindArticle  Kind = "articles"
	KindWorkflow Kind = "workflows"
	KindBotRule  Kind = "bot-rules"
)

// Kinds lists every kind, in a fixed order.
var Kinds = []Kind{KindArticle, KindWorkflow, KindBotRule}

// parseKind maps a path segment to a Kind.
func parseKind(s string) (Kind, bool) {
	switch k := Kind(s); k {
	case KindArticle, KindWorkflow, KindBotRule:
		return k, true
	}
	return "", false
}

// idPrefix is the prefix of the IDs of resources of kind k.
func (k Kind) idPrefix() string {
	switch k {
	case KindArticle:
		return "art_"
	case KindWorkflow:
		return "wf_"
	default:
		return "rule_"
	}
}
