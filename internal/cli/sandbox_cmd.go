package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/octosync/octosync/internal/sandbox"
)

type sandboxCmd struct {
	Serve sandboxServeCmd `cmd:"" help:"Serve the Octocom API emulator over HTTP."`
	Reset sandboxResetCmd `cmd:"" help:"Start a repository's --sandbox state over (from its sandbox-seed.json)."`
}

// sandboxServeCmd runs the sandbox until SIGINT or SIGTERM.
type sandboxServeCmd struct {
	Addr      string        `default:"127.0.0.1:8080" placeholder:"HOST:PORT" help:"Address to listen on (default ${default}); port 0 picks a free port."`
	Seed      string        `placeholder:"FILE" help:"JSON seed: organizations, API keys, businesses and resources (used on first start only)."`
	Data      string        `placeholder:"FILE" help:"Persist the state in FILE; when it exists it is loaded and wins over --seed."`
	Latency   time.Duration `placeholder:"DURATION" help:"Delay added to every API request, e.g. 50ms."`
	RateLimit float64       `placeholder:"N" help:"Requests per second allowed per API key; 0 turns rate limiting off."`
	Burst     int           `placeholder:"N" help:"Token bucket capacity per API key (default: the rate limit, at least 1)."`
	PageSize  int           `default:"50" placeholder:"N" help:"Items per page of every list (default ${default})."`
	FailRate  float64       `placeholder:"F" help:"Probability (0-1) that an API request fails: a 500 before any effect, a 500 after a write committed, or a dropped connection."`
	FaultSeed int64         `placeholder:"N" help:"Seed of the fault injector; the same seed fails the same requests."`
	BotFlaky  int           `name:"bot-flaky-every" placeholder:"N" help:"Make the test bot hand off in every N-th conversation, to exercise repeat and passRate; 0 (default) never."`
}

func (sandboxServeCmd) Help() string {
	return `The sandbox emulates the Octocom REST API under /rest/v1, in memory or
persisted in --data. Without --seed it has one organization with the API key
"sandbox-key" and one business "demo".

When it is ready it prints one line, "sandbox listening on
http://HOST:PORT/rest/v1", on stdout. It stops cleanly on SIGINT and SIGTERM.

Besides the API it serves GET /_sandbox/requests (the request log),
DELETE /_sandbox/requests (clear it) and GET /_sandbox/state (a dump without
API key values). A write sent with "X-Sandbox-Actor: user:<name>" counts as an
edit in the dashboard by <name>.

It also serves read-only macros from the seed, and Bot Conversations answered
by a deterministic test bot (the best-matching enabled workflow, else article,
else a handoff) for ` + "`octosync test`" + `; --bot-flaky-every N makes every N-th
conversation hand off. See docs/conversation-tests.md.`
}

func (c *sandboxServeCmd) Run(env *Env) error {
	opts := sandbox.Options{
		DataFile:      c.Data,
		Latency:       c.Latency,
		RateLimit:     c.RateLimit,
		Burst:         c.Burst,
		PageSize:      c.PageSize,
		FailRate:      c.FailRate,
		FaultSeed:     c.FaultSeed,
		BotFlakyEvery: c.BotFlaky,
	}
	if c.PageSize < 1 {
		return fmt.Errorf("--page-size %d: must be at least 1", c.PageSize)
	}
	if c.Seed != "" {
		seed, err := sandbox.LoadSeed(c.Seed)
		if err != nil {
			return err
		}
		opts.Seed = seed
	}
	sb, err := sandbox.New(opts)
	if errors.Is(err, sandbox.ErrInUse) {
		return fmt.Errorf("%w: stop it, or use another --data file", err)
	}
	if err != nil {
		return err
	}
	defer sb.Close()
	ln, err := net.Listen("tcp", c.Addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("--addr %s: the address is already in use (another sandbox serve?): stop what listens there, or pass --addr 127.0.0.1:0 for a free port (the URL is printed)", c.Addr)
	}
	if err != nil {
		return fmt.Errorf("--addr %s: %w", c.Addr, err)
	}
	srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(env.Stdout, "sandbox listening on http://%s%s\n", ln.Addr(), sandbox.BasePath)

	select {
	case err := <-served:
		return err
	case <-env.Ctx.Done():
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("sandbox: shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
