package sandbox_test

import (
	"net/http"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

// TestEveryRouteOfEveryKind walks each kind through the whole life cycle,
// so the contract test sees every operation of every kind.
func TestEveryRouteOfEveryKind(t *testing.T) {
	bodies := map[sandbox.Kind][2]map[string]any{
		sandbox.KindArticle:  {article("A"), article("B")},
		sandbox.KindWorkflow: {workflow("A"), workflow("B")},
		sandbox.KindBotRule:  {botRule("A"), botRule("B")},
	}
	_, c := newTestServer(t, sandbox.Options{})
	for _, k := range sandbox.Kinds {
		t.Run(string(k), func(t *testing.T) {
			base := "/businesses/demo/" + string(k)
			r := c.create(string(k), bodies[k][0])
			path := base + "/" + r.ID
			c.do("GET", base, nil).want(t, http.StatusOK)
			c.do("GET", path, nil).want(t, http.StatusOK)
			c.do("PUT", path, bodies[k][1], "If-Match", `"1"`).want(t, http.StatusOK)
			c.do("DELETE", path, nil, "If-Match", `"2"`).want(t, http.StatusNoContent)
			c.do("GET", path+"/versions", nil).want(t, http.StatusOK)
			c.do("GET", path+"/versions/2", nil).want(t, http.StatusOK)
			got := decode[resource](t, c.do("POST", path+"/versions/1/restore", nil).want(t, http.StatusOK))
			if got.Title != "A" || got.Version != 4 || got.DeletedAt != nil {
				t.Errorf("restored %+v", got)
			}
			c.do("GET", path+"/versions/9", nil).want(t, http.StatusNotFound, "not_found")
		})
	}
}
