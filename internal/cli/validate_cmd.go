package cli

// Placeholder: the owner of `octosync validate` replaces this file.

type validateCmd struct{}

func (validateCmd) Run(*Env) error { return errNotYet }
