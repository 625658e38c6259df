package source

import (
	"fmt"
	"path"
	"strings"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/resource"
)

// BusinessesDir is the folder, relative to the repository root, that holds
// one folder per managed business.
const BusinessesDir = "businesses"

// role is what a file inside a kind folder is to octosync.
type role int

const (
	roleResource  role = iota // parsed as a resource of the folder's kind
	roleProvider              // a workflow's condition provider (.py)
	roleAsset                 // a file articles may link to; not read
	roleMisplaced             // reported, not read
)

// placement is the verdict on one file name found in a kind folder.
type placement struct {
	role     role
	severity diag.Severity // for roleMisplaced
	message  string        // for roleMisplaced
}

// assetExts are files an article may link to or embed. They may sit in the
// kind folders without being reported.
var assetExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true,
	".webp": true, ".avif": true, ".ico": true, ".bmp": true, ".pdf": true,
	".mp4": true, ".webm": true, ".csv": true,
}

// resourceExts lists the extensions of resource files per kind; the first
// one is the canonical extension.
func resourceExts(k resource.Kind) []string {
	if k == resource.KindArticle {
		return []string{".md"}
	}
	return []string{".yaml", ".yml"}
}

// kindNoun is the plural noun used in messages ("articles", "bot rules").
func kindNoun(k resource.Kind) string { return strings.ReplaceAll(k.Dir(), "-", " ") }

// classifyFile decides what the file called name, found directly in the
// folder of kind k, is.
func classifyFile(k resource.Kind, name string) placement {
	ext := path.Ext(name)
	lower := strings.ToLower(ext)
	stem := strings.TrimSuffix(name, ext)
	exts := resourceExts(k)
	for _, e := range exts {
		if lower == e {
			if ext != lower {
				return misplaced(diag.Error, "rename `%s` to `%s%s`: octosync reads only lower-case extensions, so this file is not synced", name, stem, lower)
			}
			return placement{role: roleResource}
		}
	}
	if k == resource.KindWorkflow && lower == ".py" {
		if ext != lower {
			return misplaced(diag.Error, "rename `%s` to `%s.py`: octosync reads only lower-case extensions", name, stem)
		}
		return placement{role: roleProvider}
	}
	if assetExts[lower] {
		return placement{role: roleAsset}
	}
	switch {
	case lower == ".json" && strings.Contains(strings.ToLower(stem), "plan"):
		return misplaced(diag.Error, "`%s` looks like a plan saved with `octosync plan --out`: keep saved plans in .octosync/plans/ (git ignores it; octosync does not read it as resources): octosync plan --out .octosync/plans/%s", name, name)
	case k == resource.KindArticle && (lower == ".yaml" || lower == ".yml" || lower == ".json"):
		return misplaced(diag.Error, "articles are Markdown files (`.md`) with YAML front matter between `---` lines: rename `%s` to `%s.md`, or move it to workflows/ or bot-rules/ if it is not an article", name, stem)
	case k != resource.KindArticle && (lower == ".md" || lower == ".markdown"):
		return misplaced(diag.Error, "%s are YAML files (`.yaml`): rename `%s` to `%s.yaml`, or move it to articles/ if it is an article", kindNoun(k), name, stem)
	case k != resource.KindArticle && lower == ".json":
		return misplaced(diag.Error, "%s are YAML files (`.yaml`): rewrite `%s` as `%s.yaml`", kindNoun(k), name, stem)
	case k == resource.KindArticle && lower == ".markdown":
		return misplaced(diag.Error, "rename `%s` to `%s.md`: articles use the `.md` extension, so this file is not synced", name, stem)
	case lower == ".py":
		return misplaced(diag.Error, "condition providers belong beside their workflow: move `%s` to workflows/ and reference it with `conditionProvider: {file: %s}`", name, name)
	}
	return misplaced(diag.Warning, "`%s` is not synced: %s/ holds %s (`%s`)%s; move or delete this file, or rename it to `%s%s` if it is one", name, k.Dir(), kindNoun(k), exts[0], assetNote(k), stem, exts[0])
}

func assetNote(k resource.Kind) string {
	if k == resource.KindArticle {
		return " and the images they embed"
	}
	if k == resource.KindWorkflow {
		return " and their condition providers (`.py`)"
	}
	return ""
}

// classifyNested decides about a file found in a sub-folder of a kind
// folder: resource-looking files are errors (they are not synced), anything
// else is an asset.
func classifyNested(business string, k resource.Kind, rel string) placement {
	switch strings.ToLower(path.Ext(rel)) {
	case ".md", ".markdown", ".yaml", ".yml", ".json", ".py":
		dir := path.Join(BusinessesDir, business, k.Dir())
		return misplaced(diag.Error, "`%s` is not synced: octosync reads no sub-folders of %s/; move it to %s/", strings.TrimPrefix(rel, dir+"/"), k.Dir(), dir)
	}
	return placement{role: roleAsset}
}

// businessFileMessage explains a file lying directly in a business folder.
func businessFileMessage(name string) string {
	where := "articles/, workflows/ or bot-rules/"
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown":
		where = "articles/"
	case ".yaml", ".yml":
		where = "workflows/ or bot-rules/"
	case ".py":
		where = "workflows/, beside the workflow that uses it"
	}
	return fmt.Sprintf("`%s` is not synced: a business folder holds only the folders articles/, workflows/ and bot-rules/; move it into %s", name, where)
}

// unknownFolderMessage explains a folder in a business folder that is not a
// kind folder, with a suggestion when the name is close to one.
func unknownFolderMessage(name string) string {
	switch strings.TrimSuffix(strings.ToLower(name), "s") {
	case "test":
		return fmt.Sprintf("unknown folder `%s`: did you mean `%s/`? Conversation tests in it are not read until it is renamed", name, TestsDir)
	case "macro":
		return fmt.Sprintf("unknown folder `%s`: did you mean `%s/`? (pull writes macros there)", name, MacrosDir)
	}
	if s := suggestKindDir(name); s != "" {
		return fmt.Sprintf("unknown folder `%s`: did you mean `%s/`? Files in it are not synced until it is renamed", name, s)
	}
	return fmt.Sprintf("unknown folder `%s`: a business folder holds only articles/, workflows/ and bot-rules/ (plus tests/ for conversation tests and macros/ for exported macros); move its files into one of them (files in it are not synced)", name)
}

// suggestKindDir returns the kind folder name closest to name ("article",
// "Articles", "bot_rules", "botrules", "rules", "workflow" ...), or "".
func suggestKindDir(name string) string {
	squash := func(s string) string {
		s = strings.ToLower(s)
		s = strings.NewReplacer("-", "", "_", "", " ", "", ".", "").Replace(s)
		return strings.TrimSuffix(s, "s")
	}
	n := squash(name)
	if n == "rule" || n == "botrule" {
		return resource.KindBotRule.Dir()
	}
	best, bestDist := "", 3
	for _, k := range resource.Kinds {
		d := k.Dir()
		if n == squash(d) {
			return d
		}
		if dist := levenshtein(n, squash(d)); dist < bestDist {
			best, bestDist = d, dist
		}
	}
	return best
}

// levenshtein is the edit distance between a and b, in bytes (folder names
// worth suggesting for are ASCII).
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func misplaced(sev diag.Severity, format string, args ...any) placement {
	return placement{role: roleMisplaced, severity: sev, message: fmt.Sprintf(format, args...)}
}

// slugMessage explains an invalid business folder name.
func slugMessage(name string) string {
	const rule = "business folders are named after the business's Octocom slug: lower-case letters, digits and dashes, not starting or ending with a dash"
	if s := Slugify(name); s != "" {
		return fmt.Sprintf("business folder `%s` is not a valid slug: rename `%s` to `%s` (%s)", name, name, s, rule)
	}
	return fmt.Sprintf("business folder `%s` is not a valid slug: rename it (%s, like `my-business`)", name, rule)
}
