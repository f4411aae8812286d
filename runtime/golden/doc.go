// Package golden runs golden script tests: NAME.star beside NAME.golden.
//
// Each test runs on a fresh deterministic local fleet, with a temporary
// write root, its own directory as read root, and a fixed clock, so its
// output is byte-stable. The golden file records, in order:
//
//	what the script printed (stdout), as is
//	--- error ---                 only if the script failed: the error as
//	<message and backtrace>       the command prints it
//	--- file: PATH ---            for each file the script wrote under the
//	<contents>                    write root, in path order ("/"-separated);
//	                              a file without a final newline gets one
//	                              and its header says "(no final newline)"
//
// A script chooses its fleet and arguments with header comments (leading
// "#" lines):
//
//	# fleet: NAME      a builtin fixture (localfleet.BuiltinFixture), else
//	                   fleets/NAME.json beside the script or
//	                   testdata/fleets/NAME.json in it or an ancestor
//	                   directory; default: the demo fixture
//	# argv: A "B C"    the script's argv, split on spaces; quotes ("..."
//	                   or '...') keep spaces inside one argument
//
// A mismatch is reported as a unified diff (golden -> actual); with Update
// the golden file is rewritten instead.
package golden
