// Package config reads and writes octosync.yaml, the file at the root of a
// configuration repository that says how octosync behaves there:
//
//	version: 1                 # required; the only format there is
//	api:
//	  url: https://…           # optional; must agree with OCTOCOM_API_URL / --api-url
//	defaults:
//	  language: en             # for articles without `language:`
//	prune: false               # delete live resources that have no file
//	maxDeletes: 10             # refuse plans deleting more than this
//	ignore:                    # live resources octosync never touches
//	  - {kind: article, title: "Black Friday *"}
//	limits:                    # server limits, for plans that differ
//	  titleMax: 200
//
// Parse validates the file against schema/octosync.schema.json through
// yamlnode, so its diagnostics read like those of every other file
// ("unknown key `prun`: did you mean `prune`?"). A repository without the
// file gets Default, so `validate` works on a bare folder. Render writes the
// canonical, commented form that `init` and pull's bulk export create.
package config
