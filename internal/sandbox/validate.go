package sandbox

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/octosync/octosync/internal/config"
)

// limits are the API contract's (docs/design.md §8), from their one home:
// config.DefaultLimits, which validate checks files against. Lengths count
// characters (Unicode code points), not bytes.
var limits = config.DefaultLimits()

// languagePattern is the BCP-47-like shape an article language must have:
// "en", "de-CH", "zh-Hant-TW".
var languagePattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

func validateTitle(title string) []FieldError {
	switch n := utf8.RuneCountInString(title); {
	case n == 0:
		return []FieldError{{"title", "is required"}}
	case strings.TrimSpace(title) == "":
		return []FieldError{{"title", "must not be only whitespace"}}
	case n > limits.TitleMax:
		return []FieldError{{"title", fmt.Sprintf("must be at most %d characters, is %d", limits.TitleMax, n)}}
	}
	return nil
}

// required reports a field that must not be empty or whitespace.
func required(field, value string) []FieldError {
	if strings.TrimSpace(value) == "" {
		return []FieldError{{field, "is required"}}
	}
	return nil
}

func (a *Article) validate() []FieldError {
	errs := validateTitle(a.Title)
	if n := utf8.RuneCountInString(a.Content); n > limits.ArticleContentMax {
		errs = append(errs, FieldError{"content", fmt.Sprintf("must be at most %d characters, is %d", limits.ArticleContentMax, n)})
	}
	switch {
	case a.Language == "":
		errs = append(errs, FieldError{"language", "is required"})
	case !languagePattern.MatchString(a.Language):
		errs = append(errs, FieldError{"language", fmt.Sprintf("%q is not a language tag like en or de-CH", a.Language)})
	}
	if len(a.Tags) > limits.TagsMax {
		errs = append(errs, FieldError{"tags", fmt.Sprintf("must hold at most %d tags, holds %d", limits.TagsMax, len(a.Tags))})
	}
	for i, t := range a.Tags {
		if n := utf8.RuneCountInString(t); n < 1 || n > limits.TagLengthMax {
			errs = append(errs, FieldError{index("tags", i), fmt.Sprintf("must be 1 to %d characters, is %d", limits.TagLengthMax, n)})
		}
	}
	return errs
}

func (r *BotRule) validate() []FieldError {
	errs := validateTitle(r.Title)
	switch n := utf8.RuneCountInString(r.Content); {
	case strings.TrimSpace(r.Content) == "":
		errs = append(errs, FieldError{"content", "is required"})
	case n > limits.BotRuleContentMax:
		errs = append(errs, FieldError{"content", fmt.Sprintf("must be at most %d characters, is %d", limits.BotRuleContentMax, n)})
	}
	return errs
}

func (w *Workflow) validate() []FieldError {
	errs := validateTitle(w.Title)
	errs = append(errs, required("trigger", w.Trigger)...)
	errs = append(errs, required("instructions", w.Instructions)...)
	for i, a := range w.Actions {
		errs = append(errs, required(index("actions", i), a)...)
	}
	if len(w.Variants) > limits.VariantsMax {
		errs = append(errs, FieldError{"variants", fmt.Sprintf("must hold at most %d variants, holds %d", limits.VariantsMax, len(w.Variants))})
	}
	hasProvider := w.ConditionProvider != nil && strings.TrimSpace(*w.ConditionProvider) != ""
	seen := map[string]int{}
	for i, v := range w.Variants {
		p := index("variants", i)
		errs = append(errs, required(p+".name", v.Name)...)
		errs = append(errs, required(p+".instructions", v.Instructions)...)
		if v.Name != "" {
			if j, dup := seen[v.Name]; dup {
				errs = append(errs, FieldError{p + ".name", fmt.Sprintf("%q is already the name of variants[%d]; variant names must be unique", v.Name, j)})
			} else {
				seen[v.Name] = i
			}
		}
		if v.Condition != "" && !hasProvider {
			errs = append(errs, FieldError{p + ".condition", "a variant with a condition needs a conditionProvider"})
		}
	}
	return errs
}
