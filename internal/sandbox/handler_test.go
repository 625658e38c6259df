package sandbox_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/octosync/octosync/internal/config"
	"github.com/octosync/octosync/internal/sandbox"
)

func TestListBusinesses(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	got := decode[list[map[string]string]](t, c.do("GET", "/businesses", nil).want(t, http.StatusOK))
	want := []map[string]string{{"id": "biz_00001", "slug": "demo", "name": "Demo"}}
	if fmt.Sprint(got.Data) != fmt.Sprint(want) {
		t.Errorf("businesses = %v, want %v", got.Data, want)
	}
	if got.Pagination != (sandbox.Pagination{Page: 1, PageSize: 50, TotalItems: 1, TotalPages: 1}) {
		t.Errorf("pagination = %+v", got.Pagination)
	}
}

func TestCreateAndGet(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	resp := c.do("POST", "/businesses/demo/articles",
		map[string]any{"title": "Returns", "content": "30 days.", "language": "de-CH"}).want(t, http.StatusCreated)
	a := decode[resource](t, resp)
	if a.ID != "art_00002" || a.Version != 1 || a.CreatedAt != fixedTime || a.UpdatedAt != fixedTime || a.DeletedAt != nil {
		t.Errorf("created %+v", a)
	}
	if !a.Enabled || a.Tags == nil || len(a.Tags) != 0 {
		t.Errorf("defaults: enabled %v, tags %#v; want true, []", a.Enabled, a.Tags)
	}
	if !strings.Contains(string(resp.body), `"tags":[]`) || !strings.Contains(string(resp.body), `"deletedAt":null`) {
		t.Errorf("body %s: tags must be [] and deletedAt null", resp.body)
	}
	if got := resp.header.Get("ETag"); got != `"1"` {
		t.Errorf("ETag %s, want \"1\"", got)
	}
	if got := resp.header.Get("Location"); got != sandbox.BasePath+"/businesses/demo/articles/art_00002" {
		t.Errorf("Location %s", got)
	}

	get := c.do("GET", "/businesses/demo/articles/"+a.ID, nil).want(t, http.StatusOK)
	if string(get.body) != string(resp.body) {
		t.Errorf("GET %s\nPOST %s", get.body, resp.body)
	}
	if get.header.Get("ETag") != `"1"` {
		t.Errorf("GET ETag %s", get.header.Get("ETag"))
	}

	w := c.create("workflows", workflow("Damaged"))
	if w.ID != "wf_00003" || w.Actions == nil || w.Variants == nil || w.ConditionProvider != nil || !w.Enabled {
		t.Errorf("workflow defaults: %+v", w)
	}
	w = c.create("workflows", map[string]any{
		"title": "Refund", "trigger": "t", "instructions": "i", "actions": []string{"getOrder"},
		"conditionProvider": "def evaluate_conditions(context): return {}",
		"variants":          []map[string]string{{"name": "a", "condition": "isRefunded", "instructions": "x"}},
		"enabled":           false,
	})
	if w.Enabled || len(w.Variants) != 1 || w.Variants[0].Condition != "isRefunded" || w.ConditionProvider == nil {
		t.Errorf("workflow: %+v", w)
	}
	r := c.create("bot-rules", botRule("Greet"))
	if r.ID != "rule_00005" || r.Content != "Always Greet" {
		t.Errorf("bot rule: %+v", r)
	}
}

func TestUpdateAndIfMatch(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	a := c.create("articles", article("A"))
	path := "/businesses/demo/articles/" + a.ID

	resp := c.do("PUT", path, article("A2"), "If-Match", `"1"`).want(t, http.StatusOK)
	if u := decode[resource](t, resp); u.Version != 2 || u.Title != "A2" || u.ID != a.ID {
		t.Errorf("updated %+v", u)
	}
	if resp.header.Get("ETag") != `"2"` {
		t.Errorf("ETag %s", resp.header.Get("ETag"))
	}

	stale := c.do("PUT", path, article("A3"), "If-Match", `"1"`).want(t, http.StatusPreconditionFailed, "version_conflict")
	if !strings.Contains(string(stale.body), "version 2") {
		t.Errorf("412 must name the current version: %s", stale.body)
	}
	c.do("DELETE", path, nil, "If-Match", "1").want(t, http.StatusPreconditionFailed, "version_conflict")
	c.do("PUT", path, article("A3"), "If-Match", "abc").want(t, http.StatusBadRequest, "bad_request")

	// Bare numbers, weak tags and * are accepted.
	c.do("PUT", path, article("A3"), "If-Match", "2").want(t, http.StatusOK)
	c.do("PUT", path, article("A4"), "If-Match", `W/"3"`).want(t, http.StatusOK)
	c.do("PUT", path, article("A5"), "If-Match", "*").want(t, http.StatusOK)

	// A PUT of the current content still appends a version.
	same := decode[resource](t, c.do("PUT", path, article("A5"), "If-Match", `"5"`).want(t, http.StatusOK))
	if same.Version != 6 {
		t.Errorf("identical PUT: version %d, want 6", same.Version)
	}

	c.do("PUT", "/businesses/demo/articles/art_zzzzz", article("X")).want(t, http.StatusNotFound, "not_found")
	c.do("PUT", "/businesses/demo/workflows/"+a.ID, workflow("X")).want(t, http.StatusNotFound, "not_found")
}

func TestDeleteAndRestore(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	a := c.create("articles", article("A"))
	path := "/businesses/demo/articles/" + a.ID
	c.do("PUT", path, article("A2")).want(t, http.StatusOK)

	resp := c.do("DELETE", path, nil, "If-Match", `"2"`).want(t, http.StatusNoContent)
	if len(resp.body) != 0 {
		t.Errorf("204 with body %q", resp.body)
	}
	got := decode[resource](t, c.do("GET", path, nil).want(t, http.StatusOK))
	if got.DeletedAt == nil || *got.DeletedAt != fixedTime || got.Version != 3 || got.Title != "A2" {
		t.Errorf("deleted resource: %+v", got)
	}
	if l := decode[list[resource]](t, c.do("GET", "/businesses/demo/articles", nil)); len(l.Data) != 0 {
		t.Errorf("list shows a deleted resource: %+v", l.Data)
	}
	if l := decode[list[resource]](t, c.do("GET", "/businesses/demo/articles?includeDeleted=true", nil)); len(l.Data) != 1 {
		t.Errorf("includeDeleted list: %+v", l.Data)
	}
	c.do("GET", "/businesses/demo/articles?includeDeleted=maybe", nil).want(t, http.StatusBadRequest, "bad_request")
	c.do("PUT", path, article("A3")).want(t, http.StatusNotFound, "not_found")
	c.do("DELETE", path, nil).want(t, http.StatusNotFound, "not_found")

	v := decode[sandbox.Version](t, c.do("GET", path+"/versions/3", nil).want(t, http.StatusOK))
	if v.ChangeType != sandbox.ChangeDelete || !strings.Contains(string(v.Snapshot), `"A2"`) {
		t.Errorf("delete version: %+v %s", v, v.Snapshot)
	}

	// Restoring version 1 of the deleted resource undeletes it with v1's content.
	resp = c.do("POST", path+"/versions/1/restore", nil).want(t, http.StatusOK)
	r := decode[resource](t, resp)
	if r.DeletedAt != nil || r.Title != "A" || r.Version != 4 || resp.header.Get("ETag") != `"4"` {
		t.Errorf("restored: %+v, ETag %s", r, resp.header.Get("ETag"))
	}
	v = decode[sandbox.Version](t, c.do("GET", path+"/versions/4", nil).want(t, http.StatusOK))
	if v.ChangeType != sandbox.ChangeRestore || v.RestoredFrom == nil || *v.RestoredFrom != 1 {
		t.Errorf("restore version: %+v", v)
	}
	if l := decode[list[resource]](t, c.do("GET", "/businesses/demo/articles", nil)); len(l.Data) != 1 {
		t.Errorf("restored resource missing from the list")
	}
	c.do("POST", path+"/versions/1/restore", nil, "If-Match", `"3"`).want(t, http.StatusPreconditionFailed, "version_conflict")
	c.do("POST", path+"/versions/9/restore", nil).want(t, http.StatusNotFound, "not_found")
	c.do("POST", path+"/versions/x/restore", nil).want(t, http.StatusBadRequest, "bad_request")
}

func TestVersions(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{PageSize: 2})
	a := c.create("bot-rules", botRule("R"))
	path := "/businesses/demo/bot-rules/" + a.ID
	c.do("PUT", path, botRule("R2")).want(t, http.StatusOK)
	c.do("DELETE", path, nil).want(t, http.StatusNoContent)

	page1 := decode[list[sandbox.Version]](t, c.do("GET", path+"/versions", nil).want(t, http.StatusOK))
	page2 := decode[list[sandbox.Version]](t, c.do("GET", path+"/versions?page=2", nil).want(t, http.StatusOK))
	var got []string
	for _, v := range append(page1.Data, page2.Data...) {
		got = append(got, fmt.Sprintf("%d:%s", v.Version, v.ChangeType))
	}
	if want := []string{"3:delete", "2:update", "1:create"}; !slices.Equal(got, want) {
		t.Errorf("versions %v, want newest first %v", got, want)
	}
	if page1.Pagination != (sandbox.Pagination{Page: 1, PageSize: 2, TotalItems: 3, TotalPages: 2}) {
		t.Errorf("pagination %+v", page1.Pagination)
	}
	v1 := decode[sandbox.Version](t, c.do("GET", path+"/versions/1", nil).want(t, http.StatusOK))
	if v1.RestoredFrom != nil || v1.CreatedAt.Format("2006-01-02T15:04:05Z07:00") != fixedTime ||
		string(v1.Snapshot) != `{"title":"R","content":"Always R","enabled":true}` {
		t.Errorf("version 1: %+v %s", v1, v1.Snapshot)
	}
	c.do("GET", path+"/versions/4", nil).want(t, http.StatusNotFound, "not_found")
	c.do("GET", path+"/versions/0", nil).want(t, http.StatusNotFound, "not_found")
	c.do("GET", path+"/versions/abc", nil).want(t, http.StatusBadRequest, "bad_request")
	c.do("GET", path+"/versions?page=0", nil).want(t, http.StatusBadRequest, "bad_request")
	c.do("GET", "/businesses/demo/bot-rules/rule_zzzzz/versions", nil).want(t, http.StatusNotFound, "not_found")
}

func TestPagination(t *testing.T) {
	for _, n := range []int{0, 50, 51, 120} {
		t.Run(fmt.Sprint(n, "items"), func(t *testing.T) {
			_, c := newTestServer(t, sandbox.Options{})
			for i := range n {
				c.create("bot-rules", map[string]any{"title": fmt.Sprint("rule ", i), "content": "c", "enabled": false})
			}
			wantPages := (n + 49) / 50
			var ids []string
			for page := 1; page <= wantPages+1; page++ {
				l := decode[list[resource]](t, c.do("GET", fmt.Sprintf("/businesses/demo/bot-rules?page=%d", page), nil).want(t, http.StatusOK))
				want := sandbox.Pagination{Page: page, PageSize: 50, TotalItems: n, TotalPages: wantPages}
				if l.Pagination != want {
					t.Errorf("page %d: pagination %+v, want %+v", page, l.Pagination, want)
				}
				if l.Data == nil {
					t.Fatalf("page %d: data is null", page)
				}
				wantLen := max(0, min(50, n-(page-1)*50))
				if len(l.Data) != wantLen {
					t.Errorf("page %d: %d items, want %d", page, len(l.Data), wantLen)
				}
				for _, r := range l.Data {
					ids = append(ids, r.ID)
				}
			}
			if len(ids) != n || !slices.IsSorted(ids) {
				t.Errorf("listed %d ids (sorted %v), want %d in creation order", len(ids), slices.IsSorted(ids), n)
			}
			// Omitted page is page 1.
			l := decode[list[resource]](t, c.do("GET", "/businesses/demo/bot-rules", nil).want(t, http.StatusOK))
			if l.Pagination.Page != 1 {
				t.Errorf("default page %d", l.Pagination.Page)
			}
		})
	}
	_, c := newTestServer(t, sandbox.Options{})
	for _, q := range []string{"0", "-1", "abc", "", "1.5"} {
		c.do("GET", "/businesses/demo/articles?page="+q, nil).want(t, http.StatusBadRequest, "bad_request")
	}
	c.do("GET", "/businesses?page=0", nil).want(t, http.StatusBadRequest, "bad_request")
	l := decode[list[resource]](t, c.do("GET", "/businesses/demo/articles?page=99999999999999", nil).want(t, http.StatusOK))
	if len(l.Data) != 0 {
		t.Errorf("a page past the end holds %d items", len(l.Data))
	}
}

func TestAuthentication(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	for _, key := range []string{"", "wrong-key"} {
		for _, p := range []string{"/businesses", "/businesses/demo/articles", "/businesses/demo/articles/art_00001"} {
			c.withKey(key).do("GET", p, nil).want(t, http.StatusUnauthorized, "unauthorized")
		}
		c.withKey(key).do("POST", "/businesses/demo/articles", article("A")).want(t, http.StatusUnauthorized, "unauthorized")
	}
}

func TestRoutingErrors(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	a := c.create("articles", article("A"))
	for _, p := range []string{
		"/rest/v1", "/rest/v1/", "/rest/v1/nothing", "/rest/v2/businesses", "/businesses/demo",
		"/businesses/demo/pages", "/businesses/demo/articles/", "/businesses/demo/articles/" + a.ID + "/history",
		"/businesses/demo/articles/" + a.ID + "/versions/1/undo", "/",
	} {
		c.do("GET", p, nil).want(t, http.StatusNotFound, "not_found")
	}
	c.do("GET", "/businesses/nope/articles", nil).want(t, http.StatusNotFound, "not_found")
	c.do("GET", "/businesses/demo/articles/"+a.ID+"x", nil).want(t, http.StatusNotFound, "not_found")
	for _, tc := range []struct{ method, path, allow string }{
		{"POST", "/businesses", "GET"},
		{"DELETE", "/businesses/demo/articles", "GET, POST"},
		{"POST", "/businesses/demo/articles/" + a.ID, "GET, PUT, DELETE"},
		{"PUT", "/businesses/demo/articles/" + a.ID + "/versions", "GET"},
		{"DELETE", "/businesses/demo/articles/" + a.ID + "/versions/1", "GET"},
		{"GET", "/businesses/demo/articles/" + a.ID + "/versions/1/restore", "POST"},
	} {
		resp := c.do(tc.method, tc.path, nil).want(t, http.StatusMethodNotAllowed, "method_not_allowed")
		if got := resp.header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
}

func TestBodyErrors(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	a := c.create("articles", article("A"))
	for _, body := range []string{"", "{", "[]", `"x"`, "null", `{"title":"a"} {}`, "{\"title\": \"a\",}"} {
		c.do("POST", "/businesses/demo/articles", body).want(t, http.StatusBadRequest, "bad_request")
		c.do("PUT", "/businesses/demo/articles/"+a.ID, body).want(t, http.StatusBadRequest, "bad_request")
	}
	for _, tc := range []struct {
		kind, body string
		fields     []string
	}{
		{"articles", `{"title":"a","language":"en","colour":"red"}`, []string{"colour"}},
		{"articles", `{"id":"art_1","title":"a","language":"en","version":3}`, []string{"id", "version"}},
		{"articles", `{"title":1,"language":"en","tags":"x"}`, []string{"title", "tags"}},
		{"articles", `{"title":"a","language":"en","tags":["ok",2],"enabled":"yes"}`, []string{"tags[1]", "enabled"}},
		{"workflows", `{"title":"a","trigger":"t","instructions":"i","variants":[{"name":"v","instructions":"i","when":"x"}]}`, []string{"variants[0].when"}},
		{"workflows", `{"title":"a","trigger":"t","instructions":"i","variants":[1]}`, []string{"variants[0]"}},
		{"workflows", `{"title":"a","trigger":"t","instructions":"i","conditionProvider":5}`, []string{"conditionProvider"}},
		{"bot-rules", `{"title":"a","content":"c","deletedAt":null}`, []string{"deletedAt"}},
	} {
		resp := c.do("POST", "/businesses/demo/"+tc.kind, tc.body).want(t, http.StatusUnprocessableEntity, "validation_error")
		if got := resp.details(t); !slices.Equal(got, tc.fields) {
			t.Errorf("%s: details %v, want %v", tc.body, got, tc.fields)
		}
	}
	big := `{"title":"a","language":"en","content":"` + strings.Repeat("x", sandbox.MaxBodyBytes) + `"}`
	c.do("POST", "/businesses/demo/articles", big).want(t, http.StatusRequestEntityTooLarge, "payload_too_large")
}

func TestIdempotencyKey(t *testing.T) {
	sb, c := newTestServer(t, sandbox.Options{})
	first := c.do("POST", "/businesses/demo/articles", article("A"), "Idempotency-Key", "k1").want(t, http.StatusCreated)
	if first.header.Get("Idempotent-Replayed") != "" {
		t.Error("a first create is marked as replayed")
	}
	replay := c.do("POST", "/businesses/demo/articles", article("A"), "Idempotency-Key", "k1").want(t, http.StatusCreated)
	if replay.header.Get("Idempotent-Replayed") != "true" {
		t.Error("a replay lacks Idempotent-Replayed: true")
	}
	if string(replay.body) != string(first.body) || replay.header.Get("Location") != first.header.Get("Location") {
		t.Errorf("replay %s\nfirst %s", replay.body, first.body)
	}
	if n := len(sb.State().Organizations[0].Businesses[0].Articles); n != 1 {
		t.Errorf("%d articles after a replay, want 1", n)
	}
	c.do("POST", "/businesses/demo/articles", article("B"), "Idempotency-Key", "k1").want(t, http.StatusUnprocessableEntity, "idempotency_key_reused")
	// The key is scoped to the business and kind.
	c.do("POST", "/businesses/demo/bot-rules", botRule("A"), "Idempotency-Key", "k1").want(t, http.StatusCreated)
	c.do("POST", "/businesses/demo/articles", article("A"), "Idempotency-Key", strings.Repeat("k", 256)).want(t, http.StatusBadRequest, "bad_request")
	// Without a key, the same body creates again.
	c.do("POST", "/businesses/demo/articles", article("A")).want(t, http.StatusCreated)
	c.do("POST", "/businesses/demo/articles", article("A")).want(t, http.StatusCreated)
	if n := len(sb.State().Organizations[0].Businesses[0].Articles); n != 3 {
		t.Errorf("%d articles, want 3 (titles are not unique)", n)
	}
}

func TestEnabledBotRuleLimit(t *testing.T) {
	_, c := newTestServer(t, sandbox.Options{})
	var ids []string
	for i := range config.DefaultLimits().EnabledBotRulesMax {
		ids = append(ids, c.create("bot-rules", botRule(fmt.Sprint("r", i))).ID)
	}
	resp := c.do("POST", "/businesses/demo/bot-rules", botRule("one too many")).want(t, http.StatusUnprocessableEntity, "validation_error")
	if got := resp.details(t); !slices.Equal(got, []string{"enabled"}) {
		t.Errorf("details %v", got)
	}
	off := c.create("bot-rules", map[string]any{"title": "off", "content": "c", "enabled": false})
	c.do("PUT", "/businesses/demo/bot-rules/"+off.ID, botRule("on")).want(t, http.StatusUnprocessableEntity, "validation_error")
	// Updating an already enabled rule is fine.
	c.do("PUT", "/businesses/demo/bot-rules/"+ids[0], botRule("still on")).want(t, http.StatusOK)

	// A deleted rule does not count, but restoring it counts again.
	c.do("DELETE", "/businesses/demo/bot-rules/"+ids[1], nil).want(t, http.StatusNoContent)
	c.do("PUT", "/businesses/demo/bot-rules/"+off.ID, botRule("on")).want(t, http.StatusOK)
	c.do("POST", "/businesses/demo/bot-rules/"+ids[1]+"/versions/1/restore", nil).want(t, http.StatusUnprocessableEntity, "validation_error")
}

func TestAuthors(t *testing.T) {
	seed, err := sandbox.ParseSeed([]byte(`{"organizations": [{"name": "acme",
		"apiKeys": ["key-a", {"key": "key-b", "label": "ci"}],
		"businesses": [{"slug": "eu", "name": "EU", "botRules": [{"title": "Seeded", "content": "c"}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	sb, c := newTestServer(t, sandbox.Options{Seed: seed})
	ca, cb := c.withKey("key-a"), c.withKey("key-b")
	r := decode[resource](t, ca.do("POST", "/businesses/eu/bot-rules", botRule("R")).want(t, http.StatusCreated))
	path := "/businesses/eu/bot-rules/" + r.ID
	cb.do("PUT", path, botRule("R2")).want(t, http.StatusOK)
	ca.do("PUT", path, botRule("R3"), "X-Sandbox-Actor", "user:Jane Doe").want(t, http.StatusOK)
	ca.do("DELETE", path, nil, "X-Sandbox-Actor", "user:jo").want(t, http.StatusNoContent)
	ca.do("PUT", path, botRule("R4"), "X-Sandbox-Actor", "admin:jo").want(t, http.StatusBadRequest, "bad_request")
	ca.do("POST", path+"/versions/1/restore", nil, "X-Sandbox-Actor", "user:").want(t, http.StatusBadRequest, "bad_request")

	vs := decode[list[sandbox.Version]](t, ca.do("GET", path+"/versions", nil).want(t, http.StatusOK))
	var got []string
	for _, v := range vs.Data {
		got = append(got, v.Author.Type+":"+v.Author.Name)
	}
	want := []string{"user:jo", "user:Jane Doe", "api_key:ci", "api_key:acme-key-1"}
	if !slices.Equal(got, want) {
		t.Errorf("authors %v, want %v", got, want)
	}
	seeded := sb.State().Organizations[0].Businesses[0].BotRules[0]
	if seeded.Version != 1 || seeded.Versions[0].Author != sandbox.SeedAuthor {
		t.Errorf("seeded resource: %+v", seeded)
	}
}

func TestOrganizationIsolation(t *testing.T) {
	seed, err := sandbox.ParseSeed([]byte(`{"organizations": [
		{"name": "a", "apiKeys": ["key-a"], "businesses": [{"slug": "shop", "name": "A shop"}]},
		{"name": "b", "apiKeys": ["key-b"], "businesses": [{"slug": "store", "name": "B store"}, {"slug": "shop", "name": "B shop"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, c := newTestServer(t, sandbox.Options{Seed: seed})
	ca, cb := c.withKey("key-a"), c.withKey("key-b")
	art := decode[resource](t, ca.do("POST", "/businesses/shop/articles", article("A")).want(t, http.StatusCreated))

	bl := decode[list[map[string]string]](t, cb.do("GET", "/businesses", nil).want(t, http.StatusOK))
	if len(bl.Data) != 2 || bl.Data[0]["slug"] != "store" {
		t.Errorf("org b sees businesses %v", bl.Data)
	}
	// b's own "shop" is another business: a's article is not in it.
	if l := decode[list[resource]](t, cb.do("GET", "/businesses/shop/articles", nil).want(t, http.StatusOK)); len(l.Data) != 0 {
		t.Errorf("org b lists org a's articles: %v", l.Data)
	}
	for _, p := range []string{"/businesses/shop/articles/", "/businesses/store/articles/"} {
		p += art.ID
		cb.do("GET", p, nil).want(t, http.StatusNotFound, "not_found")
		cb.do("PUT", p, article("B")).want(t, http.StatusNotFound, "not_found")
		cb.do("DELETE", p, nil).want(t, http.StatusNotFound, "not_found")
		cb.do("GET", p+"/versions", nil).want(t, http.StatusNotFound, "not_found")
		cb.do("GET", p+"/versions/1", nil).want(t, http.StatusNotFound, "not_found")
		cb.do("POST", p+"/versions/1/restore", nil).want(t, http.StatusNotFound, "not_found")
	}
	ca.do("GET", "/businesses/store/articles", nil).want(t, http.StatusNotFound, "not_found")
	ca.do("POST", "/businesses/store/articles", article("X")).want(t, http.StatusNotFound, "not_found")
	if got := decode[resource](t, ca.do("GET", "/businesses/shop/articles/"+art.ID, nil).want(t, http.StatusOK)); got.Version != 1 {
		t.Errorf("org a's article changed: %+v", got)
	}
}
