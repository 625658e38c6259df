package cli

// Placeholder: the sandbox owner replaces this file.

type sandboxCmd struct {
	Serve sandboxServeCmd `cmd:"" help:"Serve the Octocom API emulator over HTTP."`
}

type sandboxServeCmd struct{}

func (sandboxServeCmd) Run(*Env) error { return errNotYet }
