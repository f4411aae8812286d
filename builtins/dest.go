package builtins

import (
	"errors"
	"fmt"
)

// The dest= parameter of get_robot_part and get_robot_part_logs writes
// the result to a file under the write root.

// checkDest refuses dest= before the RPC is sent when the run may not
// write files.
func checkDest(c *call) error {
	if _, ok := c.str("dest"); ok && c.env.Write == nil {
		return errors.New("dest: writing files is not allowed (no write root)")
	}
	return nil
}

// writeDest writes what render makes of the response to dest, when dest=
// was given (render is not called otherwise).
func writeDest(c *call, render func() ([]byte, error)) error {
	dest, ok := c.str("dest")
	if !ok {
		return nil
	}
	data, err := render()
	if err != nil {
		return fmt.Errorf("dest: %w", err)
	}
	if err := c.env.Write.WriteFile(dest, data); err != nil {
		return fmt.Errorf("dest: %w", err)
	}
	return nil
}
