// Shape of mstruebing/tldr#22: unzipping the pages archive deferred the
// Close of every zip entry and every output file inside the loop, and the
// cache build failed with "too many open files"; the fix moved the loop
// body into its own function.
package main

import (
	"archive/zip"
	"io"
	"log"
	"os"
	"path/filepath"
)

func unzipPages(archive, dest string) error {
	r, err := zip.OpenReader(archive)
	if err != nil {
		return err
	}
	defer r.Close()
	for _, f := range r.File {
		path := filepath.Join(dest, filepath.Clean("/"+f.Name))
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(path, 0o755); err != nil {
				return err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		defer rc.Close() // want RT006
		out, err := os.Create(path)
		if err != nil {
			return err
		}
		defer out.Close() // want RT006
		if _, err := io.Copy(out, rc); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	home, _ := os.UserHomeDir()
	if err := unzipPages(filepath.Join(home, ".tldr", "pages.zip"), filepath.Join(home, ".tldr")); err != nil {
		log.Fatal(err)
	}
}
