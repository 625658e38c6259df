package cli

import (
	"net"
	"strings"
	"sync"
	"testing"
)

// TestTimeoutFlagStopsACommand: against a server that accepts connections
// and never answers, `plan --timeout 1s` stops after its deadline, long
// before any per-request limit, and the error names --timeout. (The only
// real-time wait of the package: one second.)
func TestTimeoutFlagStopsACommand(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never answered
			mu.Unlock()
		}
	}()
	defer func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"octosync.yaml": "version: 1\n", "businesses/demo/bot-rules/kind.yaml": "title: Kind\ncontent: Be kind.\n"})
	env := map[string]string{"OCTOCOM_API_URL": "http://" + ln.Addr().String() + "/rest/v1", "OCTOCOM_API_KEY": "k"}
	code, _, stderr := runCLI(t, env, false, "plan", "--dir", dir, "--timeout", "1s")
	if code != ExitError {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitError, stderr)
	}
	want := "Error: GET /businesses?page=1: octosync stopped after --timeout 1s; raise it (0: no limit) for a large organization or a slow server"
	if !strings.Contains(stderr, want) || strings.Contains(stderr, "interrupted") {
		t.Fatalf("stderr:\n%s\nwant: %s", stderr, want)
	}
}
