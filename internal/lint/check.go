package lint

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
)

// Check runs every semantic check over repo and returns the problems found,
// sorted. It uses repo.Config.Limits, touches the disk only to see whether
// the files articles link to exist, and does not repeat repo.Diags: files
// with structural errors are skipped.
func Check(repo *source.Repo) diag.List {
	c := newChecker(repo)
	docs := c.checkable()

	// Per-file checks are independent; goldmark dominates their cost, so
	// they run in parallel, each result kept at its document's index.
	results := make([]diag.List, len(docs))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range docs {
		g.Go(func() error {
			results[i] = c.checkDocument(docs[i])
			return nil
		})
	}
	_ = g.Wait() // checks report diagnostics, never errors

	var out diag.List
	for _, r := range results {
		out.Add(r...)
	}
	dups := checkDuplicateTitles(docs)
	out.Add(dups...)
	if c.repo.Config != nil {
		out.Add(checkRenderedDuplicateTitles(docs, c.repo.Config.Environments, dups)...)
	}
	out.Add(checkDuplicateIDs(docs)...)
	out.Add(checkEnabledBotRules(docs, c.limits)...)
	return out.Sort()
}

// checker holds what every check needs.
type checker struct {
	repo   *source.Repo
	limits config.Limits
	md     parser.Parser
	files  map[string]bool // repo.Files, to answer most link checks without a stat
	stats  sync.Map        // target path → bool: exists, for the rest
	// work sums the squares of the pieces of Markdown handed to goldmark:
	// a bound on its worst-case cost (quadratic in a piece), which
	// maxMarkdownChunk keeps linear in the bodies' length.
	work atomic.Int64
}

func newChecker(repo *source.Repo) *checker {
	var limits config.Limits
	if repo.Config != nil {
		limits = repo.Config.Limits
	}
	files := make(map[string]bool, len(repo.Files))
	for _, f := range repo.Files {
		files[f] = true
	}
	return &checker{
		repo:   repo,
		limits: withDefaults(limits),
		md:     goldmark.New().Parser(),
		files:  files,
	}
}

// checkable returns the documents without structural errors (in the file
// or in the condition provider file it names), in path order.
func (c *checker) checkable() []*document.Document {
	broken := map[string]bool{}
	for _, d := range c.repo.Diags {
		if d.Severity == diag.Error {
			broken[d.Path] = true
		}
	}
	var docs []*document.Document
	for _, d := range c.repo.Documents {
		// A workflow whose provider file is broken has no provider
		// source: checking its variants would blame the wrong thing.
		if d != nil && d.Spec != nil && !broken[d.Path] && (d.ProviderPath == "" || !broken[d.ProviderPath]) {
			docs = append(docs, d)
		}
	}
	return docs
}

// checkDocument runs the checks that look at one file only.
func (c *checker) checkDocument(d *document.Document) diag.List {
	var l diag.List
	l.Add(c.asRendered(d, c.checkTitle, "title")...)
	switch s := d.Spec.(type) {
	case resource.Article:
		l.Add(checkLanguage(d, s.Language)...)
		tooLong := c.asRendered(d, func(d *document.Document) diag.List {
			return c.checkArticleContent(d, d.Spec.(resource.Article))
		}, "content")
		l.Add(tooLong...)
		l.Add(c.checkTags(d, s.Tags)...)
		l.Add(c.checkMarkdownBounded(d, s.Content, tooLong.HasErrors())...)
		if !tooLong.HasErrors() {
			l.Add(checkTrailingWhitespace(d, s.Content)...)
		}
	case resource.Workflow:
		l.Add(c.asRendered(d, func(d *document.Document) diag.List {
			return checkWorkflowText(d, d.Spec.(resource.Workflow))
		}, "trigger", "instructions")...)
		l.Add(checkActionNames(d, s)...)
		l.Add(c.checkVariants(d, s)...)
		l.Add(c.asRendered(d, func(d *document.Document) diag.List {
			return checkVariantInstructions(d, d.Spec.(resource.Workflow))
		}, variantTextFields(s)...)...)
		l.Add(checkProvider(d, s)...)
		l.Add(checkActions(d, s)...)
	case resource.BotRule:
		l.Add(c.asRendered(d, func(d *document.Document) diag.List {
			return c.checkBotRuleContent(d, d.Spec.(resource.BotRule))
		}, "content")...)
	}
	if c.repo.Config != nil {
		l.Add(checkValues(d, c.repo.Config)...)
	}
	return l
}

// withDefaults returns the server's default limits for a configuration
// that has none at all (a Config built by hand rather than loaded). A loaded
// configuration always carries its limits, where 0 can be meant ("no
// enabled bot rules"), so single zero fields are kept.
func withDefaults(l config.Limits) config.Limits {
	if l == (config.Limits{}) {
		return config.DefaultLimits()
	}
	return l
}

// pos returns the position of the first of fields the document knows, so
// a check can fall back to an enclosing value (a defaulted "enabled" has no
// position of its own; its file's title does). Document.Pos answers 1:1 for
// a field it does not know, a place no value of a YAML key can start at.
func pos(d *document.Document, fields ...string) diag.Pos {
	unknown := diag.Pos{Line: 1, Col: 1}
	for _, f := range fields {
		if p := d.Pos(f); p.Line > 0 && p != unknown {
			return p
		}
	}
	return unknown
}
