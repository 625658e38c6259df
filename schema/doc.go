// Package schema embeds the machine-readable contracts: the OpenAPI document
// of the Octocom REST API and the JSON Schemas of octosync's file formats.
package schema
