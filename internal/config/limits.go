package config

// Limits are the Octocom server's limits (docs/design.md §8). validate checks files
// against them so that apply never meets a 422; octosync.yaml can override
// each one for a plan with other limits. Lengths count characters.
type Limits struct {
	TitleMax           int // characters in a title
	ArticleContentMax  int // characters in an article's content
	BotRuleContentMax  int // characters in a bot rule's content
	EnabledBotRulesMax int // enabled bot rules per business
	VariantsMax        int // variants per workflow
	TagsMax            int // tags per article
	TagLengthMax       int // characters in a tag
}

// DefaultLimits are the limits the API documents: the one home of these
// numbers, which the sandbox enforces too.
func DefaultLimits() Limits {
	return Limits{
		TitleMax:           200,
		ArticleContentMax:  50000,
		BotRuleContentMax:  500,
		EnabledBotRulesMax: 25,
		VariantsMax:        10,
		TagsMax:            20,
		TagLengthMax:       50,
	}
}

// limitKeys binds each octosync.yaml key under `limits:` to its field, in
// the order Render writes them.
var limitKeys = []struct {
	key   string
	field func(*Limits) *int
}{
	{"titleMax", func(l *Limits) *int { return &l.TitleMax }},
	{"articleContentMax", func(l *Limits) *int { return &l.ArticleContentMax }},
	{"botRuleContentMax", func(l *Limits) *int { return &l.BotRuleContentMax }},
	{"enabledBotRulesMax", func(l *Limits) *int { return &l.EnabledBotRulesMax }},
	{"variantsMax", func(l *Limits) *int { return &l.VariantsMax }},
	{"tagsMax", func(l *Limits) *int { return &l.TagsMax }},
	{"tagLengthMax", func(l *Limits) *int { return &l.TagLengthMax }},
}
