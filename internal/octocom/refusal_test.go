package octocom

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/octosync/octosync/internal/provider"
	"github.com/octosync/octosync/internal/resource"
	"github.com/octosync/octosync/internal/sandbox"
)

// These tests cover how a write ends when the server refuses it: an
// Idempotency-Key reused with another body, and a refusal after an earlier
// attempt that may have taken effect.

func TestIdempotencyKeyReused(t *testing.T) {
	const want = "the idempotency key was already used for a different body: "
	check := func(t *testing.T, err error) {
		t.Helper()
		if !errors.Is(err, provider.ErrValidation) {
			t.Fatalf("err = %v, want ErrValidation", err)
		}
		for _, not := range []error{provider.ErrOutcomeUnknown, provider.ErrConflict, provider.ErrNotFound} {
			if errors.Is(err, not) {
				t.Fatalf("err = %v matches %v: the server created nothing", err, not)
			}
		}
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("err = %q, want it to say %q", err, want)
		}
	}

	// The contract's answer, from the sandbox.
	t.Run("sandbox", func(t *testing.T) {
		ctx := context.Background()
		e := newEnv(t, sandbox.Options{}, Options{})
		if _, err := e.client.Create(ctx, "demo", testArticle, provider.CreateOptions{IdempotencyKey: "create-1"}); err != nil {
			t.Fatal(err)
		}
		other := testArticle
		other.Title = "Another title"
		_, err := e.client.Create(ctx, "demo", other, provider.CreateOptions{IdempotencyKey: "create-1"})
		var apiErr *Error
		if !errors.As(err, &apiErr) || apiErr.Status != 422 || apiErr.Code != "idempotency_key_reused" {
			t.Fatalf("err = %v, want the contract's 422 idempotency_key_reused", err)
		}
		check(t, err)
	})
	// Recognized by its code, whatever the status.
	for _, status := range []int{422, 409, 400} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			c, s, _, _ := scripted(t, Options{}, apiStep(status, "idempotency_key_reused", "key k1 was used with another body"), ok200)
			err := ops["POST"](c)
			check(t, err)
			if s.count() != 1 {
				t.Fatalf("%d requests, want 1", s.count())
			}
		})
	}
	// Any other 409 is not about the key.
	t.Run("other 409", func(t *testing.T) {
		c, _, _, _ := scripted(t, Options{}, apiStep(409, "conflict", "no"))
		if err := ops["POST"](c); err == nil || strings.Contains(err.Error(), "idempotency") {
			t.Fatalf("err = %v", err)
		}
	})
}

// Once an attempt of a PUT or DELETE may have taken effect (lost connection,
// 5xx), the write's final error matches ErrOutcomeUnknown however the later
// attempts end.
func TestRefusalAfterLostWriteIsUnknown(t *testing.T) {
	long429 := step{status: 429, body: `{"error":{"code":"rate_limited","message":"quota exhausted","details":[]}}`, header: map[string]string{"Retry-After": "3600"}}
	tests := []struct {
		name string
		then step
		is   error  // the sentinel the refusal alone would match, now dropped
		text string // the error still says why the retry stopped
	}{
		{"long Retry-After", long429, provider.ErrRateLimited, "429 rate_limited: quota exhausted: the server asks to wait 1h0m0s before retrying"},
		{"422", apiStep(422, "validation_error", "title: too long"), provider.ErrValidation, "refused: 422 validation_error: title: too long"},
		{"400", apiStep(400, "bad_request", "malformed"), provider.ErrValidation, "refused: 400 bad_request: malformed"},
		{"401", apiStep(401, "unauthorized", "no"), provider.ErrUnauthorized, "the API key was rejected"},
		{"403", apiStep(403, "forbidden", "no"), provider.ErrUnauthorized, "refused: 403 forbidden: no"},
		{"409", apiStep(409, "conflict", "busy"), nil, "refused: 409 conflict: busy"},
		{"412", apiStep(412, "version_conflict", "version is 2"), provider.ErrConflict, "412 version_conflict (perhaps because the lost attempt took effect)"},
	}
	for _, op := range []string{"PUT", "DELETE"} {
		for lostName, lost := range map[string]step{"drop": drop, "500": fail500} {
			for _, tt := range tests {
				t.Run(op+" "+lostName+" then "+tt.name, func(t *testing.T) {
					c, s, _, _ := scripted(t, Options{}, lost, tt.then, success(op))
					err := ops[op](c)
					if !errors.Is(err, provider.ErrOutcomeUnknown) {
						t.Fatalf("err = %v, want ErrOutcomeUnknown: the lost attempt may have taken effect", err)
					}
					if tt.is != nil && errors.Is(err, tt.is) {
						t.Fatalf("err = %v also matches %v", err, tt.is)
					}
					if !strings.Contains(err.Error(), tt.text) || !strings.Contains(err.Error(), "run plan") {
						t.Fatalf("err = %q, want it to contain %q and advice", err, tt.text)
					}
					if strings.Contains(err.Error(), testKey) {
						t.Fatalf("err = %q shows the key", err)
					}
					if s.count() != 2 {
						t.Fatalf("%d requests, want 2", s.count())
					}
				})
			}
		}
	}

	t.Run("cancelled during the backoff", func(t *testing.T) {
		c, s, _, _ := scripted(t, Options{}, drop, ok200)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		c.sleep = func(ctx context.Context, _ time.Duration) error {
			cancel()
			return ctx.Err()
		}
		_, err := c.Update(ctx, "demo", "art_1", testArticle, nil, 1)
		if !errors.Is(err, provider.ErrOutcomeUnknown) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want ErrOutcomeUnknown and context.Canceled", err)
		}
		if s.count() != 1 {
			t.Fatalf("%d requests, want 1", s.count())
		}
	})

	// A read, or a write with no ambiguous attempt, keeps the plain error.
	t.Run("GET", func(t *testing.T) {
		c, _, _, _ := scripted(t, Options{}, drop, long429)
		_, err := c.Get(context.Background(), "demo", resource.KindArticle, "art_1")
		if !errors.Is(err, provider.ErrRateLimited) || errors.Is(err, provider.ErrOutcomeUnknown) {
			t.Fatalf("err = %v, want ErrRateLimited only", err)
		}
	})
	t.Run("PUT 429 then long Retry-After", func(t *testing.T) {
		c, _, _, _ := scripted(t, Options{}, limit429, long429)
		err := ops["PUT"](c)
		if !errors.Is(err, provider.ErrRateLimited) || errors.Is(err, provider.ErrOutcomeUnknown) {
			t.Fatalf("err = %v, want ErrRateLimited only: a 429 was not processed", err)
		}
	})
}
