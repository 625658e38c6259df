// Package pull makes the repository's files match live state: the inverse
// of a plan. It computes the plan between the files and live state and turns
// each change around:
//
//	plan says            pull does
//	update (or drift) →  rewrite the file with the live content (canonical form)
//	delete (live only) → write a new file, named from the title
//	restore            →  remove the file: its id names a resource deleted live
//	create             →  nothing: a local file never pushed is left alone
//	unchanged          →  nothing (the file keeps its bytes and mtime), except
//	                      that a file bound by title gets the live id written in
//
// Safety: every file name is derived inside businesses/<slug>/<kind>/ whatever
// the title holds; a file with uncommitted changes is never overwritten or
// removed without Force; and nothing is written until every operation has
// been computed and checked. Writes are atomic (temp file, rename).
package pull
