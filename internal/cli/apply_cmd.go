package cli

// Placeholder: the owner of `octosync apply` replaces this file.

type applyCmd struct{}

func (applyCmd) Run(*Env) error { return errNotYet }
