package yamlnode

import (
	"testing"

	"github.com/octosync/octosync/internal/diag"
)

// A placeholder's column on a one-line scalar counts characters, as
// yaml.v3's columns do; on a block scalar only its line is known.
func TestTextPosCountsCharacters(t *testing.T) {
	at := diag.Pos{Line: 3, Col: 8}
	if got := TextPos(at, "Café ${{ values.x }}", len("Café ")); got != (diag.Pos{Line: 3, Col: 13}) {
		t.Errorf("one line: %+v, want 3:13", got)
	}
	if got := TextPos(at, "a\nb ${{ values.x }}\n", 4); got != (diag.Pos{Line: 5}) {
		t.Errorf("block: %+v, want line 5", got)
	}
}
