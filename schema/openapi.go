package schema

import _ "embed"

// OpenAPI is the OpenAPI 3.0 document (YAML) of the Octocom REST API as
// octosync knows it: docs/design.md §8 in machine-readable form. The octosync
// client's requests and the sandbox's responses are both tested against it.
//
//go:embed openapi.yaml
var OpenAPI []byte
