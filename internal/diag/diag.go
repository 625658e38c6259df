package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity orders diagnostics: errors block plan and apply; warnings do not
// (unless validate --strict).
type Severity int

const (
	Error Severity = iota
	Warning
)

// String is "error" or "warning", as printed.
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText makes JSON output say "error" / "warning".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Pos is a position in a file: 1-based line and column (column counted in
// characters, not bytes). Line 0 means the whole file.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

// Diagnostic is one problem in one file.
type Diagnostic struct {
	Path     string   `json:"path"` // slash-separated, relative to the repository root
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// String renders "path:line:col: severity: message" (position parts left out
// when unknown), the format editors and CI annotations understand.
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s", d.Where(), d.Severity, d.Message)
}

// Where is the diagnostic's place: path, path:line or path:line:col.
func (d Diagnostic) Where() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Pos.Line)
		if d.Pos.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Pos.Col)
		}
	}
	return b.String()
}

// Errorf is a convenience constructor for an error diagnostic.
func Errorf(path string, pos Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Pos: pos, Severity: Error, Message: fmt.Sprintf(format, args...)}
}

// Warningf is a convenience constructor for a warning diagnostic.
func Warningf(path string, pos Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Pos: pos, Severity: Warning, Message: fmt.Sprintf(format, args...)}
}

// List is a set of diagnostics.
type List []Diagnostic

// Add appends diagnostics.
func (l *List) Add(d ...Diagnostic) { *l = append(*l, d...) }

// Errorf appends an error diagnostic.
func (l *List) Errorf(path string, pos Pos, format string, args ...any) {
	*l = append(*l, Errorf(path, pos, format, args...))
}

// Warningf appends a warning diagnostic.
func (l *List) Warningf(path string, pos Pos, format string, args ...any) {
	*l = append(*l, Warningf(path, pos, format, args...))
}

// Sort orders the list by path, line, column, severity, message, and drops
// exact duplicates: the deterministic order every command prints.
func (l List) Sort() List {
	slices.SortFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return slices.Compact(l)
}

// Errors counts error diagnostics.
func (l List) Errors() int { return l.count(Error) }

// Warnings counts warning diagnostics.
func (l List) Warnings() int { return l.count(Warning) }

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool { return l.Errors() > 0 }

func (l List) count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Files counts the distinct paths named.
func (l List) Files() int {
	seen := map[string]bool{}
	for _, d := range l {
		seen[d.Path] = true
	}
	return len(seen)
}

// Err returns the list as an error when it holds errors, else nil. The
// error's message is every error diagnostic, one per line, sorted.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &ListError{List: l}
}

// ListError carries a list of diagnostics as one error; callers that want to
// print them one by one use errors.As.
type ListError struct{ List List }

func (e *ListError) Error() string {
	var lines []string
	for _, d := range e.List.Sort() {
		if d.Severity == Error {
			lines = append(lines, d.String())
		}
	}
	return strings.Join(lines, "\n")
}
