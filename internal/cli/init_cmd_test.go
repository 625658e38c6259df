package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "config")
	code, stdout, stderr := runCLI(t, nil, true, "init", "--dir", dir, "--business", "acme-eu")
	if code != ExitOK {
		t.Fatalf("exit status %d, stderr %s", code, stderr)
	}
	for _, p := range []string{
		"octosync.yaml",
		".gitignore",
		".vscode/settings.json",
		".octosync/schema/article.schema.json",
		".octosync/schema/workflow.schema.json",
		".octosync/schema/bot-rule.schema.json",
		".octosync/schema/octosync.schema.json",
		"businesses/acme-eu/articles/return-policy.md",
		"businesses/acme-eu/workflows/damaged-product.yaml",
		"businesses/acme-eu/workflows/damaged-product.py",
		"businesses/acme-eu/bot-rules/keep-replies-short.yaml",
		"businesses/acme-eu/tests/returns.yaml",
		".octosync/schema/test.schema.json",
	} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s not created: %v", p, err)
		}
		if !strings.Contains(stdout, "\n  "+p+"\n") {
			t.Errorf("stdout does not list %s:\n%s", p, stdout)
		}
	}
	if !strings.Contains(stdout, "octosync validate --dir "+dir) || !strings.Contains(stdout, "octosync plan --dir "+dir+" --sandbox") {
		t.Errorf("stdout lacks the next steps:\n%s", stdout)
	}

	gitignore, _ := os.ReadFile(filepath.Join(dir, ".gitignore"))
	for _, line := range []string{".octosync/*", "!.octosync/schema/"} {
		if !strings.Contains(string(gitignore), "\n"+line+"\n") {
			t.Errorf(".gitignore lacks %q:\n%s", line, gitignore)
		}
	}
	var settings struct {
		Schemas map[string][]string `json:"yaml.schemas"`
	}
	data, _ := os.ReadFile(filepath.Join(dir, ".vscode", "settings.json"))
	if err := json.Unmarshal(data, &settings); err != nil {
		t.Fatalf(".vscode/settings.json: %v", err)
	}
	if len(settings.Schemas) != 4 {
		t.Errorf("yaml.schemas maps %d schemas, want 4", len(settings.Schemas))
	}
	for schema, globs := range settings.Schemas {
		if _, err := os.Stat(filepath.Join(dir, schema)); err != nil {
			t.Errorf("yaml.schemas names %s, which init did not write", schema)
		}
		for _, g := range globs {
			if m, _ := filepath.Glob(filepath.Join(dir, g)); len(m) == 0 && !strings.HasSuffix(g, ".yml") {
				t.Errorf("yaml.schemas glob %s matches no example file", g)
			}
		}
	}

	// What init writes, validate passes, warnings included.
	code, stdout, _ = runCLI(t, nil, true, "validate", "--dir", dir, "--strict")
	if code != ExitOK || !strings.HasPrefix(stdout, "0 errors, 0 warnings in ") {
		t.Errorf("validate after init: %d\n%s", code, stdout)
	}
}

func TestInitRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".gitignore": "mine\n",
		"businesses/my-business/articles/return-policy.md": "mine\n",
	})
	code, stdout, stderr := runCLI(t, nil, true, "init", "--dir", dir)
	if code != ExitError {
		t.Errorf("exit status %d, want %d", code, ExitError)
	}
	want := ".gitignore already exists\nbusinesses/my-business/articles/return-policy.md already exists\nError: init: 2 files already in " + dir + "; nothing was written: move them away, or choose another folder with --dir\n"
	if stderr != want || stdout != "" {
		t.Errorf("stdout %q\nstderr %q\nwant stderr %q", stdout, stderr, want)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("init wrote files despite conflicts: %v", entries)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); string(data) != "mine\n" {
		t.Errorf(".gitignore overwritten: %q", data)
	}
}

// TestInitCompletesARepository: in a folder that is a repository already
// (a bulk export), init adds the missing tooling and keeps every file.
func TestInitCompletesARepository(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"octosync.yaml": "version: 1\n", ".gitignore": "mine\n"})
	code, stdout, stderr := runCLI(t, nil, true, "init", "--dir", dir)
	if code != ExitOK || !strings.Contains(stdout, "added what it lacked") || !strings.Contains(stdout, ".vscode/settings.json") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	for _, f := range []string{".octosync/schema/article.schema.json", ".vscode/settings.json"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			t.Errorf("%s not added: %v", f, err)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); string(data) != "mine\n" {
		t.Errorf(".gitignore overwritten: %q", data)
	}
	if _, err := os.Stat(filepath.Join(dir, "businesses")); err == nil {
		t.Errorf("init added example files to an existing repository")
	}
	code, stdout, _ = runCLI(t, nil, true, "init", "--dir", dir)
	if code != ExitOK || !strings.Contains(stdout, "nothing to add") {
		t.Errorf("second init: exit %d, %s", code, stdout)
	}
}

func TestInitBusinessSlug(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, nil, true, "init", "--dir", dir, "--business", "Acme EU")
	want := "Error: --business: \"Acme EU\" is not a business slug: use lower-case letters, digits and single dashes, like `acme-eu`\n"
	if code != ExitError || stderr != want {
		t.Errorf("got %d, stderr %q, want %q", code, stderr, want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("init wrote files for an invalid slug: %v", entries)
	}
	code, _, _ = runCLI(t, nil, true, "init", "--dir", dir)
	if _, err := os.Stat(filepath.Join(dir, "businesses", "my-business", "articles")); code != ExitOK || err != nil {
		t.Errorf("default business folder: %d, %v", code, err)
	}
}

// TestInitInsideARepositoryCompletesIt: init from a subfolder of a
// repository finds the enclosing repository, as every command does, and
// completes that one; no second repository appears in the subfolder, and
// --dir naming a folder inside a repository is refused.
func TestInitInsideARepositoryCompletesIt(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"octosync.yaml": "version: 1\n", "businesses/acme/articles/.gitkeep": ""})
	sub := filepath.Join(root, "businesses", "acme")
	t.Chdir(sub)
	code, stdout, stderr := runCLI(t, nil, true, "init")
	if code != ExitOK || !strings.Contains(stdout, "added what it lacked") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(root, ".vscode", "settings.json")); err != nil {
		t.Errorf("the enclosing repository was not completed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(sub, "octosync.yaml")); err == nil {
		t.Error("init created a second repository in the subfolder")
	}
	code, _, stderr = runCLI(t, nil, true, "init", "--dir", "nested")
	if code != ExitError || !strings.Contains(stderr, "is inside the octosync repository "+root) {
		t.Errorf("init --dir inside a repository: exit %d, stderr %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(sub, "nested")); err == nil {
		t.Error("init --dir inside a repository wrote the folder")
	}
}
