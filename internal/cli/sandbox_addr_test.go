package cli

import (
	"net"
	"strings"
	"testing"
)

// TestSandboxServeOnABusyPortSuggestsAFreeOne: the error names --addr and
// the way out, --addr 127.0.0.1:0, not the raw bind error alone.
func TestSandboxServeOnABusyPortSuggestsAFreeOne(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, stderr := runCLI(t, nil, false, "sandbox", "serve", "--addr", ln.Addr().String(), "--data", t.TempDir()+"/state.json")
	if code != ExitError {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitError, stderr)
	}
	want := "--addr " + ln.Addr().String() + ": the address is already in use"
	if !strings.Contains(stderr, want) || !strings.Contains(stderr, "--addr 127.0.0.1:0") {
		t.Fatalf("stderr:\n%s\nwant %q and the suggestion --addr 127.0.0.1:0", stderr, want)
	}
}
