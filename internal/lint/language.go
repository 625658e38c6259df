package lint

import (
	"regexp"
	"strings"

	"golang.org/x/text/language"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
)

// serverLanguageRE is the shape the server accepts for an article's
// language (schema/openapi.yaml, internal/sandbox/validate.go): a
// lower-case language of 2 or 3 letters, then any number of subtags of 2
// to 8 letters or digits in any case ("en", "de-CH", "en-us",
// "de-CH-1996"). Anything else is an error: the server would refuse it.
var serverLanguageRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// languageRE is the conventional spelling of the codes Octocom documents: a
// lower-case ISO 639 language, an optional title-case ISO 15924 script and
// an optional upper-case ISO 3166 or UN M.49 region ("en", "de-CH",
// "zh-Hant-TW", "es-419").
var languageRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`)

// checkLanguage checks an article's language code (after the default of
// octosync.yaml was applied), as octosync sends it (normalized). A code the
// server refuses is an error; one it accepts but that is not written the
// conventional way ("en-us") gets a warning only when its canonical form
// differs in case alone: such codes come back from `octosync pull` as the
// server holds them, and must not stop a plan.
func checkLanguage(d *document.Document, lang string) diag.List {
	var l diag.List
	lang = resource.NormalizeLine(lang)
	switch {
	case lang == "":
		l.Errorf(d.Path, pos(d, "language", "title"), "article has no language: add `language: en` (or another code) to its front matter, or set `defaults.language` in octosync.yaml")
	case !serverLanguageRE.MatchString(lang):
		hint := ""
		if s := suggestLanguage(lang); s != "" {
			hint = "; did you mean `" + s + "`?"
		}
		l.Errorf(d.Path, pos(d, "language", "title"), "language %q is not a language code: write a code like `en` or `de-CH` (lower-case language, optional upper-case region)%s", lang, hint)
	case !languageRE.MatchString(lang):
		// Only a different casing is worth a word: the canonical form of
		// some accepted codes is another code ("tl" → "fil"), which is not
		// this file's business.
		if s := suggestLanguage(lang); s != "" && strings.EqualFold(s, lang) {
			l.Warningf(d.Path, pos(d, "language", "title"), "language %q is accepted, but not spelled the usual way (lower-case language, title-case script, upper-case region): did you mean `%s`?", lang, s)
		}
	}
	return l
}

// suggestLanguage returns the canonical form of a code written loosely
// ("EN_us" → "en-US"), or "" when it is no language code at all, is
// already canonical, or its canonical form is not one the server accepts.
func suggestLanguage(s string) string {
	tag, err := language.Parse(s)
	if err != nil {
		return ""
	}
	c := tag.String()
	if c == s || !serverLanguageRE.MatchString(c) {
		return ""
	}
	return c
}
