// Shape of kubernetes-sigs/kubebuilder#5688: handlePluginResponse wrote
// every file of an external plugin's response with `defer f.Close()` in
// the loop, holding one descriptor per file until the function returned.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

type pluginResponse struct {
	Universe map[string]string
	Error    bool
}

func handlePluginResponse(root string, res pluginResponse) error {
	if res.Error {
		return fmt.Errorf("plugin failed")
	}
	for path, content := range res.Universe {
		full := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		f, err := os.Create(full)
		if err != nil {
			return err
		}
		defer f.Close() // want RT006
		if _, err := f.WriteString(content); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	return nil
}

func main() {
	res := pluginResponse{Universe: map[string]string{"api/v1/types.go": "package v1\n"}}
	if err := handlePluginResponse(os.TempDir(), res); err != nil {
		fmt.Println(err)
	}
}
