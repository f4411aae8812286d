package localfleet

import (
	"context"
	"fmt"
	"strings"

	commonpb "go.viam.com/api/common/v1"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// logRow is a log entry as stored: the columns pages filter and order on,
// and the entry's encoding.
type logRow struct {
	time    int64 // Unix ns
	level   string
	message string
	entry   []byte
}

func logRowOf(e *commonpb.LogEntry) (logRow, error) {
	blob, err := proto.Marshal(e)
	if err != nil {
		return logRow{}, fmt.Errorf("encode log entry: %w", err)
	}
	return logRow{time: e.GetTime().AsTime().UnixNano(), level: strings.ToLower(e.GetLevel()), message: e.GetMessage(), entry: blob}, nil
}

// logInsertBatch rows go into one INSERT: SQLite's cost per statement is
// larger than its cost per row.
const logInsertBatch = 64

func insertLogRows(ctx context.Context, tx *txn, partID string, rows []logRow) error {
	for len(rows) > 0 {
		n := min(len(rows), logInsertBatch)
		query := `INSERT INTO logs (part_id, time, level, message, entry) VALUES (?, ?, ?, ?, ?)` +
			strings.Repeat(`, (?, ?, ?, ?, ?)`, n-1)
		args := make([]any, 0, 5*n)
		for _, r := range rows[:n] {
			args = append(args, partID, r.time, r.level, r.message, r.entry)
		}
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("insert log entries: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

// logTimeField is the field number of LogEntry.time.
var logTimeField = (&commonpb.LogEntry{}).ProtoReflect().Descriptor().Fields().ByName("time").Number()

// timedLogRow makes the row of a line encoded without its time (template)
// at the given time: protobuf encodings concatenate as a merge, so the
// template followed by the encoded time field is the whole entry. Fixtures
// repeat a few catalog lines hundreds of times; this encodes each once.
func timedLogRow(template []byte, level, message string, at *timestamppb.Timestamp) (logRow, error) {
	ts, err := proto.Marshal(at)
	if err != nil {
		return logRow{}, fmt.Errorf("encode log time: %w", err)
	}
	blob := make([]byte, 0, len(template)+len(ts)+4)
	blob = append(blob, template...)
	blob = protowire.AppendTag(blob, logTimeField, protowire.BytesType)
	blob = protowire.AppendBytes(blob, ts)
	return logRow{time: at.AsTime().UnixNano(), level: strings.ToLower(level), message: message, entry: blob}, nil
}
