package cli

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/octosync/octosync/internal/apply"
)

// progress shows an apply's progress on stderr: one live line (done/total,
// rate, ETA) on a terminal. Otherwise one plain line per finished change
// only when stdout holds the JSON report: with the text report on stdout,
// a CI log that merges both streams would show every change twice.
type progress struct {
	env   *Env
	mu    sync.Mutex
	total int
	done  int
	start time.Time
	live  bool
	lines bool
}

var _ apply.Hook = (*progress)(nil)

func newProgress(env *Env, jsonReport bool) *progress {
	return &progress{env: env, live: env.StderrTerminal, lines: !env.StderrTerminal && jsonReport}
}

func (p *progress) Start(total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total, p.start = total, time.Now()
	if !p.live && total > 0 {
		fmt.Fprintf(p.env.Stderr, "Applying %d change(s)...\n", total)
	}
}

func (p *progress) Done(r apply.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if !p.live {
		if !p.lines {
			return
		}
		k := r.Change.Key
		line := fmt.Sprintf("[%d/%d] %s %s %s/%s %s", p.done, p.total, r.Outcome, r.Change.Action, k.Business, k.Kind, strconv.Quote(k.Title))
		if r.Outcome == apply.Failed {
			line += ": " + strconv.QuoteToGraphic(r.Reason)
		}
		fmt.Fprintln(p.env.Stderr, line)
		return
	}
	elapsed := time.Since(p.start).Seconds()
	rate := float64(p.done) / max(elapsed, 0.001)
	eta := time.Duration(float64(p.total-p.done) / max(rate, 0.001) * float64(time.Second))
	fmt.Fprintf(p.env.Stderr, "\r\033[K%d/%d changes  %.1f/s  ETA %s", p.done, p.total, rate, eta.Round(time.Second))
}

// finish ends the live line.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.live && p.done > 0 {
		fmt.Fprintln(p.env.Stderr)
	}
}
