package stdlib

// Documentation of the go.starlark.net modules, as help() shows it.

const jsonDoc = `json: encode Starlark values as JSON and decode JSON text.

Results of fleet methods encode as their fields; keys keep field order and
output is stable.`

var jsonDocs = map[string]string{
	"encode": `json.encode(x)

Returns the JSON encoding of x: None, bools, ints, floats, strings, lists,
tuples, dicts with string keys, and fleet results. Fails on other values.`,
	"encode_indent": `json.encode_indent(x, *, prefix="", indent="\t")

Like json.encode, but each element starts a new line, indented.`,
	"decode": `json.decode(x, default=unset)

Returns the Starlark value that the JSON text x denotes (objects become
dicts, arrays lists, numbers ints or floats). Fails on invalid JSON unless
default is given, which is then returned.`,
	"indent": `json.indent(str, *, prefix="", indent="\t")

Returns the JSON text str re-indented, one element per line.`,
}

const timeDoc = `time: instants (time.time values) and durations (time.duration values).

Timestamps in fleet results are time.time values and durations
time.duration values. Constants: nanosecond, microsecond, millisecond,
second, minute, hour (durations).`

var timeDocs = map[string]string{
	"from_timestamp": `time.from_timestamp(sec, nsec=0)

Returns the time sec seconds (and nsec nanoseconds) after the Unix epoch.`,
	"is_valid_timezone": `time.is_valid_timezone(loc)

Reports whether loc is a time zone name the system knows, e.g. "Europe/Paris".`,
	"now": `time.now()

Returns the current time. Golden tests run on a fixed clock, so their output
does not change from run to run.`,
	"parse_duration": `time.parse_duration(d)

Returns the duration d denotes: a sequence of numbers with units, such as
"300ms", "1.5h" or "2h45m" (units ns, us, ms, s, m, h).`,
	"parse_time": `time.parse_time(x, format="2006-01-02T15:04:05Z07:00", location="UTC")

Returns the time x denotes, in Go's reference-time format (RFC 3339 by
default), in the given location when x has no zone.`,
	"time": `time.time(year=0, month=0, day=0, hour=0, minute=0, second=0, nanosecond=0, location="UTC")

Returns the time with the given fields in location.`,
}

const mathDoc = `math: floating-point functions and constants (e, pi).

Functions take ints or floats and return floats unless noted.`

var mathDocs = map[string]string{
	"ceil":      "math.ceil(x)\n\nReturns the smallest integer >= x.",
	"copysign":  "math.copysign(x, y)\n\nReturns x with the sign of y.",
	"fabs":      "math.fabs(x)\n\nReturns the absolute value of x.",
	"floor":     "math.floor(x)\n\nReturns the largest integer <= x.",
	"mod":       "math.mod(x, y)\n\nReturns the floating-point remainder of x/y, with the sign of x.",
	"pow":       "math.pow(x, y)\n\nReturns x raised to the power y.",
	"remainder": "math.remainder(x, y)\n\nReturns the IEEE 754 remainder of x/y.",
	"round":     "math.round(x)\n\nReturns x rounded to the nearest integer, halves away from zero.",
	"exp":       "math.exp(x)\n\nReturns e raised to the power x.",
	"sqrt":      "math.sqrt(x)\n\nReturns the square root of x.",
	"acos":      "math.acos(x)\n\nReturns the arc cosine of x, in radians.",
	"asin":      "math.asin(x)\n\nReturns the arc sine of x, in radians.",
	"atan":      "math.atan(x)\n\nReturns the arc tangent of x, in radians.",
	"atan2":     "math.atan2(y, x)\n\nReturns atan(y/x), in radians, using the signs of both to pick the quadrant.",
	"cos":       "math.cos(x)\n\nReturns the cosine of x radians.",
	"hypot":     "math.hypot(x, y)\n\nReturns sqrt(x*x + y*y).",
	"sin":       "math.sin(x)\n\nReturns the sine of x radians.",
	"tan":       "math.tan(x)\n\nReturns the tangent of x radians.",
	"degrees":   "math.degrees(x)\n\nConverts x from radians to degrees.",
	"radians":   "math.radians(x)\n\nConverts x from degrees to radians.",
	"acosh":     "math.acosh(x)\n\nReturns the inverse hyperbolic cosine of x.",
	"asinh":     "math.asinh(x)\n\nReturns the inverse hyperbolic sine of x.",
	"atanh":     "math.atanh(x)\n\nReturns the inverse hyperbolic tangent of x.",
	"cosh":      "math.cosh(x)\n\nReturns the hyperbolic cosine of x.",
	"sinh":      "math.sinh(x)\n\nReturns the hyperbolic sine of x.",
	"tanh":      "math.tanh(x)\n\nReturns the hyperbolic tangent of x.",
	"log":       "math.log(x, base=e)\n\nReturns the logarithm of x in the given base.",
	"gamma":     "math.gamma(x)\n\nReturns the Gamma function of x.",
}
