package document

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/octosync/octosync/internal/yamlnode"
)

// conditionProvider reads a workflow's `conditionProvider` mapping: either
// {file: name.py}, read with opts.ReadFile from beside the workflow, or
// {code: "..."} inline. It returns the code (nil when there is none or it
// could not be read) and the provider file's repository path ("" for inline
// code or an unusable path).
func (p *parser) conditionProvider(n *yaml.Node) (code *string, file string) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, "" // null means none; a wrong type is a schema diagnostic
	}
	fk, fv := yamlnode.Get(n, "file")
	_, cv := yamlnode.Get(n, "code")
	hasFile, hasCode := !yamlnode.IsNull(fv), !yamlnode.IsNull(cv)
	switch {
	case hasFile && hasCode:
		p.diags.Errorf(p.path, yamlnode.Pos(n), "`conditionProvider` has both `file` and `code`: keep one of them")
		return nil, ""
	case hasCode:
		if s, ok := yamlnode.Str(cv); ok {
			p.pos["conditionProvider.code"] = yamlnode.Pos(cv)
			return &s, ""
		}
		return nil, ""
	case !hasFile:
		at := yamlnode.Pos(n)
		if fk != nil {
			at = yamlnode.Pos(fk)
		}
		p.diags.Errorf(p.path, at, "`conditionProvider` is empty: write `conditionProvider: {file: %s.py}` with the Python code beside this file, or remove the key", baseName(p.path))
		return nil, ""
	}
	name, ok := yamlnode.Str(fv)
	if !ok {
		return nil, "" // a wrong type is a schema diagnostic
	}
	at := yamlnode.Pos(fv)
	p.pos["conditionProvider.file"] = at
	rel, msg := providerPath(p.path, name)
	if msg != "" {
		p.diags.Errorf(p.path, at, "%s", msg)
		return nil, ""
	}
	if p.opts.ReadFile == nil {
		p.diags.Errorf(p.path, at, "condition provider %s cannot be read: this command reads no other files; run `octosync validate` on the repository", rel)
		return nil, rel
	}
	data, err := p.opts.ReadFile(rel)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		p.diags.Errorf(p.path, at, "condition provider %s does not exist: create it beside this file, or fix `file: %s`", rel, name)
		return nil, rel
	case err != nil:
		p.diags.Errorf(p.path, at, "condition provider %s cannot be read: %v", rel, err)
		return nil, rel
	}
	text, bad, ok := yamlnode.Text(data)
	if !ok {
		p.diags.Errorf(rel, bad, "invalid UTF-8: save the condition provider as UTF-8")
		return nil, rel
	}
	return &text, rel
}

// providerPath resolves a provider file name against the workflow's folder.
// The result must stay inside that folder: octosync reads nothing outside the
// business it is syncing. msg says what is wrong when it does not.
func providerPath(workflowPath, name string) (rel, msg string) {
	dir := path.Dir(workflowPath)
	switch {
	case strings.Contains(name, `\`):
		return "", "condition provider `" + name + "` contains `\\`: write paths with `/`"
	case path.IsAbs(name) || (len(name) > 1 && name[1] == ':'):
		return "", "condition provider `" + name + "` is an absolute path: write it relative to this workflow's folder, like `file: " + baseName(workflowPath) + ".py`"
	}
	rel = path.Join(dir, name)
	inside := strings.HasPrefix(rel, dir+"/")
	if dir == "." {
		inside = rel != ".." && !strings.HasPrefix(rel, "../")
	}
	if !inside || rel == dir {
		return "", "condition provider `" + name + "` is outside this workflow's folder " + dir + ": put the file beside the workflow, like `file: " + baseName(workflowPath) + ".py`"
	}
	return rel, ""
}

// baseName is a file's name without folder and extension.
func baseName(p string) string {
	b := path.Base(p)
	return strings.TrimSuffix(b, path.Ext(b))
}
