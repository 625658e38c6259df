package lint

import (
	"fmt"
	"strings"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/values"
	"github.com/octosync/octosync/internal/yamlnode"
)

// checkValues checks every ${{ values.NAME }} placeholder of d: it must be
// well formed, and every environment of cfg must give it a value, since the
// file is rendered for each of them (docs/environments.md). In a repository
// without environments `${{` is plain text, as it always was.
func checkValues(d *document.Document, cfg *config.Config) diag.List {
	if len(cfg.Environments) == 0 {
		return nil
	}
	var texts []placed
	for _, f := range values.Fields(d.Spec) {
		texts = append(texts, placed{text: f.Text, pos: func(offset int) diag.Pos { return d.TextPos(f.Name, f.Text, offset) }})
	}
	return checkPlaceholders(d.Path, cfg, texts)
}

// CheckTexts checks the placeholders of texts of the file path that are
// not resource fields, the way checkValues checks a resource file's: the
// texts of a conversation test (convtest.Test.Texts), which `octosync test
// --env` renders for every environment.
func CheckTexts(cfg *config.Config, path string, texts []values.Located) diag.List {
	if cfg == nil || len(cfg.Environments) == 0 {
		return nil
	}
	placedTexts := make([]placed, len(texts))
	for i, x := range texts {
		placedTexts[i] = placed{text: x.Text, pos: x.Pos}
	}
	return checkPlaceholders(path, cfg, placedTexts)
}

// placed is a text of a file and where each of its byte offsets lies.
type placed struct {
	text string
	pos  func(offset int) diag.Pos
}

// checkPlaceholders reports, in path, each malformed `${{` of texts and
// each placeholder that some environment of cfg has no value for.
func checkPlaceholders(path string, cfg *config.Config, texts []placed) diag.List {
	var l diag.List
	names := cfg.ValueNames()
	for _, x := range texts {
		t, errs := values.Parse(x.text)
		for _, e := range errs {
			l.Errorf(path, x.pos(e.Offset), "%v", e)
		}
		for _, p := range t.Placeholders() {
			if msg := missingValue(cfg, names, p.Name); msg != "" {
				l.Errorf(path, x.pos(p.Offset), "${{ values.%s }}: %s", p.Name, msg)
			}
		}
	}
	return l
}

// missingValue says which environments lack a value for name, and what to
// do; "" when every environment has one.
func missingValue(cfg *config.Config, names []string, name string) string {
	var lacking []string
	for _, e := range cfg.Environments {
		if _, ok := e.Values[name]; !ok {
			lacking = append(lacking, e.Name)
		}
	}
	if len(lacking) == 0 {
		return ""
	}
	where := make([]string, len(lacking))
	for i, e := range lacking {
		where[i] = "environments." + e + ".values"
	}
	msg := fmt.Sprintf("%s has no value for it in %s", config.FileName, strings.Join(where, " or "))
	if s, ok := yamlnode.Suggest(name, names); ok && s != name {
		return msg + fmt.Sprintf(": did you mean ${{ values.%s }}?", s)
	}
	return msg + fmt.Sprintf(": add `%s: TEXT` there", name)
}
