package cli

// Placeholder: the owner of `octosync plan` replaces this file.

type planCmd struct{}

func (planCmd) Run(*Env) error { return errNotYet }
