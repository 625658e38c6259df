package ghactions

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/render"
)

// Level is an annotation's severity, the workflow command's name.
type Level string

const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelNotice  Level = "notice"
)

// Annotation is one workflow command that GitHub shows on the run, and on
// the pull request's diff when File is set.
type Annotation struct {
	Level Level
	// File is relative to the workspace, slash-separated ("" for none).
	File      string
	Line, Col int
	Title     string
	Message   string
}

// String is the workflow command, "::warning file=a.md,line=3::message",
// escaped as the Actions toolkit escapes it so that no message can end the
// command early or start another.
func (a Annotation) String() string {
	var props []string
	if a.File != "" {
		props = append(props, "file="+EscapeProperty(visibleLines(a.File)))
		if a.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", a.Line))
			if a.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", a.Col))
			}
		}
	}
	if a.Title != "" {
		props = append(props, "title="+EscapeProperty(visibleLines(a.Title)))
	}
	cmd := "::" + string(a.Level)
	if len(props) > 0 {
		cmd += " " + strings.Join(props, ",")
	}
	return cmd + "::" + EscapeData(visibleLines(a.Message))
}

// visibleLines escapes the control characters of each line of s (text from
// a repository or a server may hold terminal escapes), keeping the line
// breaks, which the workflow command encodes.
func visibleLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = render.Visible(strings.TrimSuffix(l, "\r"))
	}
	return strings.Join(lines, "\n")
}

// Write prints the annotations, one per line, past a CommandSafe writer
// (the one way octosync's own workflow commands reach the runner).
func Write(w io.Writer, as []Annotation) error {
	for _, a := range as {
		if err := writeCommand(w, a.String()); err != nil {
			return err
		}
	}
	return nil
}

// EscapeData encodes a workflow command's message as the toolkit does.
func EscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// EscapeProperty encodes a workflow command's property value as the
// toolkit does.
func EscapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// WorkspacePath makes the file at rel, a slash path relative to the
// repository at root, relative to the workspace (base), since GitHub
// resolves annotation files against the checkout. A file outside the
// workspace, or no workspace, keeps rel.
func WorkspacePath(base, root, rel string) string {
	if base == "" {
		return rel
	}
	abs := filepath.Join(root, filepath.FromSlash(rel))
	r, err := filepath.Rel(resolved(base), resolved(abs))
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return rel
	}
	return filepath.ToSlash(r)
}

// DiagnosticAnnotations are validation problems as annotations on their
// files, lines and columns; root is the repository, base the workspace.
func DiagnosticAnnotations(root, base string, diags diag.List) []Annotation {
	out := make([]Annotation, 0, len(diags))
	for _, d := range diags {
		level := LevelError
		if d.Severity == diag.Warning {
			level = LevelWarning
		}
		out = append(out, Annotation{Level: level, File: WorkspacePath(base, root, d.Path), Line: d.Pos.Line, Col: d.Pos.Col, Message: d.Message})
	}
	return out
}

// AnnotateDiagnostics prints diags as annotations when running under
// GitHub Actions (and does nothing elsewhere). Paths are made relative to
// the workspace (GITHUB_WORKSPACE, else the working directory), which
// GitHub resolves file= against.
func AnnotateDiagnostics(w io.Writer, getenv func(string) string, root string, diags diag.List) error {
	env := FromEnv(getenv)
	if !env.Enabled {
		return nil
	}
	base := env.Workspace
	if base == "" {
		base, _ = os.Getwd()
	}
	return Write(w, DiagnosticAnnotations(root, base, diags))
}
