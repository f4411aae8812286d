package repl

// defaultFormatError renders errors until runtime.FormatError is available.
func defaultFormatError(err error) string { return err.Error() }
