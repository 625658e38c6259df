package apply

// Hook observes a run, for progress display. Calls come from several
// goroutines; implementations synchronise themselves.
type Hook interface {
	// Start is called once with the number of changes that will be tried.
	Start(total int)
	// Done is called after each change, whatever its outcome.
	Done(r Result)
}

type nopHook struct{}

func (nopHook) Start(int)   {}
func (nopHook) Done(Result) {}
