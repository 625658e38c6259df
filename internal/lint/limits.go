package lint

import (
	"fmt"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// Lengths are counted in characters (runes) of the normalized value, which
// is what octosync sends and what the server counts.

// checkTitle enforces 1–TitleMax characters.
func (c *checker) checkTitle(d *document.Document) diag.List {
	var l diag.List
	n := utf8.RuneCountInString(resource.NormalizeLine(d.Spec.GetTitle()))
	switch {
	case n == 0 || resource.Blank(d.Spec.GetTitle()):
		l.Errorf(d.Path, pos(d, "title"), "title is empty: give the %s a title of 1 to %d characters", kindSingular(d.Kind), c.limits.TitleMax)
	case n > c.limits.TitleMax:
		l.Errorf(d.Path, pos(d, "title"), "title is %d characters long; the server accepts at most %d: shorten it", n, c.limits.TitleMax)
	}
	return l
}

// checkArticleContent enforces ArticleContentMax; an empty body is
// checkMarkdown's business.
func (c *checker) checkArticleContent(d *document.Document, a resource.Article) diag.List {
	var l diag.List
	// Normalizing only shortens text: count the raw content first and
	// normalize only when it may be too long.
	if utf8.RuneCountInString(a.Content) <= c.limits.ArticleContentMax {
		return l
	}
	if n := utf8.RuneCountInString(resource.NormalizeText(a.Content)); n > c.limits.ArticleContentMax {
		l.Errorf(d.Path, pos(d, "content"), "article content is %d characters long; the server accepts at most %d: split it into several articles", n, c.limits.ArticleContentMax)
	}
	return l
}

// checkBotRuleContent enforces 1–BotRuleContentMax characters.
func (c *checker) checkBotRuleContent(d *document.Document, r resource.BotRule) diag.List {
	var l diag.List
	n := utf8.RuneCountInString(resource.NormalizeText(r.Content))
	switch {
	case resource.Blank(r.Content):
		l.Errorf(d.Path, pos(d, "content", "title"), "bot rule content is empty: write the instruction the bot must always follow (1 to %d characters)", c.limits.BotRuleContentMax)
	case n > c.limits.BotRuleContentMax:
		l.Errorf(d.Path, pos(d, "content", "title"), "bot rule content is %d characters long; the server accepts at most %d: shorten it, or move the details into an article or a workflow", n, c.limits.BotRuleContentMax)
	}
	return l
}

// checkTags enforces TagsMax tags of 1–TagLengthMax characters and warns
// about a tag listed twice.
func (c *checker) checkTags(d *document.Document, tags []string) diag.List {
	var l diag.List
	if len(tags) > c.limits.TagsMax {
		l.Errorf(d.Path, pos(d, fmt.Sprintf("tags[%d]", c.limits.TagsMax), "tags"),
			"article has %d tags; the server accepts at most %d: remove %d", len(tags), c.limits.TagsMax, len(tags)-c.limits.TagsMax)
	}
	first := map[string]int{}
	for i, t := range tags {
		field := fmt.Sprintf("tags[%d]", i)
		t = resource.NormalizeLine(t)
		n := utf8.RuneCountInString(t)
		switch {
		case n == 0:
			l.Errorf(d.Path, pos(d, field, "tags"), "tag %d is empty: remove it", i+1)
			continue
		case n > c.limits.TagLengthMax:
			l.Errorf(d.Path, pos(d, field, "tags"), "tag %q is %d characters long; the server accepts at most %d: shorten it", t, n, c.limits.TagLengthMax)
		}
		if j, ok := first[t]; ok {
			l.Warningf(d.Path, pos(d, field, "tags"), "tag %q is listed twice (tags %d and %d): remove the duplicate", t, j+1, i+1)
			continue
		}
		first[t] = i
	}
	return l
}

// checkEnabledBotRules enforces EnabledBotRulesMax per business. The rules
// past the limit, in path order, each get an error: those are the ones the
// server would refuse if octosync created them in that order.
func checkEnabledBotRules(docs []*document.Document, limits config.Limits) diag.List {
	enabled := map[string][]*document.Document{}
	var order []string
	for _, d := range docs {
		r, ok := d.Spec.(resource.BotRule)
		if !ok || !r.Enabled {
			continue
		}
		b := source.BusinessOf(d.Path)
		if enabled[b] == nil {
			order = append(order, b)
		}
		enabled[b] = append(enabled[b], d)
	}
	var l diag.List
	for _, b := range order {
		rules := enabled[b]
		if len(rules) <= limits.EnabledBotRulesMax {
			continue
		}
		for i, d := range rules[limits.EnabledBotRulesMax:] {
			l.Errorf(d.Path, pos(d, "enabled", "title"),
				"business `%s` has %d enabled bot rules; the server accepts at most %d: disable (`enabled: false`) or delete %d of them (this is enabled rule %d in path order)",
				b, len(rules), limits.EnabledBotRulesMax, len(rules)-limits.EnabledBotRulesMax, limits.EnabledBotRulesMax+i+1)
		}
	}
	return l
}

// kindSingular is the kind's noun as users read it ("bot rule").
func kindSingular(k resource.Kind) string {
	if k == resource.KindBotRule {
		return "bot rule"
	}
	return string(k)
}
