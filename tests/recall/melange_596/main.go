// Shape of chainguard-dev/melange#596: the bubblewrap runner copied the
// files installed in a guest with a deferred Close per file inside the
// loop; guests with more files than RLIMIT_NOFILE failed with "too many
// open files".
package main

import (
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
)

func copyGuestFiles(src, dst string, files []string) error {
	for _, name := range files {
		in, err := os.Open(filepath.Join(src, name))
		if err != nil {
			return err
		}
		defer in.Close() // want RT006
		info, err := in.Stat()
		if err != nil {
			return err
		}
		out, err := os.OpenFile(filepath.Join(dst, name), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode()&fs.ModePerm)
		if err != nil {
			return err
		}
		defer out.Close() // want RT006
		if _, err := io.Copy(out, in); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	if err := copyGuestFiles("/var/lib/guest", os.TempDir(), []string{"etc/os-release"}); err != nil {
		log.Println(err)
	}
}
