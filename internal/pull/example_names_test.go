package pull

import (
	"path"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/source"
)

// TestExampleRepoNamesItsFilesAsPullDoes: every resource file of
// example-repo has the name a bulk export gives it (BaseName of its title,
// the one slug rule: ß → ss, apostrophes dropped, accents dropped), so the
// example and an export of the same organization agree.
func TestExampleRepoNamesItsFilesAsPullDoes(t *testing.T) {
	repo, err := source.Open("../../example-repo")
	if err != nil {
		t.Fatal(err)
	}
	if len(repo.Documents) == 0 {
		t.Fatal("example-repo has no resource files")
	}
	for _, d := range repo.Documents {
		base := path.Base(d.Path)
		want := BaseName(d.Spec.GetTitle()) + path.Ext(base)
		if base != want {
			t.Errorf("%s: pull names the file of %q %s", d.Path, d.Spec.GetTitle(), want)
		}
		if strings.Contains(base, "--") {
			t.Errorf("%s: a double dash", d.Path)
		}
	}
}
