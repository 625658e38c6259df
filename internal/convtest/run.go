package convtest

import (
	"context"
	"errors"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/octosync/octosync/internal/provider"
)

// Options shape a Run.
type Options struct {
	// Parallelism is the most conversations in flight at once; 0 means 1.
	// Pass the API client's own bound.
	Parallelism int
	// Now is the clock of durations; nil means time.Now.
	Now func() time.Time
}

// Result is the outcome of one test.
type Result struct {
	Test *Test
	// Skipped is set for a test left out by SkipTag; it has no runs.
	Skipped bool
	Runs    []RunResult
	// Passed counts the runs that passed; OK says whether enough did
	// (Passed ≥ PassRate × Repeat).
	Passed   int
	OK       bool
	Duration time.Duration
}

// RunResult is one conversation of a test.
type RunResult struct {
	// Turns holds the turns that were played, in order: all of them, or
	// up to the first that failed.
	Turns []TurnResult
	// Err is an API error that ended the conversation.
	Err      error
	Duration time.Duration
}

// Passed reports whether the run played every turn with every expectation
// holding.
func (r RunResult) Passed(t *Test) bool {
	if r.Err != nil || len(r.Turns) != len(t.Turns) {
		return false
	}
	for _, tr := range r.Turns {
		if len(tr.Failures) > 0 {
			return false
		}
	}
	return true
}

// TurnResult is one turn as played: the reply and the expectations it
// broke.
type TurnResult struct {
	Turn     *Turn
	Reply    provider.Reply
	Failures []Failure
}

// Failure is one expectation that did not hold, and why.
type Failure struct {
	Expectation Expectation
	Why         string
}

// Run plays tests against bot and returns one Result per test, in the
// order of tests. skipped tests (see Test.Skipped) are reported without
// being run. It returns early, with an error, only when ctx is cancelled or
// the API refuses the key (provider.ErrUnauthorized), which no conversation
// could get past; any other API error fails just its conversation.
func Run(ctx context.Context, bot provider.Conversations, tests, skipped []*Test, opts Options) ([]Result, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	results := make([]Result, len(tests), len(tests)+len(skipped))
	for i, t := range tests {
		results[i] = Result{Test: t, Runs: make([]RunResult, t.Repeat)}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(opts.Parallelism, 1))
	for i, t := range tests {
		for n := range t.Repeat {
			g.Go(func() error {
				if gctx.Err() != nil {
					return gctx.Err()
				}
				run := runOnce(gctx, bot, t, now)
				if errors.Is(run.Err, provider.ErrUnauthorized) {
					// No conversation can succeed: stop them all.
					return run.Err
				}
				results[i].Runs[n] = run
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i := range results {
		r := &results[i]
		for _, run := range r.Runs {
			r.Duration += run.Duration
			if run.Passed(r.Test) {
				r.Passed++
			}
		}
		r.OK = enough(r.Passed, r.Test.Repeat, r.Test.PassRate)
	}
	for _, t := range skipped {
		results = append(results, Result{Test: t, Skipped: true, OK: true})
	}
	return results, nil
}

// enough reports whether passed of runs meets rate, with a tolerance for
// rates written as rounded fractions (0.33 of 3 runs is 1 run).
func enough(passed, runs int, rate float64) bool {
	return float64(passed)+1e-9 >= rate*float64(runs)-0.005*float64(runs)
}

// runOnce plays one conversation of t, turn by turn, stopping at the first
// turn with a failure or at an API error.
func runOnce(ctx context.Context, bot provider.Conversations, t *Test, now func() time.Time) RunResult {
	start := now()
	var out RunResult
	defer func() { out.Duration = now().Sub(start) }()
	id, err := bot.StartConversation(ctx, t.Business)
	if err != nil {
		out.Err = err
		return out
	}
	for i := range t.Turns {
		turn := &t.Turns[i]
		r, err := bot.SendMessage(ctx, t.Business, id, turn.Customer)
		if err != nil {
			out.Err = err
			return out
		}
		tr := TurnResult{Turn: turn, Reply: r}
		for _, e := range turn.Expect {
			if ok, why := e.Check(r); !ok {
				tr.Failures = append(tr.Failures, Failure{Expectation: e, Why: why})
			}
		}
		out.Turns = append(out.Turns, tr)
		if len(tr.Failures) > 0 {
			return out
		}
	}
	return out
}
