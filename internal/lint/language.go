package lint

import (
	"regexp"

	"golang.org/x/text/language"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
)

// languageRE is the shape of the language codes Octocom takes: a lower-case
// ISO 639 language, an optional title-case ISO 15924 script and an optional
// upper-case ISO 3166 or UN M.49 region ("en", "de-CH", "zh-Hant-TW",
// "es-419").
var languageRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`)

// checkLanguage checks an article's language code (after the default of
// octosync.yaml was applied).
func checkLanguage(d *document.Document, lang string) diag.List {
	var l diag.List
	lang = resource.NormalizeLine(lang)
	switch {
	case lang == "":
		l.Errorf(d.Path, pos(d, "language", "title"), "article has no language: add `language: en` (or another code) to its front matter, or set `defaults.language` in octosync.yaml")
	case !languageRE.MatchString(lang):
		hint := ""
		if s := suggestLanguage(lang); s != "" {
			hint = "; did you mean `" + s + "`?"
		}
		l.Errorf(d.Path, pos(d, "language", "title"), "language %q is not a language code: write a code like `en` or `de-CH` (lower-case language, optional upper-case region)%s", lang, hint)
	}
	return l
}

// suggestLanguage returns the canonical form of a code written loosely
// ("EN_us" → "en-US"), or "" when it is no language code at all.
func suggestLanguage(s string) string {
	tag, err := language.Parse(s)
	if err != nil {
		return ""
	}
	c := tag.String()
	if c == s || !languageRE.MatchString(c) {
		return ""
	}
	return c
}
