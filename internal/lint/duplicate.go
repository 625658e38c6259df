package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/source"
	"github.com/octosync/octosync/internal/values"
)

// checkDuplicateTitles reports files of one business and kind that share a
// title when at least one of them has no id: a file without an id is bound
// to its live resource by title, so the pair cannot be told apart. Every
// file of such a group gets an error naming the others. docs are in path
// order, and so are the groups' members.
func checkDuplicateTitles(docs []*document.Document) diag.List {
	order, groups := titleGroups(docs, func(d *document.Document) (string, bool) { return d.Spec.GetTitle(), true })
	var out diag.List
	for _, k := range order {
		g := groups[k]
		if len(g) < 2 || allHaveIDs(g) {
			continue
		}
		for _, d := range g {
			out.Errorf(d.Path, pos(d, "title"),
				"duplicate title %q among the %s of business `%s` (also in %s): %s",
				k.title, kindPlural(k.kind), k.business, others(d, g, "title"), duplicateAdvice(d, g))
		}
	}
	return out
}

// titleKey is what binds a file without an id: its business, kind and
// title (resource.TitleKey).
type titleKey struct {
	business string
	kind     resource.Kind
	title    string
}

// titleGroups groups docs by business, kind and title (as title gives
// it; false leaves a document out, and so does an empty title), the keys
// in the order of their first document.
func titleGroups(docs []*document.Document, title func(*document.Document) (string, bool)) ([]titleKey, map[titleKey][]*document.Document) {
	groups := map[titleKey][]*document.Document{}
	var order []titleKey
	for _, d := range docs {
		t, ok := title(d)
		if !ok || resource.TitleKey(t) == "" {
			continue
		}
		k := titleKey{source.BusinessOf(d.Path), d.Kind, resource.TitleKey(t)}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], d)
	}
	return order, groups
}

// checkRenderedDuplicateTitles reports, in a repository with environments,
// files of one business and kind that an environment cannot tell apart
// although the files as written can: their titles agree once rendered
// with its values, or they share a title and all have ids but the
// environment does not hold the files' ids (it binds every file by its
// title). Plan would stop on the ambiguity in that environment only; a
// group checkDuplicateTitles already reports (asWrittenDups) is not
// reported again, and a finding the same in several environments is
// reported once, naming them.
func checkRenderedDuplicateTitles(docs []*document.Document, envs []config.Environment, asWrittenDups diag.List) diag.List {
	if len(envs) == 0 {
		return nil
	}
	asWritten := map[string]bool{}
	for _, f := range asWrittenDups {
		asWritten[f.Path] = true
	}
	return perEnvironment(envs, func(e config.Environment) diag.List {
		keys, groups := titleGroups(docs, func(d *document.Document) (string, bool) {
			title, err := values.RenderText(d.Spec.GetTitle(), e.Values)
			return title, err == nil // checkValues reports a title that does not render
		})
		var out diag.List
		for _, k := range keys {
			g := groups[k]
			if len(g) < 2 || e.IDs && allHaveIDs(g) || !slices.ContainsFunc(g, func(d *document.Document) bool { return !asWritten[d.Path] }) {
				continue
			}
			why := "their titles agree once rendered"
			if !slices.ContainsFunc(g, func(d *document.Document) bool { return d.Spec.GetTitle() != g[0].Spec.GetTitle() }) {
				why = "this environment does not hold the files' ids, so it binds each file by its title"
			}
			for _, d := range g {
				out.Errorf(d.Path, pos(d, "title"),
					"duplicate title %q among the %s of business `%s` (also in %s): %s; give each file a title of its own there",
					k.title, kindPlural(k.kind), k.business, others(d, g, "title"), why)
			}
		}
		return out
	})
}

// checkDuplicateIDs reports an id written in more than one file: an id binds
// one file to one live resource.
func checkDuplicateIDs(docs []*document.Document) diag.List {
	groups := map[string][]*document.Document{}
	var order []string
	for _, d := range docs {
		if d.ID == "" {
			continue
		}
		if groups[d.ID] == nil {
			order = append(order, d.ID)
		}
		groups[d.ID] = append(groups[d.ID], d)
	}
	var out diag.List
	for _, id := range order {
		g := groups[id]
		if len(g) < 2 {
			continue
		}
		for _, d := range g {
			out.Errorf(d.Path, pos(d, "id", "title"),
				"id `%s` is also used by %s: an id binds one file to one live resource; remove the id from the copy, which plan then creates as a new resource",
				id, others(d, g, "id", "title"))
		}
	}
	return out
}

// others lists the members of g other than d as path:line:col, where the
// position is the first of fields the document knows.
func others(d *document.Document, g []*document.Document, fields ...string) string {
	var s []string
	for _, o := range g {
		if o == d {
			continue
		}
		s = append(s, location(o.Path, pos(o, fields...)))
	}
	return strings.Join(s, ", ")
}

// duplicateAdvice says what to do about d, one of a group of files sharing a
// title of which at least one has no id: only the files without an id are
// matched by title, so only they need a different title or their id.
func duplicateAdvice(d *document.Document, g []*document.Document) string {
	var noID []string
	othersHaveIDs := false
	for _, o := range g {
		switch {
		case o == d:
		case o.ID == "":
			noID = append(noID, o.Path)
		default:
			othersHaveIDs = true
		}
	}
	switch {
	case d.ID != "" && len(noID) == 1:
		return fmt.Sprintf("this file has an id, but %s has none and is matched by title: give it a different title, or add the id of its own live resource (`octosync pull` writes it)", noID[0])
	case d.ID != "":
		return fmt.Sprintf("this file has an id, but %s have none and are matched by title: give them different titles, or add the ids of their own live resources (`octosync pull` writes them)", strings.Join(noID, ", "))
	case othersHaveIDs:
		return "this file has no id and is matched by title: give it a different title, or add the id of its own live resource (`octosync pull` writes it)"
	}
	return "titles identify resources that have no id: rename one, or add the id from `octosync pull`"
}

func allHaveIDs(g []*document.Document) bool {
	for _, d := range g {
		if d.ID == "" {
			return false
		}
	}
	return true
}

// location renders path:line:col, leaving out what is unknown.
func location(path string, p diag.Pos) string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", path, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", path, p.Line)
	}
	return path
}

// kindPlural is the kind's plural noun as users read it ("bot rules").
func kindPlural(k resource.Kind) string { return strings.ReplaceAll(k.Dir(), "-", " ") }
