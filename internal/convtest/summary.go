package convtest

// Summary counts the results of a run.
type Summary struct {
	Passed, Failed, Skipped int
}

// Summarize counts results.
func Summarize(results []Result) Summary {
	var s Summary
	for _, r := range results {
		switch {
		case r.Skipped:
			s.Skipped++
		case r.OK:
			s.Passed++
		default:
			s.Failed++
		}
	}
	return s
}

// Needed is the fewest passing runs that make t pass.
func Needed(t *Test) int {
	n := 0
	for n < t.Repeat && !enough(n, t.Repeat, t.PassRate) {
		n++
	}
	return n
}

// FirstFailed is the first run of r that did not pass.
func FirstFailed(r Result) (RunResult, bool) {
	for _, run := range r.Runs {
		if !run.Passed(r.Test) {
			return run, true
		}
	}
	return RunResult{}, false
}
