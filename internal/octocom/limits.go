package octocom

import (
	"fmt"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/resource"
)

// Bounds on what a list may announce. The contract's server pages by 50;
// these are far above any real organization and far below what would
// exhaust memory or take hours, so that a hostile or broken server is
// refused at its first page, not after it.
const (
	maxPageSize   = 1000    // items on one page
	maxListItems  = 100_000 // items of one list of resources or versions
	maxBusinesses = 10_000  // businesses of one organization
)

// checkEnvelope refuses a list whose first page announces more than the
// client will read, pages that cannot hold what it announces, or a first
// page without any of the items it announces.
func checkEnvelope(cl call, e envelope, items int) error {
	if problem := envelopeProblem(e, items, cl.path == "/businesses"); problem != "" {
		return brokenContract(cl, problem)
	}
	return nil
}

// envelopeProblem is what is wrong with a first page of items items that
// says e, "" when nothing is; businesses: the list of businesses.
func envelopeProblem(e envelope, items int, businesses bool) string {
	limit, what := maxListItems, "items"
	if businesses {
		limit, what = maxBusinesses, "businesses"
	}
	switch {
	case e.TotalItems < 0 || e.TotalPages < 0 || (e.TotalItems > 0 && e.PageSize < 1):
		return fmt.Sprintf("the pagination %+v is not a valid one", e)
	case e.PageSize > maxPageSize:
		return fmt.Sprintf("the server announced pages of %d items, more than octosync reads (%d)", e.PageSize, maxPageSize)
	case e.TotalItems > limit:
		return fmt.Sprintf("the server announced %d %s, more than octosync reads (%d)", e.TotalItems, what, limit)
	case e.TotalItems > 0 && e.TotalPages > (e.TotalItems+e.PageSize-1)/e.PageSize:
		return fmt.Sprintf("the server announced %d pages for %d %s of %d per page", e.TotalPages, e.TotalItems, what, e.PageSize)
	case e.TotalItems == 0 && e.TotalPages > 1:
		return fmt.Sprintf("the server announced %d pages for no %s", e.TotalPages, what)
	case items == 0 && e.TotalItems > 0:
		// Not a list that changed: a list that is not where octosync
		// reads it. Taking it as empty would plan deletes.
		return fmt.Sprintf("page 1 holds no item of the %d the server announced", e.TotalItems)
	case items > e.PageSize:
		return fmt.Sprintf("a page of %d items holds %d", e.PageSize, items)
	}
	return ""
}

// checkSpec refuses live content that breaks the limits of the contract:
// what the server sends is written to disk by pull, so content no server
// keeping the contract could hold is an error, not data.
func checkSpec(spec resource.Spec, lim config.Limits) error {
	tooLong := func(field, s string, max int) error {
		if n := utf8.RuneCountInString(s); n > max {
			return fmt.Errorf("%s has %d characters, more than the contract allows (%d)", field, n, max)
		}
		return nil
	}
	if err := tooLong("title", spec.GetTitle(), lim.TitleMax); err != nil {
		return err
	}
	switch s := spec.(type) {
	case resource.Article:
		if len(s.Tags) > lim.TagsMax {
			return fmt.Errorf("%d tags, more than the contract allows (%d)", len(s.Tags), lim.TagsMax)
		}
		for _, tag := range s.Tags {
			if err := tooLong("a tag", tag, lim.TagLengthMax); err != nil {
				return err
			}
		}
		return tooLong("content", s.Content, lim.ArticleContentMax)
	case resource.BotRule:
		return tooLong("content", s.Content, lim.BotRuleContentMax)
	case resource.Workflow:
		if len(s.Variants) > lim.VariantsMax {
			return fmt.Errorf("%d variants, more than the contract allows (%d)", len(s.Variants), lim.VariantsMax)
		}
	}
	return nil
}

// brokenContract is the error of a 2xx answer that breaks the contract's
// limits; it is never retried.
func brokenContract(cl call, what string) error {
	return &fatalError{fmt.Errorf("%s %s: %s; the server does not keep the Octocom API contract: check --api-url or OCTOCOM_API_URL", cl.method, cl.target(), what)}
}
