package stdlib

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/fleetscript/fleetscript/runtime/starkit"
)

// table renders rows of dict-like values (fleet results, dicts, structs)
// as aligned text, the way a person reads a list of machines.

func init() {
	register("table", starkit.NewFunc("table", tableDoc, []string{"rows", "columns"}, tableBuiltin))
}

const tableDoc = `table(rows, columns=None)

Returns rows, a list of dicts or dict-like values (fleet results, structs),
as an aligned text table: a header line, a line of dashes, then one line
per row. Print it:

  print(table(fleet.list_robots(), columns=["name", "id"]))

columns is the list of keys to show, in order; by default the keys of the
first row. A key a row lacks shows empty. Strings show as they are, None
as empty, other values as str() does; newlines and tabs in a value show
as \n and \t so each row stays on one line. Columns of numbers (and
empty cells) are right-aligned. With no rows the result is the header
alone, or "" if there are no columns either.`

// tableGap separates columns.
const tableGap = "  "

func tableBuiltin(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var rowsArg, columnsArg starlark.Value
	if err := starlark.UnpackArgs("table", args, kwargs, "rows", &rowsArg, "columns?", &columnsArg); err != nil {
		return nil, err
	}
	rows, err := tableRows(rowsArg)
	if err != nil {
		return nil, err
	}
	var columns []starlark.Value
	if columnsArg == nil || columnsArg == starlark.None {
		if len(rows) > 0 {
			columns = rowKeys(rows[0])
		}
	} else if columns, err = tableColumns(columnsArg); err != nil {
		return nil, err
	}
	if len(columns) == 0 {
		return starlark.String(""), nil
	}

	cells := make([][]string, len(rows))
	// A column is numeric, so right-aligned, when it has numbers and
	// nothing else but empty cells.
	numbers := make([]int, len(columns))
	others := make([]int, len(columns))
	for r, row := range rows {
		cells[r] = make([]string, len(columns))
		for c, col := range columns {
			v, err := rowValue(row, col)
			if err != nil {
				return nil, fmt.Errorf("rows[%d][%s]: %w", r, col, err)
			}
			cells[r][c] = cellText(v)
			switch {
			case isNumber(v):
				numbers[c]++
			case v != starlark.None:
				others[c]++
			}
		}
	}
	numeric := make([]bool, len(columns))
	for c := range columns {
		numeric[c] = numbers[c] > 0 && others[c] == 0
	}
	header := make([]string, len(columns))
	for c, col := range columns {
		header[c] = cellText(col)
	}
	return starlark.String(renderTable(header, cells, numeric)), nil
}

// tableRows collects the rows, checking each is dict-like.
func tableRows(v starlark.Value) ([]starlark.Value, error) {
	if _, ok := v.(starlark.IterableMapping); ok {
		// A dict is iterable (over its keys), but table(d) is surely a
		// mistake for table([d]).
		return nil, fmt.Errorf("for parameter rows: got %s, want a list of dicts", v.Type())
	}
	iter := starlark.Iterate(v)
	if iter == nil {
		return nil, fmt.Errorf("for parameter rows: got %s, want a list of dicts", v.Type())
	}
	defer iter.Done()
	var rows []starlark.Value
	var row starlark.Value
	for i := 0; iter.Next(&row); i++ {
		switch row.(type) {
		case starlark.IterableMapping, starlark.HasAttrs:
		default:
			return nil, fmt.Errorf("rows[%d]: got %s, want a dict or dict-like value", i, row.Type())
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func tableColumns(v starlark.Value) ([]starlark.Value, error) {
	if _, ok := v.(starlark.String); ok {
		return nil, fmt.Errorf(`for parameter columns: got string, want a list of keys (did you mean [%s]?)`, v)
	}
	iter := starlark.Iterate(v)
	if iter == nil {
		return nil, fmt.Errorf("for parameter columns: got %s, want a list of keys", v.Type())
	}
	defer iter.Done()
	var columns []starlark.Value
	var col starlark.Value
	for iter.Next(&col) {
		columns = append(columns, col)
	}
	return columns, nil
}

// rowKeys returns the keys of a row in its own order: a mapping's
// iteration order (field order for fleet results, insertion order for
// dicts), else the attribute names.
func rowKeys(row starlark.Value) []starlark.Value {
	if m, ok := row.(starlark.IterableMapping); ok {
		items := m.Items()
		keys := make([]starlark.Value, len(items))
		for i, item := range items {
			keys[i] = item[0]
		}
		return keys
	}
	names := row.(starlark.HasAttrs).AttrNames()
	keys := make([]starlark.Value, len(names))
	for i, name := range names {
		keys[i] = starlark.String(name)
	}
	return keys
}

// rowValue returns row's value for col, or None when the row lacks it.
func rowValue(row, col starlark.Value) (starlark.Value, error) {
	if m, ok := row.(starlark.IterableMapping); ok {
		v, found, err := m.Get(col)
		if err != nil || !found {
			return starlark.None, err
		}
		return v, nil
	}
	name, ok := col.(starlark.String)
	if !ok {
		return starlark.None, nil // attributes are named by strings only
	}
	v, err := row.(starlark.HasAttrs).Attr(string(name))
	if err != nil {
		if _, missing := err.(starlark.NoSuchAttrError); missing {
			return starlark.None, nil
		}
		return nil, err
	}
	if v == nil {
		return starlark.None, nil
	}
	return v, nil
}

var cellEscaper = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`)

func cellText(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.NoneType:
		return ""
	case starlark.String:
		return cellEscaper.Replace(string(v))
	default:
		return cellEscaper.Replace(v.String())
	}
}

func isNumber(v starlark.Value) bool {
	switch v.(type) {
	case starlark.Int, starlark.Float:
		return true
	}
	return false
}

// renderTable lays out the header, a rule and the rows; widths count
// runes, so accented names line up. Lines carry no trailing spaces.
func renderTable(header []string, rows [][]string, numeric []bool) string {
	widths := make([]int, len(header))
	for c, h := range header {
		widths[c] = utf8.RuneCountInString(h)
	}
	for _, row := range rows {
		for c, cell := range row {
			widths[c] = max(widths[c], utf8.RuneCountInString(cell))
		}
	}
	rule := make([]string, len(header))
	for c, w := range widths {
		rule[c] = strings.Repeat("-", w)
	}
	var b strings.Builder
	writeLine := func(cells []string) {
		var line strings.Builder
		for c, cell := range cells {
			if c > 0 {
				line.WriteString(tableGap)
			}
			pad := strings.Repeat(" ", widths[c]-utf8.RuneCountInString(cell))
			if numeric[c] {
				line.WriteString(pad + cell)
			} else {
				line.WriteString(cell + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
	}
	writeLine(header)
	b.WriteByte('\n')
	writeLine(rule)
	for _, row := range rows {
		b.WriteByte('\n')
		writeLine(row)
	}
	return b.String()
}
