package localfleet

import (
	"fmt"
	"strings"
	"testing"
	"time"

	apppb "go.viam.com/api/app/v1"
	commonpb "go.viam.com/api/common/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/timestamppb"
)

var logBase = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// logFleet is a fleet with one fresh part holding n logs, one per second
// from logBase; every 5th is an error, the others info; message "line <i>".
func logFleet(t *testing.T, n int) (*testFleet, string) {
	t.Helper()
	f := openTestFleet(t, Options{Fixture: mustFixture(t, "empty")})
	partID := f.parts(f.newRobot(f.locationID("Main Location"), "logger"))[0].Id
	entries := make([]*commonpb.LogEntry, n)
	for i := range entries {
		level := "info"
		if i%5 == 0 {
			level = "ERROR"
		}
		entries[i] = &commonpb.LogEntry{Level: level, Message: fmt.Sprintf("line %d", i), LoggerName: "rdk.test", Time: timestamppb.New(logBase.Add(time.Duration(i) * time.Second))}
	}
	if err := f.srv.AppendLogs(ctx, partID, entries...); err != nil {
		t.Fatal(err)
	}
	return f, partID
}

func mustFixture(t *testing.T, name string) *Fixture {
	t.Helper()
	fx, ok := BuiltinFixture(name)
	if !ok {
		t.Fatalf("no built-in fixture %q", name)
	}
	return fx
}

func messages(logs []*commonpb.LogEntry) []string {
	out := make([]string, len(logs))
	for i, e := range logs {
		out[i] = e.Message
	}
	return out
}

func TestGetRobotPartLogsPaging(t *testing.T) {
	f, partID := logFleet(t, 250)
	seen := map[string]bool{}
	var token string
	var sizes []int
	prev := time.Time{}
	for {
		page, err := f.app.GetRobotPartLogs(ctx, &apppb.GetRobotPartLogsRequest{Id: partID, PageToken: &token})
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(page.Logs))
		for _, e := range page.Logs {
			if seen[e.Message] {
				t.Fatalf("%q returned twice", e.Message)
			}
			seen[e.Message] = true
			if !prev.IsZero() && e.Time.AsTime().After(prev) {
				t.Fatalf("not newest first: %v after %v", e.Time.AsTime(), prev)
			}
			prev = e.Time.AsTime()
		}
		token = page.NextPageToken
		if token == "" {
			break
		}
	}
	if fmt.Sprint(sizes) != "[100 100 50]" || len(seen) != 250 {
		t.Fatalf("page sizes %v, %d distinct entries; want [100 100 50] and 250", sizes, len(seen))
	}
}

func TestGetRobotPartLogsFilters(t *testing.T) {
	f, partID := logFleet(t, 50)
	at := func(i int) *timestamppb.Timestamp {
		return timestamppb.New(logBase.Add(time.Duration(i) * time.Second))
	}
	tests := []struct {
		name string
		req  *apppb.GetRobotPartLogsRequest
		want string // messages, newest first unless asked otherwise
	}{
		{"levels any case", &apppb.GetRobotPartLogsRequest{Levels: []string{"Error"}}, "line 45,line 40,line 35,line 30,line 25,line 20,line 15,line 10,line 5,line 0"},
		{"errors_only", &apppb.GetRobotPartLogsRequest{ErrorsOnly: true, Filter: ptr("line 4")}, "line 45,line 40"},
		{"substring", &apppb.GetRobotPartLogsRequest{Filter: ptr("line 1")}, "line 19,line 18,line 17,line 16,line 15,line 14,line 13,line 12,line 11,line 10,line 1"},
		{"start and end", &apppb.GetRobotPartLogsRequest{Start: at(10), End: at(12)}, "line 12,line 11,line 10"},
		{"ascending", &apppb.GetRobotPartLogsRequest{Start: at(10), End: at(12), Order: apppb.LogOrder_LOG_ORDER_ASCENDING.Enum()}, "line 10,line 11,line 12"},
		{"range after start", &apppb.GetRobotPartLogsRequest{Start: at(47), Range: ptr("1m")}, "line 49,line 48,line 47"},
		{"range before end", &apppb.GetRobotPartLogsRequest{End: at(2), Range: ptr("1h")}, "line 2,line 1,line 0"},
		{"limit", &apppb.GetRobotPartLogsRequest{Limit: ptr(int64(2))}, "line 49,line 48"},
		{"no match", &apppb.GetRobotPartLogsRequest{Filter: ptr("absent")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Id = partID
			resp, err := f.app.GetRobotPartLogs(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(messages(resp.Logs), ","); got != tt.want {
				t.Fatalf("got %s\nwant %s", got, tt.want)
			}
		})
	}
	errs := []struct {
		name string
		req  *apppb.GetRobotPartLogsRequest
		code codes.Code
		msg  string
	}{
		{"range with start and end", &apppb.GetRobotPartLogsRequest{Id: partID, Start: at(1), End: at(2), Range: ptr("1m")}, codes.InvalidArgument, "range"},
		{"bad range", &apppb.GetRobotPartLogsRequest{Id: partID, Range: ptr("ten minutes")}, codes.InvalidArgument, "range"},
		{"bad token", &apppb.GetRobotPartLogsRequest{Id: partID, PageToken: ptr("!!")}, codes.InvalidArgument, "page_token"},
		{"unknown part", &apppb.GetRobotPartLogsRequest{Id: unknownUUID}, codes.NotFound, "part"},
		{"no part", &apppb.GetRobotPartLogsRequest{}, codes.InvalidArgument, "id"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.app.GetRobotPartLogs(ctx, tt.req)
			wantCode(t, err, tt.code, tt.msg)
		})
	}
}

func TestAppendLogsErrors(t *testing.T) {
	f, partID := logFleet(t, 0)
	if err := f.srv.AppendLogs(ctx, unknownUUID, &commonpb.LogEntry{Level: "info"}); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("AppendLogs to unknown part = %v", err)
	}
	if err := f.srv.AppendLogs(ctx, "x", &commonpb.LogEntry{Level: "info"}); err == nil {
		t.Fatal("AppendLogs to malformed id succeeded")
	}
	if err := f.srv.AppendLogs(ctx, partID, &commonpb.LogEntry{Message: "no level"}); err == nil {
		t.Fatal("AppendLogs without a level succeeded")
	}
}

// waitForTail waits for the stream's headers, which the server sends once
// the tail is subscribed, so that entries appended next are ones the stream
// must see.
func waitForTail(t *testing.T, stream grpc.ClientStream) {
	t.Helper()
	if _, err := stream.Header(); err != nil {
		t.Fatalf("tail headers: %v", err)
	}
}

func TestTailRobotPartLogs(t *testing.T) {
	f, partID := logFleet(t, 10) // entries from before the tail opened are not replayed
	stream, err := f.app.TailRobotPartLogs(ctx, &apppb.TailRobotPartLogsRequest{Id: partID, ErrorsOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	waitForTail(t, stream)
	// Only info lines: filtered out entirely, so no (empty) batch is sent.
	if err := f.srv.AppendLogs(ctx, partID, &commonpb.LogEntry{Level: "info", Message: "quiet"}); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.AppendLogs(ctx, partID,
		&commonpb.LogEntry{Level: "info", Message: "skip"},
		&commonpb.LogEntry{Level: "error", Message: "boom"}); err != nil {
		t.Fatal(err)
	}
	batch, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(messages(batch.Logs), ","); got != "boom" {
		t.Fatalf("first batch = %q, want only the new error", got)
	}
	if batch.Logs[0].Time == nil {
		t.Fatal("an appended entry without a time should get the fleet's time")
	}
}

func TestTailEndsWhenServerStops(t *testing.T) {
	f, partID := logFleet(t, 0)
	stream, err := f.app.TailRobotPartLogs(ctx, &apppb.TailRobotPartLogsRequest{Id: partID})
	if err != nil {
		t.Fatal(err)
	}
	waitForTail(t, stream)
	go f.srv.GracefulStop()
	if _, err := stream.Recv(); err == nil {
		t.Fatal("stream still open after GracefulStop")
	}
}

func TestTailErrors(t *testing.T) {
	f, _ := logFleet(t, 0)
	stream, err := f.app.TailRobotPartLogs(ctx, &apppb.TailRobotPartLogsRequest{Id: unknownUUID})
	if err == nil {
		_, err = stream.Recv()
	}
	wantCode(t, err, codes.NotFound, "part")
}
