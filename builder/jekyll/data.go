package jekyll

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// LoadData reads a site's data folder (Config.DataDir) into site.data as
// Jekyll's DataReader does: every .yml, .yaml and .json file is a key named
// after the file, every .csv and .tsv file a list of rows keyed by their
// header, and every folder a table of its own. A folder that does not
// exist is no data.
func LoadData(fsys fs.FS, dir string) (map[string]any, error) {
	out := map[string]any{}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		if _, statErr := fs.Stat(fsys, dir); statErr != nil {
			return out, nil
		}
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		p := path.Join(dir, name)
		if strings.HasPrefix(name, ".") {
			continue
		}
		if e.IsDir() {
			sub, err := LoadData(fsys, p)
			if err != nil {
				return nil, err
			}
			out[name] = sub
			continue
		}
		ext := strings.ToLower(path.Ext(name))
		key := strings.TrimSuffix(name, path.Ext(name))
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		switch ext {
		case ".yml", ".yaml", ".json":
			var v any
			if err := yaml.Unmarshal(b, &v); err != nil {
				return nil, yamlError(p, err)
			}
			out[key] = v
		case ".csv", ".tsv":
			rows, err := readTable(b, ext == ".tsv")
			if err != nil {
				return nil, &Error{File: p, Line: 1, Msg: err.Error() + " (check the quotes and that every row has the header's columns)"}
			}
			out[key] = rows
		}
	}
	return out, nil
}

func readTable(b []byte, tabs bool) ([]any, error) {
	r := csv.NewReader(bytes.NewReader(b))
	if tabs {
		r.Comma = '\t'
	}
	records, err := r.ReadAll()
	if err != nil || len(records) == 0 {
		return nil, err
	}
	header := records[0]
	rows := make([]any, 0, len(records)-1)
	for _, rec := range records[1:] {
		row := map[string]any{}
		for i, h := range header {
			if i < len(rec) {
				row[h] = rec[i]
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}
