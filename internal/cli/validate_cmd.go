package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/lint"
	"github.com/octosync/octosync/internal/render"
	"github.com/octosync/octosync/internal/source"
)

// validateCmd checks the repository offline: it never builds an API client.
type validateCmd struct {
	Dir    string `default:"." help:"The configuration repository." placeholder:"DIR"`
	Strict bool   `help:"Fail on warnings too."`
	Output string `short:"o" enum:"text,json" default:"text" help:"Report format: text or json."`
}

func (c *validateCmd) Help() string {
	return `Reads every file of the repository and reports every problem at once, as
path:line:col: error|warning: message (paths relative to DIR), then a summary.

Checked: the layout of businesses/, the structure of each file against the JSON
Schemas (YAML syntax, unknown keys, types, required keys), duplicate titles and
ids, the server's limits from octosync.yaml, variant conditions and condition
providers, actions quoted in instructions, empty articles and relative links or
images to missing files, and language codes.

Needs no network and no API key. Exits 1 when there are errors (with --strict,
warnings too), 0 otherwise. Under GitHub Actions (GITHUB_ACTIONS=true) it also
prints ::error and ::warning annotations.`
}

func (c *validateCmd) Run(env *Env) error {
	repo, err := source.Load(c.Dir, source.LoadOptions{})
	if err != nil {
		return err
	}
	diags := append(diag.List{}, repo.Diags...)
	diags.Add(lint.Check(repo)...)
	diags = diags.Sort()

	if c.Output == "json" {
		if err := writeValidateJSON(env.Stdout, diags, len(repo.Files)); err != nil {
			return err
		}
	} else {
		for _, d := range diags {
			fmt.Fprintln(env.Stdout, render.Visible(d.String()))
		}
		fmt.Fprintln(env.Stdout, validateSummary(diags, len(repo.Files)))
		if env.Getenv("GITHUB_ACTIONS") == "true" {
			writeAnnotations(env, repo.Root, diags)
		}
	}
	if diags.HasErrors() || c.Strict && diags.Warnings() > 0 {
		return withCode(ExitError, nil)
	}
	return nil
}

// validateSummary is the last line of the text report, in the one format
// scripts can rely on: "N errors, M warnings in K files", K counting every
// file checked ("0 errors, 0 warnings in 39 files" when all is well).
func validateSummary(diags diag.List, checked int) string {
	return fmt.Sprintf("%s, %s in %s", plural(diags.Errors(), "error"), plural(diags.Warnings(), "warning"), plural(checked, "file"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// validateJSON is the JSON report, format version 1. New fields may be
// added; existing ones keep their meaning.
type validateJSON struct {
	FormatVersion int                  `json:"formatVersion"`
	Diagnostics   []validateDiagnostic `json:"diagnostics"`
	Summary       validateJSONSummary  `json:"summary"`
}

type validateDiagnostic struct {
	Path     string `json:"path"`
	Line     int    `json:"line"` // 0: the whole file
	Col      int    `json:"col"`  // 0: the whole line
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

type validateJSONSummary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Files    int `json:"files"`   // files with problems
	Checked  int `json:"checked"` // files read
}

func writeValidateJSON(w io.Writer, diags diag.List, checked int) error {
	out := validateJSON{
		FormatVersion: 1,
		Diagnostics:   make([]validateDiagnostic, 0, len(diags)),
		Summary:       validateJSONSummary{Errors: diags.Errors(), Warnings: diags.Warnings(), Files: diags.Files(), Checked: checked},
	}
	for _, d := range diags {
		out.Diagnostics = append(out.Diagnostics, validateDiagnostic{
			Path: d.Path, Line: d.Pos.Line, Col: d.Pos.Col, Severity: d.Severity.String(), Message: d.Message,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// writeAnnotations prints a GitHub Actions workflow command per diagnostic,
// so problems show on the pull request's files. GitHub resolves file= against
// the workspace, so paths are made relative to GITHUB_WORKSPACE (or the
// working directory) when the repository lies inside it.
func writeAnnotations(env *Env, root string, diags diag.List) {
	base := env.Getenv("GITHUB_WORKSPACE")
	if base == "" {
		base, _ = os.Getwd()
	}
	for _, d := range diags {
		file := d.Path
		if base != "" {
			abs := filepath.Join(root, filepath.FromSlash(d.Path))
			if rel, err := filepath.Rel(base, abs); err == nil && !strings.HasPrefix(rel, "..") {
				file = filepath.ToSlash(rel)
			}
		}
		props := "file=" + escapeProperty(render.Visible(file))
		if d.Pos.Line > 0 {
			props += fmt.Sprintf(",line=%d", d.Pos.Line)
			if d.Pos.Col > 0 {
				props += fmt.Sprintf(",col=%d", d.Pos.Col)
			}
		}
		fmt.Fprintf(env.Stdout, "::%s %s::%s\n", d.Severity, props, escapeData(render.Visible(d.Message)))
	}
}

// escapeData and escapeProperty encode workflow command values the way the
// GitHub Actions toolkit does.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
