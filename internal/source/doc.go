// Package source reads a configuration repository from disk and turns it
// into desired state: the parsed octosync.yaml, the declared business
// folders, one document per resource file and one resource.Resource per
// document, plus every problem found on the way as diagnostics.
//
// The layout it accepts (docs/design.md §9) is
//
//	octosync.yaml
//	businesses/<slug>/articles/<name>.md
//	businesses/<slug>/workflows/<name>.yaml   (+ <name>.py condition providers)
//	businesses/<slug>/bot-rules/<name>.yaml
//	businesses/<slug>/tests/<name>.yaml       (conversation tests: Repo.Tests)
//	businesses/<slug>/macros/<name>.yaml      (exported macros: Repo.Macros)
//
// with .yml accepted beside .yaml. Dotfiles and dot-folders (.git, .octosync,
// .DS_Store, .gitkeep) are skipped everywhere, and nothing outside
// businesses/ except octosync.yaml is read. Inside businesses/ the layout is
// strict, because a file in the wrong place is silently not synced: a
// misnamed folder, a misplaced file or a wrong extension is a diagnostic
// that says where the file should go. Images and other assets that articles
// link to may live in the kind folders and in sub-folders; they are not
// resources and are not reported.
//
// Load never stops at the first problem: structural problems of a file
// (reported by package document) and layout problems (reported here) all end
// up in Repo.Diags, so a user sees everything at once. Semantic checks that
// look across files (duplicate titles, server limits, links) belong to
// package lint, which runs over a loaded Repo.
//
// Symbolic links are followed only when they resolve to a regular file inside
// the repository; anything else is reported, so a repository never reads
// from outside its root. businesses/ itself must be a real folder: a link
// there is an error, since pull would write through it (writes never follow
// links: package safewrite). Even such a link is an error as a resource file, a
// condition provider or octosync.yaml: git records the link, not the
// content, so drift detection (package history, which reads files from
// commits) would never find the file's versions and would report
// octosync's own writes as drift. Resolving links inside git trees instead
// would make a folder's history depend on files elsewhere, which the
// folder-by-folder history walk cannot see change. Linked assets are fine.
// Files are parsed concurrently, but every output is
// sorted, so two loads of the same tree are identical.
//
// Load is Scan then Scanned.Read: Scan reads octosync.yaml and walks the
// folders (the Layout: root, configuration, businesses), Read reads and
// parses the files. Plan and apply connect and fetch live state with the
// Layout while Read runs.
package source
