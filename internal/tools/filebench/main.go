//go:build linux

// Command filebench times the kernel's own cost of a bulk export's files:
// it reads every file under SRC (but its .git folder) into memory, then creates the same tree
// under DST (a folder that must not exist) with nothing else, one
// O_CREATE|O_EXCL file after another, and flushes it once (syncfs on
// Linux), as a bulk export does. scripts/bench-scale.sh runs it on the
// export it times (workload "files"), so that the growth of a larger
// export's system time can be told apart from octosync's own.
//
// It prints one line: "files N seconds S user U system Y", S being the
// time from the first folder created to the end of the flush, U and Y the
// CPU time the process spent meanwhile in user space and in the kernel.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: filebench SRC DST")
		os.Exit(2)
	}
	n, d, user, sys, err := run(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "filebench:", err)
		os.Exit(1)
	}
	fmt.Printf("files %d seconds %.3f user %.3f system %.3f\n", n, d.Seconds(), user.Seconds(), sys.Seconds())
}

// cpuTime is the CPU time the process has used, in user space and in the
// kernel.
func cpuTime() (user, sys time.Duration) {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

type file struct {
	rel  string
	data []byte
}

func run(src, dst string) (n int, wall, user, sys time.Duration, err error) {
	var dirs []string
	var files []file
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		switch {
		case d.IsDir() && d.Name() == ".git":
			return filepath.SkipDir
		case d.IsDir():
			dirs = append(dirs, rel)
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files = append(files, file{rel, data})
		}
		return nil
	})
	if err != nil {
		return 0, 0, 0, 0, err
	}
	if _, err := os.Lstat(dst); err == nil {
		return 0, 0, 0, 0, fmt.Errorf("%s exists already", dst)
	}
	start := time.Now()
	user0, sys0 := cpuTime()
	for _, d := range dirs {
		if err := os.Mkdir(filepath.Join(dst, d), 0o755); err != nil {
			return 0, 0, 0, 0, err
		}
	}
	for _, f := range files {
		out, err := os.OpenFile(filepath.Join(dst, f.rel), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		_, err = out.Write(f.data)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return 0, 0, 0, 0, err
		}
	}
	root, err := os.Open(dst)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer root.Close()
	if err := unix.Syncfs(int(root.Fd())); err != nil {
		return 0, 0, 0, 0, err
	}
	wall = time.Since(start)
	user1, sys1 := cpuTime()
	return len(files), wall, user1 - user0, sys1 - sys0, nil
}
