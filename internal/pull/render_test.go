package pull

import (
	"bytes"
	"testing"

	"github.com/octosync/octosync/internal/document"
	"github.com/octosync/octosync/internal/resource"
)

// TestTheRenderCacheNeverChangesWhatIsWritten: a document comes from the
// cache only for the same id, name and a spec equal field for field; a
// spec that differs in any way, even one resource.Equal calls the same
// (nil tags and no tags), is rendered afresh.
func TestTheRenderCacheNeverChangesWhatIsWritten(t *testing.T) {
	rc := newRenderCache()
	a := resource.Article{Title: "Returns", Content: "Send it back.", Language: "en", Tags: []string{}, Enabled: true}
	first, err := rc.render(a, "art_1", "returns")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := rc.render(a, "art_1", "returns")
	if &again[0] != &first[0] {
		t.Error("the same document was rendered twice")
	}
	for name, tt := range map[string]struct {
		spec     resource.Spec
		id, name string
	}{
		"other content": {resource.Article{Title: "Returns", Content: "Keep it.", Language: "en", Tags: []string{}, Enabled: true}, "art_1", "returns"},
		"nil tags":      {resource.Article{Title: "Returns", Content: "Send it back.", Language: "en", Enabled: true}, "art_1", "returns"},
		"other id":      {a, "art_2", "returns"},
		"other name":    {a, "art_1", "returns-2"},
	} {
		got, err := rc.render(tt.spec, tt.id, tt.name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := document.Render(tt.spec, tt.id, tt.name)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) || got[0].Name != want[0].Name || !bytes.Equal(got[0].Data, want[0].Data) {
			t.Errorf("%s: the cache gave %q, rendering gives %q", name, got[0].Data, want[0].Data)
		}
	}
}
