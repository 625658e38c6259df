package cli

// Placeholder: the owner of `octosync pull` replaces this file.

type pullCmd struct{}

func (pullCmd) Run(*Env) error { return errNotYet }
