package sandbox_test

import (
	"net/http"
	"testing"

	"github.com/octosync/octosync/internal/sandbox"
)

// faultOf returns the fault the sandbox logged for its last request.
func lastLogged(t *testing.T, sb *sandbox.Server) sandbox.LoggedRequest {
	t.Helper()
	log := sb.Requests()
	if len(log) == 0 {
		t.Fatal("empty request log")
	}
	return log[len(log)-1]
}

// TestFaultModes sends writes with every request failing and checks each
// mode's promise: a 500 "before" changed nothing, a 500 "after" committed
// the write, a dropped connection gives the client a transport error.
func TestFaultModes(t *testing.T) {
	sb, c := newTestServer(t, sandbox.Options{FaultSeed: 7})
	seen := map[string]bool{}
	for i := 0; i < 60 && len(seen) < 3; i++ {
		before := len(sb.State().Organizations[0].Businesses[0].BotRules)
		sb.SetFailRate(1)
		resp, err := c.try("POST", "/businesses/demo/bot-rules", map[string]any{"title": "r", "content": "c", "enabled": false})
		sb.SetFailRate(0)
		after := len(sb.State().Organizations[0].Businesses[0].BotRules)
		logged := lastLogged(t, sb)
		seen[logged.Fault] = true
		switch logged.Fault {
		case "before":
			if err != nil || resp.status != http.StatusInternalServerError || resp.errCode(t) != "internal_error" {
				t.Fatalf("before: %v %+v", err, resp)
			}
			if after != before {
				t.Errorf("a fault before any effect created a resource")
			}
		case "after":
			if err != nil || resp.status != http.StatusInternalServerError {
				t.Fatalf("after: %v %+v", err, resp)
			}
			if after != before+1 {
				t.Errorf("a fault after commit lost the write")
			}
		case "drop":
			if err == nil {
				t.Fatalf("drop: the client got a response: %d %s", resp.status, resp.body)
			}
			if logged.Status != 0 {
				t.Errorf("a dropped request is logged with status %d, want 0", logged.Status)
			}
			if after != before+1 {
				t.Errorf("a dropped connection happens after the write: want it committed")
			}
		default:
			t.Fatalf("fail rate 1 let a request through: %+v", logged)
		}
	}
	if len(seen) != 3 {
		t.Errorf("modes seen: %v, want before, after and drop", seen)
	}

	// Reads never fail "after"; /_sandbox endpoints never fail.
	sb.SetFailRate(1)
	for range 30 {
		c.try("GET", "/businesses", nil)
		if f := lastLogged(t, sb).Fault; f != "before" && f != "drop" {
			t.Fatalf("a read failed with %q", f)
		}
		c.do("GET", "/_sandbox/state", nil).want(t, http.StatusOK)
	}
}

// TestFaultsAreDeterministic checks that a fault seed fails the same
// requests of the same sequence.
func TestFaultsAreDeterministic(t *testing.T) {
	run := func(seed int64) []string {
		sb, c := newTestServer(t, sandbox.Options{FailRate: 0.4, FaultSeed: seed})
		// net/http retries an idempotent request once when a reused
		// connection drops; fresh connections keep one request per try.
		c.http = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		for range 40 {
			c.try("GET", "/businesses", nil)
			c.try("POST", "/businesses/demo/articles", article("A"))
		}
		var out []string
		for _, r := range sb.Requests() {
			out = append(out, r.Fault)
		}
		return out
	}
	a, b, other := run(42), run(42), run(43)
	if len(a) != 80 {
		t.Fatalf("%d requests logged", len(a))
	}
	failed := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("request %d: fault %q, then %q with the same seed", i, a[i], b[i])
		}
		if a[i] != "" {
			failed++
		}
	}
	if failed < 15 || failed > 50 {
		t.Errorf("%d of 80 requests failed at rate 0.4", failed)
	}
	if equal := func() bool {
		for i := range a {
			if a[i] != other[i] {
				return false
			}
		}
		return true
	}(); equal {
		t.Error("two fault seeds fail the same requests")
	}
}
