package lint_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/diag"
	"github.com/octosync/octosync/internal/lint"
	"github.com/octosync/octosync/internal/source"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/broken/*.txtar")

// The corpus: each testdata/broken/*.txtar archive is a repository (its
// files) plus a `-- want --` section holding the exact diagnostics of
// source.Load and lint.Check together, as validate prints them. Each
// testdata/valid/*.txtar archive is a repository that must produce none.
//
// Bytes a text archive cannot hold (CR, a BOM, invalid UTF-8) are written as
// \r, \uFEFF and \xFF in files named on an `escaped: PATH` line of the
// archive's comment; \\ is a backslash.

func TestBrokenCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/broken/*.txtar")
	if len(files) < 25 {
		t.Fatalf("the broken corpus has %d cases; it must keep at least 25", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := parseArchiveFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := render(validate(t, a))
			want, i := wantSection(a)
			if *update {
				if i < 0 {
					a.Files = append(a.Files, archiveFile{Name: "want"})
					i = len(a.Files) - 1
				}
				a.Files[i].Data = []byte(got)
				if err := os.WriteFile(file, formatArchive(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got == "" {
				t.Errorf("a broken case produced no diagnostics")
			}
			if got != want {
				t.Errorf("diagnostics differ (run go test -update to accept)\ngot:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestValidCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.txtar")
	if len(files) == 0 {
		t.Fatal("no valid cases")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := parseArchiveFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if got := render(validate(t, a)); got != "" {
				t.Errorf("a valid repository produced diagnostics:\n%s", got)
			}
		})
	}
}

// TestExampleRepo keeps the example organization clean.
func TestExampleRepo(t *testing.T) {
	dir := filepath.Join("..", "..", "example-repo")
	if _, err := os.Stat(filepath.Join(dir, "businesses")); err != nil {
		t.Skip("example-repo is not there yet")
	}
	repo, err := source.Load(dir, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(repo.Documents) == 0 {
		t.Fatal("example-repo has no documents")
	}
	if got := render(all(repo)); got != "" {
		t.Errorf("example-repo produced diagnostics:\n%s", got)
	}
}

// TestScaffold keeps the files of `octosync init` clean, for every kind.
func TestScaffold(t *testing.T) {
	files, err := source.Scaffold("acme-eu")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range files {
		write(t, dir, f.Path, f.Data)
	}
	repo, err := source.Load(dir, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, r := range repo.Resources {
		kinds[string(r.Kind())] = true
	}
	if len(kinds) != 3 {
		t.Errorf("the scaffold holds kinds %v, want one example of each", kinds)
	}
	if got := render(all(repo)); got != "" {
		t.Errorf("the scaffold produced diagnostics:\n%s", got)
	}
}

// validate writes the archive's repository to a temporary folder and
// returns everything validate would report.
func validate(t *testing.T, a *archive) diag.List {
	t.Helper()
	escaped := map[string]bool{}
	for _, line := range strings.Split(string(a.Comment), "\n") {
		if p, ok := strings.CutPrefix(line, "escaped: "); ok {
			escaped[strings.TrimSpace(p)] = true
		}
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		if f.Name == "want" {
			continue
		}
		data := f.Data
		if escaped[f.Name] {
			data = unescape(t, data)
		}
		write(t, dir, f.Name, data)
	}
	repo, err := source.Load(dir, source.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return all(repo)
}

func all(repo *source.Repo) diag.List {
	l := append(diag.List{}, repo.Diags...)
	l.Add(lint.Check(repo)...)
	return l.Sort()
}

func render(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func wantSection(a *archive) (string, int) {
	for i, f := range a.Files {
		if f.Name == "want" {
			return string(f.Data), i
		}
	}
	return "", -1
}

func write(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// unescape decodes \r, \n, \t, \\, \xHH and \uHHHH.
func unescape(t *testing.T, data []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c != '\\' || i+1 == len(data) {
			out.WriteByte(c)
			continue
		}
		i++
		switch data[i] {
		case 'r':
			out.WriteByte('\r')
		case 'n':
			out.WriteByte('\n')
		case 't':
			out.WriteByte('\t')
		case '\\':
			out.WriteByte('\\')
		case 'x':
			v, err := strconv.ParseUint(string(data[i+1:i+3]), 16, 8)
			if err != nil {
				t.Fatalf("bad \\x escape: %v", err)
			}
			out.WriteByte(byte(v))
			i += 2
		case 'u':
			v, err := strconv.ParseUint(string(data[i+1:i+5]), 16, 32)
			if err != nil {
				t.Fatalf("bad \\u escape: %v", err)
			}
			out.WriteRune(rune(v))
			i += 4
		default:
			out.WriteByte('\\')
			out.WriteByte(data[i])
		}
	}
	return out.Bytes()
}
