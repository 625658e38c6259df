package cli

// Placeholder: the owner of `octosync init` replaces this file.

type initCmd struct{}

func (initCmd) Run(*Env) error { return errNotYet }
