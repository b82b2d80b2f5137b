// Shape of google/goblet#27: seedRepository extracted a tar archive with
// `defer outFile.Close()` inside the loop over its entries, so every file
// of the archive stayed open until the whole extraction returned and large
// archives ran out of file descriptors.
package main

import (
	"archive/tar"
	"errors"
	"io"
	"log"
	"os"
	"path/filepath"
)

func seedRepository(archive io.Reader, dir string) error {
	tr := tar.NewReader(archive)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		path := filepath.Join(dir, filepath.Clean("/"+hdr.Name))
		if hdr.Typeflag == tar.TypeDir {
			if err := os.MkdirAll(path, 0o755); err != nil {
				return err
			}
			continue
		}
		outFile, err := os.Create(path)
		if err != nil {
			return err
		}
		defer outFile.Close() // want RT006
		if _, err := io.Copy(outFile, tr); err != nil {
			return err
		}
	}
}

func main() {
	f, err := os.Open("seed.tar")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := seedRepository(f, os.TempDir()); err != nil {
		log.Fatal(err)
	}
}
