package golden

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// render lays out what one run produced as a golden file holds it (Record
// runs the script, render writes its record down).
func render(stdout []byte, errText string, writeDir string) ([]byte, error) {
	var b bytes.Buffer
	b.Write(stdout)
	if errText != "" {
		b.WriteString("--- error ---\n")
		b.WriteString(errText)
		if errText[len(errText)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	files, err := writtenFiles(writeDir)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(writeDir, filepath.FromSlash(f)))
		if err != nil {
			return nil, err
		}
		if len(data) > 0 && data[len(data)-1] != '\n' {
			b.WriteString("--- file: " + f + " (no final newline) ---\n")
			b.Write(data)
			b.WriteByte('\n')
			continue
		}
		b.WriteString("--- file: " + f + " ---\n")
		b.Write(data)
	}
	return b.Bytes(), nil
}

// writtenFiles lists the regular files under dir, "/"-separated and
// sorted, so the record does not depend on the file system's order.
func writtenFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}
