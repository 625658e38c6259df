// Package safewrite writes files inside a folder without ever following a
// symbolic link, so that a repository cloned from someone else cannot
// redirect octosync's writes (pull's files, the sandbox's state, its lock
// and .gitignore) to a file outside it.
//
// A Dir is opened on a folder the operator chose (the repository root, or
// the folder of a --data file); symbolic links above it are the operator's
// business and are followed. Below it, every method takes a slash-separated
// relative path and refuses, with a *LinkError naming the link, when any
// component of that path is a symbolic link, whether it points inside the
// folder or not. Opening goes through os.Root, so even a link planted
// between the check and the write cannot lead outside the folder, and
// files are opened with O_NOFOLLOW where the system has it.
//
// WriteFile is the one atomic write of the project: the content goes to a
// temporary file beside the target, is flushed to disk, and is renamed over
// the target; the folder is flushed too, so that the rename survives a
// crash. A reader sees the old file or the new one, never a mix. WriteFiles
// does the same for many files at once: all of them are written before any
// is renamed, and durability is paid once per batch where the system can
// flush a whole filesystem (syncfs on Linux): one flush before the renames
// when the batch replaces existing files, one after them. New files (a
// bulk export) have no earlier content to protect, so a crash may leave
// one of them empty or short; a replaced file is never half-replaced.
//
// WritePath is for a file the user names on the command line (plan --out,
// test --junit): every component below the working directory is checked,
// folders as well as the file. Symlink makes a link without following one,
// for gitrepo.Materialize's copy of a commit.
package safewrite
