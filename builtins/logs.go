package builtins

import (
	"fmt"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
	appv1 "go.viam.com/api/app/v1"
	commonv1 "go.viam.com/api/common/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
)

var logMethods = []spec{
	{
		name: "get_robot_part_logs", rpc: "GetRobotPartLogs",
		params: []param{
			idParam("robot_part_id", "id", "ID of the machine part to get logs from."),
			{name: "filter", field: "filter", def: starlark.String(""),
				doc: "Only include logs whose message contains this string. \"\" means no filter."},
			{name: "dest", kind: kindString, def: none, id: true,
				doc: "File (under the write root) to write the log entries to, one line each as the Python SDK writes them."},
			{name: "errors_only", kind: kindBool, def: true_,
				doc: "True: error-level logs only. False: every level. Ignored when log_levels is given."},
			{name: "num_log_entries", kind: kindInt, def: starlark.MakeInt(100),
				doc: "Number of log entries to return; 0 returns all. Pages of 100 are fetched until enough arrived."},
			{name: "log_levels", field: "levels", def: none,
				doc: "Levels to include (\"debug\", \"info\", \"warn\", \"error\"); wins over errors_only."},
			{name: "start", field: "start", def: none, doc: "Only logs at or after this time.time."},
			{name: "end", field: "end", def: none, doc: "Only logs before this time.time."},
			{name: "order", kind: kindString, def: none,
				doc: "\"ascending\" (oldest first) or \"descending\" (newest first, the server's default)."},
			{name: "range", field: "range", def: none,
				doc: "Time window such as \"10m\", \"10h\" or \"10d\", ending at end (or now), or starting at start."},
		},
		result:  []string{"logs"},
		pages:   &paging{tokenField: "page_token", nextField: "next_page_token", limit: numLogEntries},
		summary: "Get the logs associated with a specific machine part.",
		returns: "the log entries (host, level, time, logger_name, message, caller, stack, fields), in server order.",
		errors:  "NOT_FOUND for an unknown part id; INVALID_ARGUMENT for range together with both start and end. An error writing dest fails the call.",
		build:   buildLogsRequest,
		after:   writeLogsDest,
	},
	{
		name: "tail_robot_part_logs", rpc: "TailRobotPartLogs",
		params: []param{
			idParam("robot_part_id", "id", "ID of the machine part to retrieve logs from."),
			{name: "errors_only", field: "errors_only", def: true_,
				doc: "True: error-level logs only. False: every level."},
			{name: "filter", field: "filter", def: starlark.String(""),
				doc: "Only include logs whose message contains this string. \"\" means no filter."},
			{name: "limit", kind: kindInt, def: none,
				doc: "Stop after this many batches. None: no limit."},
			{name: "timeout", kind: kindSeconds, def: none,
				doc: "Stop this long after iteration starts (seconds or time.duration). None: no limit."},
		},
		resultType: "iterable of lists of LogEntry",
		summary: "Receive live machine part logs. The result is an iterable of batches (lists of log entries); " +
			"each iteration opens the stream, which ends when the server ends it, after limit batches, " +
			"after timeout, or when the script is cancelled. Empty batches are skipped.",
		returns: "`for batch in fleet.tail_robot_part_logs(id, limit=3): ...`",
		errors:  "NOT_FOUND for an unknown part id, raised while iterating: it stops the script.",
		build:   checkTailArgs,
		run:     startTail,
	},
}

// buildLogsRequest maps errors_only and order onto the request and checks
// the arguments only hooks read.
func buildLogsRequest(c *call, req protoreflect.Message) error {
	if n, _ := c.int("num_log_entries"); n < 0 {
		return fmt.Errorf("num_log_entries: must not be negative, got %d", n)
	}
	if err := checkDest(c); err != nil {
		return err
	}
	r := req.Interface().(*appv1.GetRobotPartLogsRequest)
	if c.value("log_levels") == starlark.None && c.value("errors_only") == starlark.True {
		r.Levels = []string{"error"}
	}
	if order, ok := c.str("order"); ok {
		o, err := parseLogOrder(order)
		if err != nil {
			return err
		}
		r.Order = &o
	}
	return nil
}

func parseLogOrder(s string) (appv1.LogOrder, error) {
	switch strings.ToLower(s) {
	case "ascending", "asc", "log_order_ascending":
		return appv1.LogOrder_LOG_ORDER_ASCENDING, nil
	case "descending", "desc", "log_order_descending":
		return appv1.LogOrder_LOG_ORDER_DESCENDING, nil
	}
	return 0, fmt.Errorf("order: want \"ascending\" or \"descending\", got %q", s)
}

func numLogEntries(c *call) (int, error) {
	n, _ := c.int("num_log_entries")
	return int(n), nil
}

// writeLogsDest writes the entries to dest in the Python SDK's layout.
func writeLogsDest(c *call, resp protoreflect.Message) error {
	return writeDest(c, func() ([]byte, error) {
		var b strings.Builder
		for _, e := range resp.Interface().(*appv1.GetRobotPartLogsResponse).GetLogs() {
			writeLogLine(&b, e)
		}
		return []byte(b.String()), nil
	})
}

// writeLogLine writes one entry as the Python SDK does:
// f"{time}\t{level}\t{logger_name}\t{file_name:<64}{message}\n", where time
// is a naive UTC datetime, level upper-cased, logger_name its first dotted
// component and file_name "File:Line" from the caller.
func writeLogLine(b *strings.Builder, e *commonv1.LogEntry) {
	b.WriteString(pythonTime(e))
	b.WriteByte('\t')
	b.WriteString(strings.ToUpper(e.GetLevel()))
	b.WriteByte('\t')
	logger, _, _ := strings.Cut(e.GetLoggerName(), ".")
	b.WriteString(logger)
	b.WriteByte('\t')
	fmt.Fprintf(b, "%-64s", callerFileLine(e))
	b.WriteString(e.GetMessage())
	b.WriteByte('\n')
}

// pythonTime formats like str(datetime): microseconds only when non-zero.
func pythonTime(e *commonv1.LogEntry) string {
	if e.GetTime() == nil {
		return "None"
	}
	t := e.GetTime().AsTime().UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02 15:04:05.000000")
}

func callerFileLine(e *commonv1.LogEntry) string {
	fields := e.GetCaller().GetFields()
	file := fields["File"].GetStringValue()
	line := int64(fields["Line"].GetNumberValue())
	return file + ":" + strconv.FormatInt(line, 10)
}
