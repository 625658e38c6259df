package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
)

// TestHistorySinceUsesTheCommandsClock: --since counts back from the
// command's clock (Env.Now), so it is tested without waiting.
func TestHistorySinceUsesTheCommandsClock(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	now := t0
	seed, err := sandbox.ParseSeed([]byte(`{"organizations": [{"name": "o", "apiKeys": ["sandbox-key"], "businesses": [{"slug": "demo", "name": "Demo",
		"botRules": [{"title": "Greet", "content": "Say hello.", "enabled": true}]}]}]}`))
	must(t, err)
	_, url, client := serveSandbox(t, sandbox.Options{Seed: seed, Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})

	// Version 2, two hours after version 1.
	mu.Lock()
	now = t0.Add(2 * time.Hour)
	mu.Unlock()
	rules, err := client.List(context.Background(), "demo", resource.KindBotRule, provider.ListOptions{})
	must(t, err)
	_, err = client.Update(context.Background(), "demo", rules[0].ID, resource.BotRule{Title: "Greet", Content: "Say hello warmly.", Enabled: true}, nil, rules[0].Meta.Version)
	must(t, err)

	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"octosync.yaml": "version: 1\n", "businesses/demo/bot-rules/greet.yaml": "title: Greet\ncontent: Say hello warmly.\n"})
	var out, errb bytes.Buffer
	env := &Env{Ctx: context.Background(), Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			return map[string]string{"OCTOCOM_API_URL": url, "OCTOCOM_API_KEY": "sandbox-key"}[k]
		},
		Now: func() time.Time { return t0.Add(150 * time.Minute) }}
	if code := Run(env, []string{"history", "--dir", dir, "--business", "demo", "--since", "1h"}); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "\n2 ") || strings.Contains(out.String(), "\n1 ") {
		t.Errorf("--since 1h at 11:30 must show version 2 (11:00) and not version 1 (09:00):\n%s", out.String())
	}
}
