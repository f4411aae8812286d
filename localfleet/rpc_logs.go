package localfleet

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	apppb "go.viam.com/api/app/v1"
	commonpb "go.viam.com/api/common/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// logPageSize is the most entries one GetRobotPartLogs page holds, as on
// app.viam.com.
const logPageSize = 100

// logQuery is a validated GetRobotPartLogs request.
type logQuery struct {
	partID     string
	levels     []string // lowercase; empty = all
	filter     string
	start, end int64 // inclusive bounds, Unix ns
	ascending  bool
	after      *pageToken
	limit      int
}

// GetRobotPartLogs returns one page of a part's logs, newest first unless
// the request asks for ascending order, with an opaque next_page_token that
// is "" on the last page.
func (s *service) GetRobotPartLogs(ctx context.Context, req *apppb.GetRobotPartLogsRequest) (*apppb.GetRobotPartLogsResponse, error) {
	row, _, err := s.requirePart(ctx, "id", req.GetId(), permReadRobotLogs)
	if err != nil {
		return nil, err
	}
	q, err := s.parseLogQuery(row.part.Id, req)
	if err != nil {
		return nil, err
	}
	return s.logPage(ctx, q)
}

func (s *service) parseLogQuery(partID string, req *apppb.GetRobotPartLogsRequest) (logQuery, error) {
	q := logQuery{partID: partID, filter: req.GetFilter(), start: -1 << 63, end: 1<<63 - 1, limit: logPageSize}
	for _, l := range req.GetLevels() {
		q.levels = append(q.levels, strings.ToLower(l))
	}
	if len(q.levels) == 0 && req.GetErrorsOnly() { //nolint:staticcheck // the CLI still sends the deprecated flag
		q.levels = []string{"error"}
	}
	switch req.GetOrder() {
	case apppb.LogOrder_LOG_ORDER_UNSPECIFIED, apppb.LogOrder_LOG_ORDER_DESCENDING:
	case apppb.LogOrder_LOG_ORDER_ASCENDING:
		q.ascending = true
	default:
		return q, invalidArgf("order: unknown log order %d", req.GetOrder())
	}
	if n := req.GetLimit(); n < 0 {
		return q, invalidArgf("limit: must not be negative, got %d", n)
	} else if n > 0 && n < logPageSize {
		q.limit = int(n)
	}
	if err := s.applyLogRange(&q, req); err != nil {
		return q, err
	}
	if tok := req.GetPageToken(); tok != "" {
		t, err := decodePageToken("logs", tok)
		if err != nil {
			return q, err
		}
		q.after = &t
	}
	return q, nil
}

// applyLogRange sets the time bounds from start, end and range (API.md
// §3.1): range with only end is [end-range, end], with only start
// [start, start+range], with neither [now-range, now]; with both it is an
// error.
func (s *service) applyLogRange(q *logQuery, req *apppb.GetRobotPartLogsRequest) error {
	if req.Start != nil {
		q.start = req.GetStart().AsTime().UnixNano()
	}
	if req.End != nil {
		q.end = req.GetEnd().AsTime().UnixNano()
	}
	if req.Range == nil {
		return nil
	}
	d, err := parseLogRange(req.GetRange())
	if err != nil {
		return err
	}
	switch {
	case req.Start != nil && req.End != nil:
		return invalidArgf("range: cannot be combined with both start and end; drop one of the three")
	case req.End != nil:
		q.start = q.end - int64(d)
	case req.Start != nil:
		q.end = q.start + int64(d)
	default:
		q.end = s.clock.Now().UnixNano()
		q.start = q.end - int64(d)
	}
	return nil
}

// parseLogRange reads "10m", "10h" or "10d".
func parseLogRange(r string) (time.Duration, error) {
	units := map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}
	if len(r) >= 2 {
		if unit, ok := units[r[len(r)-1]]; ok {
			if n, err := strconv.Atoi(r[:len(r)-1]); err == nil && n > 0 {
				return time.Duration(n) * unit, nil
			}
		}
	}
	return 0, invalidArgf("range: %q is not a duration like \"10m\", \"10h\" or \"10d\"", r)
}

// logPage runs one page query. It walks the (part_id, time, id) index from
// the requested end and stops after limit+1 matches, so its cost does not
// grow with the number of lines stored.
func (s *service) logPage(ctx context.Context, q logQuery) (*apppb.GetRobotPartLogsResponse, error) {
	var sb strings.Builder
	args := []any{q.partID, q.start, q.end}
	sb.WriteString(`SELECT id, time, entry FROM logs WHERE part_id = ? AND time >= ? AND time <= ?`)
	cmp, order := "<", "DESC"
	if q.ascending {
		cmp, order = ">", "ASC"
	}
	if q.after != nil {
		fmt.Fprintf(&sb, ` AND (time, id) %s (?, ?)`, cmp)
		args = append(args, q.after.time, q.after.id)
	}
	if len(q.levels) > 0 {
		sb.WriteString(` AND level IN (?` + strings.Repeat(", ?", len(q.levels)-1) + `)`)
		for _, l := range q.levels {
			args = append(args, l)
		}
	}
	if q.filter != "" {
		sb.WriteString(` AND instr(message, ?) > 0`)
		args = append(args, q.filter)
	}
	fmt.Fprintf(&sb, ` ORDER BY time %s, id %s LIMIT ?`, order, order)
	args = append(args, q.limit+1)

	rows, err := s.db.QueryContext(ctx, sb.String(), args...)
	if err != nil {
		return nil, storageError("get logs", err)
	}
	defer rows.Close()
	resp := &apppb.GetRobotPartLogsResponse{Logs: make([]*commonpb.LogEntry, 0, q.limit)}
	var last pageToken
	for rows.Next() {
		if len(resp.Logs) == q.limit {
			resp.NextPageToken = last.encode("logs")
			break
		}
		var blob []byte
		if err := rows.Scan(&last.id, &last.time, &blob); err != nil {
			return nil, storageError("get logs", err)
		}
		e := &commonpb.LogEntry{}
		if err := proto.Unmarshal(blob, e); err != nil {
			return nil, storageError("get logs", err)
		}
		resp.Logs = append(resp.Logs, e)
	}
	if err := rows.Err(); err != nil {
		return nil, storageError("get logs", err)
	}
	return resp, nil
}

// TailRobotPartLogs streams the part's log entries appended after the
// stream opened (its headers arrive once it listens), in batches, never an
// empty one. It ends when the client cancels or the server stops.
func (s *service) TailRobotPartLogs(req *apppb.TailRobotPartLogsRequest, stream apppb.AppService_TailRobotPartLogsServer) error {
	ctx := stream.Context()
	row, _, err := s.requirePart(ctx, "id", req.GetId(), permReadRobotLogs)
	if err != nil {
		return err
	}
	sub := s.tails.subscribe(row.part.Id)
	defer s.tails.unsubscribe(row.part.Id, sub)
	// The headers go out once the tail is subscribed: a client that waits
	// for them (stream.Header) knows that every entry appended from then on
	// reaches it.
	if err := stream.SendHeader(nil); err != nil {
		return err
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.done:
			return nil
		case <-sub.ready:
		}
		batch := tailFilter(sub.take(), req.GetErrorsOnly(), req.GetFilter())
		for len(batch) > 0 { // empty after filtering: nothing is sent
			n := min(len(batch), maxTailBatch)
			if err := stream.Send(&apppb.TailRobotPartLogsResponse{Logs: batch[:n]}); err != nil {
				return err
			}
			batch = batch[n:]
		}
	}
}

// maxTailBatch keeps a burst of appended lines within gRPC's default 4 MiB
// message limit by sending it as several batches.
const maxTailBatch = 500

func tailFilter(entries []*commonpb.LogEntry, errorsOnly bool, filter string) []*commonpb.LogEntry {
	out := entries[:0]
	for _, e := range entries {
		if errorsOnly && !strings.EqualFold(e.GetLevel(), "error") {
			continue
		}
		if filter != "" && !strings.Contains(e.GetMessage(), filter) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// appendLogs stores entries for a part in one transaction and then hands
// them to open tails. An entry without a time gets the fleet's clock.
func (s *service) appendLogs(ctx context.Context, partID string, entries []*commonpb.LogEntry) error {
	if !isUUID(partID) {
		return fmt.Errorf("localfleet: AppendLogs: %q is not a part id", partID)
	}
	for i, e := range entries {
		if e == nil || e.GetLevel() == "" {
			return fmt.Errorf("localfleet: AppendLogs: entries[%d]: a level is required", i)
		}
	}
	var stored []*commonpb.LogEntry
	err := inTx(ctx, s.db, func(tx *txn) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM parts WHERE id = ?`, partID).Scan(&one); err == sql.ErrNoRows {
			return notFound("part", partID)
		} else if err != nil {
			return err
		}
		var err error
		stored, err = s.insertLogs(ctx, tx, partID, entries)
		return err
	})
	if err != nil {
		return fmt.Errorf("localfleet: AppendLogs: %w", err)
	}
	s.tails.publish(partID, stored)
	return nil
}

// insertLogs writes entries and returns them as stored: an entry without a
// time is copied and given the fleet's clock; the others are stored as
// they are.
func (s *service) insertLogs(ctx context.Context, tx *txn, partID string, entries []*commonpb.LogEntry) ([]*commonpb.LogEntry, error) {
	stored := make([]*commonpb.LogEntry, len(entries))
	rows := make([]logRow, len(entries))
	for i, e := range entries {
		if e.Time == nil {
			e = proto.Clone(e).(*commonpb.LogEntry)
			e.Time = timestamppb.New(s.clock.Now())
		}
		row, err := logRowOf(e)
		if err != nil {
			return nil, err
		}
		stored[i], rows[i] = e, row
	}
	return stored, insertLogRows(ctx, tx, partID, rows)
}
