package cli

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// timeoutError is the cause of a command's context when --timeout fires.
// It names the flag, so that the user knows what stopped the command.
type timeoutError struct{ limit time.Duration }

func (e *timeoutError) Error() string {
	return fmt.Sprintf("octosync stopped after --timeout %v; raise it (0: no limit) for a large organization or a slow server", e.limit)
}

// withTimeout bounds the command about to run in env by --timeout d (none
// when d is 0, and never for `sandbox serve`, which runs until stopped);
// the returned func restores env.
func withTimeout(env *Env, d time.Duration, command string) (restore func()) {
	if d <= 0 || command == "sandbox serve" {
		return func() {}
	}
	parent := env.Ctx
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithTimeoutCause(parent, d, &timeoutError{limit: d})
	saved := env.Ctx
	env.Ctx = ctx
	return func() {
		cancel()
		env.Ctx = saved
	}
}

// timedOut is err of a command that ran in ctx, naming --timeout when it
// fired and err does not say so already; ok reports whether it fired.
func timedOut(ctx context.Context, err error) (_ error, ok bool) {
	var te *timeoutError
	if err == nil || ctx == nil || !errors.As(context.Cause(ctx), &te) {
		return err, false
	}
	if errors.As(err, new(*timeoutError)) {
		return err, true
	}
	return fmt.Errorf("%v (%w)", err, te), true
}
