package mutants

import "io/fs"

// NoFileCheck opens names safely with os.Root but never asks whether the
// name is a regular file. A directory opens fine, then io.Copy fails on
// its first read, and the client gets a closed connection and no reason.
func NoFileCheck(dir string) (Server, error) {
	return rootParts{open: openNoBlock, refuse: func(fs.FileInfo) bool {
		return false // BUG: f may be a directory
	}, notFound: notFound}.server(dir)
}
