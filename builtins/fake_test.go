package builtins_test

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	appv1 "go.viam.com/api/app/v1"
	commonv1 "go.viam.com/api/common/v1"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// fakeApp is a tiny AppService for what the local fleet cannot be made to
// do on demand: exact paging, a stream that fails or blocks, recorded
// requests.
type fakeApp struct {
	appv1.UnimplementedAppServiceServer

	pageSize    int
	logs        []*commonv1.LogEntry
	repeatToken bool // answer every log page with the same next token

	tailBatches [][]*commonv1.LogEntry
	tailEnd     error         // nil: block until the client goes away
	tailDone    chan struct{} // a tail stream ended on the server
	started     chan struct{} // a tail stream sent its batches

	mu       sync.Mutex
	requests []proto.Message
	chunks   []int // sizes of the file chunks received by UploadModuleFile
}

func newFakeApp() *fakeApp {
	f := &fakeApp{pageSize: 3, tailDone: make(chan struct{}, 4), started: make(chan struct{}, 4)}
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range 8 {
		f.logs = append(f.logs, &commonv1.LogEntry{
			Level:      "error",
			Time:       timestamppb.New(base.Add(time.Duration(i) * time.Second)),
			LoggerName: "rdk.resource_manager",
			Message:    "entry " + strconv.Itoa(i),
			Caller: &structpb.Struct{Fields: map[string]*structpb.Value{
				"File": structpb.NewStringValue("resource/manager.go"),
				"Line": structpb.NewNumberValue(float64(100 + i)),
			}},
		})
	}
	return f
}

func (f *fakeApp) record(m proto.Message) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, proto.Clone(m))
}

// last returns the last request recorded.
func (f *fakeApp) last() proto.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.requests) == 0 {
		return nil
	}
	return f.requests[len(f.requests)-1]
}

func (f *fakeApp) ListOrganizations(context.Context, *appv1.ListOrganizationsRequest) (*appv1.ListOrganizationsResponse, error) {
	return &appv1.ListOrganizationsResponse{Organizations: []*appv1.Organization{
		{Id: "org-1", Name: "first"}, {Id: "org-2", Name: "second"},
	}}, nil
}

func (f *fakeApp) ListLocations(_ context.Context, req *appv1.ListLocationsRequest) (*appv1.ListLocationsResponse, error) {
	f.record(req)
	return &appv1.ListLocationsResponse{Locations: []*appv1.Location{{Id: "loc-of-" + req.GetOrganizationId()}}}, nil
}

func (f *fakeApp) GetRobot(ctx context.Context, req *appv1.GetRobotRequest) (*appv1.GetRobotResponse, error) {
	f.record(req)
	if req.GetId() == "slow" { // answers only when the client gives up
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if req.GetId() != "r1" {
		return nil, status.Errorf(codes.NotFound, "machine %q not found", req.GetId())
	}
	return &appv1.GetRobotResponse{Robot: &appv1.Robot{Id: "r1", Name: "rover", Location: "loc1"}}, nil
}

func (f *fakeApp) ListRobots(_ context.Context, req *appv1.ListRobotsRequest) (*appv1.ListRobotsResponse, error) {
	f.record(req)
	return &appv1.ListRobotsResponse{Robots: []*appv1.Robot{{Id: "r1", Location: req.GetLocationId()}}}, nil
}

func (f *fakeApp) UpdateRobot(_ context.Context, req *appv1.UpdateRobotRequest) (*appv1.UpdateRobotResponse, error) {
	f.record(req)
	return &appv1.UpdateRobotResponse{Robot: &appv1.Robot{Id: req.GetId(), Name: req.GetName(), Location: req.GetLocation()}}, nil
}

func (f *fakeApp) AddRole(_ context.Context, req *appv1.AddRoleRequest) (*appv1.AddRoleResponse, error) {
	f.record(req)
	return &appv1.AddRoleResponse{}, nil
}

func (f *fakeApp) CreateKey(_ context.Context, req *appv1.CreateKeyRequest) (*appv1.CreateKeyResponse, error) {
	f.record(req)
	return &appv1.CreateKeyResponse{Key: "secret", Id: "key-1"}, nil
}

func (f *fakeApp) GetRobotPart(_ context.Context, req *appv1.GetRobotPartRequest) (*appv1.GetRobotPartResponse, error) {
	f.record(req)
	return &appv1.GetRobotPartResponse{
		Part:       &appv1.RobotPart{Id: req.GetId(), Name: "main"},
		ConfigJson: `{"components":[{"name":"arm","attributes":{"x":1,"label":"größe"}}],"services":[],"modules":{}}`,
	}, nil
}

// GetRobotPartLogs pages f.logs pageSize at a time; the token is the index
// of the next entry.
func (f *fakeApp) GetRobotPartLogs(_ context.Context, req *appv1.GetRobotPartLogsRequest) (*appv1.GetRobotPartLogsResponse, error) {
	f.record(req)
	start := 0
	if tok := req.GetPageToken(); tok != "" {
		start, _ = strconv.Atoi(tok)
	}
	end := min(start+f.pageSize, len(f.logs))
	resp := &appv1.GetRobotPartLogsResponse{Logs: f.logs[start:end]}
	if end < len(f.logs) {
		resp.NextPageToken = strconv.Itoa(end)
	}
	if f.repeatToken {
		resp.NextPageToken = strconv.Itoa(f.pageSize)
	}
	return resp, nil
}

func (f *fakeApp) TailRobotPartLogs(req *appv1.TailRobotPartLogsRequest, stream appv1.AppService_TailRobotPartLogsServer) error {
	f.record(req)
	defer func() { f.tailDone <- struct{}{} }()
	if req.GetId() == "missing" {
		return status.Error(codes.NotFound, `part "missing" not found`)
	}
	for _, batch := range f.tailBatches {
		if err := stream.Send(&appv1.TailRobotPartLogsResponse{Logs: batch}); err != nil {
			return err
		}
	}
	f.started <- struct{}{}
	if f.tailEnd != nil {
		if f.tailEnd == io.EOF {
			return nil
		}
		return f.tailEnd
	}
	<-stream.Context().Done()
	return stream.Context().Err()
}

func (f *fakeApp) UploadModuleFile(stream appv1.AppService_UploadModuleFileServer) error {
	first, err := stream.Recv()
	if err != nil {
		return err
	}
	info := first.GetModuleFileInfo()
	if info == nil {
		return status.Error(codes.InvalidArgument, "module_file_info must come first")
	}
	f.record(first)
	for {
		req, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		f.mu.Lock()
		f.chunks = append(f.chunks, len(req.GetFile()))
		f.mu.Unlock()
	}
	return stream.SendAndClose(&appv1.UploadModuleFileResponse{
		Url: fmt.Sprintf("https://example.test/%s/%s/%s", info.GetModuleId(), info.GetVersion(), info.GetPlatform()),
	})
}

var (
	_ appv1.AppServiceServer = (*fakeApp)(nil)
)

// errEOF makes the fake end a tail stream cleanly.
var errEOF = io.EOF
