package sandbox_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

func TestRequestLog(t *testing.T) {
	sb, c := newTestServer(t, sandbox.Options{})
	c.do("GET", "/businesses/demo/articles?page=1&includeDeleted=true", nil).want(t, http.StatusOK)
	c.withKey("").do("GET", "/businesses", nil).want(t, http.StatusUnauthorized)
	c.do("GET", "/_sandbox/state", nil).want(t, http.StatusOK) // not logged

	resp := c.withKey("").do("GET", "/_sandbox/requests", nil).want(t, http.StatusOK)
	var log struct {
		Requests []sandbox.LoggedRequest `json:"requests"`
	}
	if err := json.Unmarshal(resp.body, &log); err != nil {
		t.Fatal(err)
	}
	want := []sandbox.LoggedRequest{
		{Method: "GET", Path: "/rest/v1/businesses/demo/articles", Query: "page=1&includeDeleted=true", Status: 200, Time: fixedNow()},
		{Method: "GET", Path: "/rest/v1/businesses", Status: 401, Time: fixedNow()},
	}
	if len(log.Requests) != len(want) {
		t.Fatalf("log %+v, want %+v", log.Requests, want)
	}
	for i := range want {
		if log.Requests[i] != want[i] {
			t.Errorf("log[%d] = %+v, want %+v", i, log.Requests[i], want[i])
		}
	}
	if got := sb.Requests(); len(got) != 2 {
		t.Errorf("Requests() has %d entries", len(got))
	}
	c.withKey("").do("DELETE", "/_sandbox/requests", nil).want(t, http.StatusNoContent)
	if got := sb.Requests(); len(got) != 0 {
		t.Errorf("log not cleared: %+v", got)
	}
	c.do("POST", "/_sandbox/requests", nil).want(t, http.StatusMethodNotAllowed, "method_not_allowed")
	c.do("GET", "/_sandbox/nothing", nil).want(t, http.StatusNotFound, "not_found")
	resp = c.withKey("").do("GET", "/_sandbox/requests", nil).want(t, http.StatusOK)
	if strings.TrimSpace(string(resp.body)) != `{"requests":[]}` {
		t.Errorf("empty log: %s", resp.body)
	}
}

func TestStateDump(t *testing.T) {
	seed, err := sandbox.ParseSeed([]byte(`{"organizations": [{"name": "acme",
		"apiKeys": ["secret-value-1", {"key": "secret-value-2", "label": "ci"}],
		"businesses": [{"slug": "eu", "name": "EU"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	sb, c := newTestServer(t, sandbox.Options{Seed: seed})
	ck := c.withKey("secret-value-1")
	a := decode[resource](t, ck.do("POST", "/businesses/eu/articles", article("A")).want(t, http.StatusCreated))
	ck.do("DELETE", "/businesses/eu/articles/"+a.ID, nil).want(t, http.StatusNoContent)

	resp := c.withKey("").do("GET", "/_sandbox/state", nil).want(t, http.StatusOK)
	if strings.Contains(string(resp.body), "secret-value") {
		t.Fatalf("the state dump holds an API key: %s", resp.body)
	}
	var st sandbox.State
	if err := json.Unmarshal(resp.body, &st); err != nil {
		t.Fatal(err)
	}
	org := st.Organizations[0]
	if org.Name != "acme" || strings.Join(org.APIKeyLabels, ",") != "acme-key-1,ci" {
		t.Errorf("organization %+v", org)
	}
	arts := org.Businesses[0].Resources(sandbox.KindArticle)
	if len(arts) != 1 || arts[0].DeletedAt == nil || len(arts[0].Versions) != 2 || arts[0].Versions[1].ChangeType != sandbox.ChangeDelete {
		t.Errorf("articles %+v", arts)
	}
	direct, _ := json.Marshal(sb.State())
	if string(direct) != strings.TrimSpace(string(resp.body)) {
		t.Errorf("State() and GET /_sandbox/state differ")
	}
}
